// var<"x">: a variable named by a compile-time string, and the binding `x = 1.0` that gives it a
// value. Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expression.hpp>

#include <type_traits>

namespace ctgrad {

// binding<V, T>: the value of variable V for one evaluation, made by `v = value`.
template <class V, Number T>
struct binding {
  using variable = V;
  using value_type = T;
  T value;
};

// var<Name>: the variable called Name. Two variables with the same name are the same variable.
// `constexpr var<"x"> x;` declares one; `x = 1.0` binds it.
template <fixed_string Name>
struct var : expression_interface<var<Name>> {
  static constexpr fixed_string name = Name;

  // x = value: a binding of this variable, to pass to an evaluation (`f(x = 1.0)`).
  template <Number T>
  constexpr binding<var, T> operator=(T value) const {
    return {value};
  }
};

namespace detail {
template <class T>
inline constexpr bool is_variable_v = false;
template <fixed_string Name>
inline constexpr bool is_variable_v<var<Name>> = true;

template <class T>
inline constexpr bool is_binding_v = false;
template <class V, class T>
inline constexpr bool is_binding_v<binding<V, T>> = true;
}  // namespace detail

// Variable: a var<Name> type.
template <class T>
concept Variable = detail::is_variable_v<std::remove_cvref_t<T>>;

// Binding: the result of `variable = value`.
template <class T>
concept Binding = detail::is_binding_v<std::remove_cvref_t<T>>;

}  // namespace ctgrad
