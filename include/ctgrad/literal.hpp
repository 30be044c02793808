// literal<T>: a runtime number inside an expression (`x * 2.5`). It is stored by value and takes
// the value type of the evaluation, so a float binding stays float. Example:
// tests/static/core_static.cpp.
#pragma once

#include <ctgrad/expression.hpp>

namespace ctgrad {

// literal<T>: the number `value`, known only at run time (or in a constant expression).
template <Number T>
struct literal : expression_interface<literal<T>> {
  T value{};
  constexpr literal() = default;
  constexpr explicit literal(T v) : value(v) {}
};

namespace detail {
template <class T>
constexpr bool is_static_v<literal<T>> = false;

template <class T>
constexpr bool is_literal_v = false;
template <class T>
constexpr bool is_literal_v<literal<T>> = true;
}  // namespace detail

// as_expression(v): v itself for an expression, literal(v) for a number.
template <class T>
constexpr auto as_expression(const T& v) {
  if constexpr (Expression<T>)
    return v;
  else
    return literal<T>(v);
}

}  // namespace ctgrad
