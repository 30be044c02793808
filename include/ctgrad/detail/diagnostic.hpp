// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/variable.hpp>

#include <cstddef>
#include <utility>

// Compile errors that name a variable. A static_assert message must be a literal, so the name is
// spelled into the condition instead: both GCC and Clang print `variable_<'w', '1'>` in full.

namespace ctgrad::diagnostic {

// variable_<Name...>: the variable whose name is spelled Name...; its members state what is wrong.
template <char... Name>
struct variable_ {
  static constexpr bool is_bound = false;
  static constexpr bool is_bound_only_once = false;
  static constexpr bool has_a_place_that_fits_its_gradient = false;
  static constexpr bool is_a_variable_of_the_function = false;
};

}  // namespace ctgrad::diagnostic

namespace ctgrad::detail {

template <fixed_string Name, std::size_t... I>
constexpr bool report_unbound(std::index_sequence<I...>) {
  static_assert(diagnostic::variable_<Name.data[I]...>::is_bound,
                "ctgrad: a variable of the expression is not bound; bind it in the call, "
                "e.g. f(x = 1.0, w = 2.0)");
  return false;
}

template <fixed_string Name, std::size_t... I>
constexpr bool report_bound_twice(std::index_sequence<I...>) {
  static_assert(diagnostic::variable_<Name.data[I]...>::is_bound_only_once,
                "ctgrad: a variable is bound more than once in the same call");
  return false;
}

template <fixed_string Name, std::size_t... I>
constexpr bool report_misfit_place(std::index_sequence<I...>) {
  static_assert(
      diagnostic::variable_<Name.data[I]...>::has_a_place_that_fits_its_gradient,
      "ctgrad: into: the place given for a variable's gradient does not fit it: a scalar "
      "variable's gradient goes into a number of the computation's type (a double&, or a "
      "float& when the bindings are float), a tensor variable's into a tensor of its shape "
      "or a contiguous range of that type (std::array, C array, std::span, std::vector) "
      "with as many elements, none of them const");
  return false;
}

template <fixed_string Name, std::size_t... I>
constexpr bool report_unknown_binding(std::index_sequence<I...>) {
  static_assert(diagnostic::variable_<Name.data[I]...>::is_a_variable_of_the_function,
                "ctgrad: a binding of the call names a variable that the function does not "
                "contain (a misspelled name?); bind only its variables and the ones it is "
                "differentiated by, or pass a bind(...) object, which may hold more");
  return false;
}

// unbound<V>(): a compile error naming variable V, which an evaluation needs but nobody bound.
template <class V>
constexpr bool unbound() {
  return report_unbound<V::name>(std::make_index_sequence<V::name.size()>{});
}

// bound_twice<V>(): a compile error naming variable V, bound twice in one call.
template <class V>
constexpr bool bound_twice() {
  return report_bound_twice<V::name>(std::make_index_sequence<V::name.size()>{});
}

// misfit_place<V>(): a compile error naming variable V, whose gradient into() cannot write where
// it was told to.
template <class V>
constexpr bool misfit_place() {
  return report_misfit_place<V::name>(std::make_index_sequence<V::name.size()>{});
}

// unknown_binding<V>(): a compile error naming variable V, bound in the call of a gradient function
// whose expression does not contain it.
template <class V>
constexpr bool unknown_binding() {
  return report_unknown_binding<V::name>(std::make_index_sequence<V::name.size()>{});
}

// check_target<F, V>(): true when f can be differentiated by v: v is a variable, or a
// subexpression of f without runtime numbers. Otherwise a compile error says why.
template <class T>
constexpr bool always_false_v = false;

template <class F, class V>
constexpr bool check_target() {
  if constexpr (!Expression<V>)
    static_assert(always_false_v<V>,
                  "ctgrad: differentiate by a variable (var<\"x\">) or a subexpression of f");
  else if constexpr (is_constant_v<V> || is_literal_v<V>)
    static_assert(always_false_v<V>, "ctgrad: cannot differentiate by a constant or a number");
  else if constexpr (!Variable<V>) {  // nested: a variable target instantiates nothing more
    if constexpr (!contains_v<F, V>)
      static_assert(always_false_v<V>,
                    "ctgrad: the target of differentiation is neither a variable nor a "
                    "subexpression of f");
    else if constexpr (!is_static_v<V>)
      static_assert(always_false_v<V>,
                    "ctgrad: a subexpression target must not hold runtime numbers (such as "
                    "x*2.5), because they cannot be matched at compile time; use a constant "
                    "(c<5, 2>) or a variable instead");
  }
  return true;
}

}  // namespace ctgrad::detail
