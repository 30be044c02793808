// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>

#include <type_traits>

namespace ctgrad {

// Operand: what an operation accepts: an expression or a plain number.
template <class T>
concept Operand = Expression<T> || Number<T>;

namespace detail {

// promoted_t<T>: the floating-point type a number computes in (integers compute in double).
template <class T>
using promoted_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

// numeric_v<Args...>: the call is on numbers (at least one number, the rest numbers or constants),
// so it computes a number rather than building an expression.
template <class T>
concept number_or_constant = Number<T> || is_constant_v<T>;
template <class... Args>
inline constexpr bool numeric_v = (Number<Args> || ...) && (number_or_constant<Args> && ...);

template <class... Args>
using numeric_t = std::common_type_t<promoted_t<std::conditional_t<Number<Args>, Args, float>>...>;

// as_number<T>(v): v in type T, for a number or a constant.
template <class T, class V>
constexpr T as_number(const V& v) {
  if constexpr (is_constant_v<V>)
    return V::template as<T>();
  else
    return static_cast<T>(v);
}

// call<Op>(args...): Op on numbers computes a number; otherwise it builds the simplified
// expression make<Op>(args...), turning numbers into literals.
template <class Op, Operand... Args>
constexpr auto call(const Args&... args) {
  if constexpr (numeric_v<Args...>) {
    using T = numeric_t<Args...>;
    return Op::apply(as_number<T>(args)...);
  } else {
    return make<Op>(as_expression(args)...);
  }
}

}  // namespace detail
}  // namespace ctgrad
