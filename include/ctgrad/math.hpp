// Elementary functions usable in constant expressions: ctgrad::math::exp, expm1, log, log1p, sqrt,
// sin, cos, tan, tanh, sigmoid, pow, pow_int, abs, isnan, isinf for float, double, long double.
// At run time each calls <cmath>, so results are exactly <cmath>'s; during constant evaluation it
// uses detail/constexpr_math.hpp, which is correctly rounded but for rare near-halfway cases (see
// there for the method and tests/runtime/math_test.cpp for the measured distances to <cmath>).
#pragma once

#include <ctgrad/detail/constexpr_math.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

namespace ctgrad::math {

// exp(x): e^x.
template <std::floating_point T>
constexpr T exp(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::exp(x);
  return std::exp(x);
}

// expm1(x): e^x - 1, accurate near 0.
template <std::floating_point T>
constexpr T expm1(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::expm1(x);
  return std::expm1(x);
}

// log(x): the natural logarithm.
template <std::floating_point T>
constexpr T log(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::log(x);
  return std::log(x);
}

// log1p(x): ln(1 + x), accurate near 0.
template <std::floating_point T>
constexpr T log1p(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::log1p(x);
  return std::log1p(x);
}

// sqrt(x): the square root, correctly rounded.
template <std::floating_point T>
constexpr T sqrt(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::sqrt(x);
  return std::sqrt(x);
}

// sin(x): the sine of x radians.
template <std::floating_point T>
constexpr T sin(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::sin(x);
  return std::sin(x);
}

// cos(x): the cosine of x radians.
template <std::floating_point T>
constexpr T cos(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::cos(x);
  return std::cos(x);
}

// tan(x): the tangent of x radians.
template <std::floating_point T>
constexpr T tan(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::tan(x);
  return std::tan(x);
}

// tanh(x): the hyperbolic tangent.
template <std::floating_point T>
constexpr T tanh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::tanh(x);
  return std::tanh(x);
}

// sigmoid(x): 1 / (1 + e^-x), PyTorch's formula, evaluated in T.
template <std::floating_point T>
constexpr T sigmoid(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::sigmoid(x);
  return T(1) / (T(1) + std::exp(-x));
}

// pow(x, y): x^y with std::pow's special cases (a negative x needs an integer y).
template <std::floating_point T>
constexpr T pow(T x, T y) noexcept {
  if (std::is_constant_evaluated())
    return detail::pow(x, y);
  return std::pow(x, y);
}

// pow_int(x, n): x^n by repeated squaring (n < 0 gives 1 / x^|n|); the same products, and so the
// same result, at run time and in constant evaluation.
template <std::floating_point T>
constexpr T pow_int(T x, long long n) noexcept {
  if (std::is_constant_evaluated())
    return detail::pow_int(x, n);
  unsigned long long m =
      n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  T result = 1;
  T base = x;
  while (m != 0) {
    if ((m & 1u) != 0)
      result *= base;
    m >>= 1;
    if (m != 0)
      base *= base;
  }
  if (n >= 0)
    return result;
  return result == 0 ? std::copysign(std::numeric_limits<T>::infinity(), result) : T(1) / result;
}

// abs(x): |x| (fabs).
template <std::floating_point T>
constexpr T abs(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::abs(x);
  return std::fabs(x);
}

// isnan(x): whether x is a NaN.
template <std::floating_point T>
constexpr bool isnan(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::isnan(x);
  return std::isnan(x);
}

// isinf(x): whether x is an infinity.
template <std::floating_point T>
constexpr bool isinf(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::isinf(x);
  return std::isinf(x);
}

// TEMPORARY (lead): runtime-only wrappers until helper A lands.
template <std::floating_point T>
constexpr T erf(T x) noexcept { return std::erf(x); }
template <std::floating_point T>
constexpr T erfc(T x) noexcept { return std::erfc(x); }
template <std::floating_point T>
constexpr T exp2(T x) noexcept { return std::exp2(x); }
template <std::floating_point T>
constexpr T log2(T x) noexcept { return std::log2(x); }
template <std::floating_point T>
constexpr T log10(T x) noexcept { return std::log10(x); }
template <std::floating_point T>
constexpr T sinh(T x) noexcept { return std::sinh(x); }
template <std::floating_point T>
constexpr T cosh(T x) noexcept { return std::cosh(x); }
template <std::floating_point T>
constexpr T asinh(T x) noexcept { return std::asinh(x); }
template <std::floating_point T>
constexpr T acosh(T x) noexcept { return std::acosh(x); }
template <std::floating_point T>
constexpr T atanh(T x) noexcept { return std::atanh(x); }
template <std::floating_point T>
constexpr T atan(T x) noexcept { return std::atan(x); }
template <std::floating_point T>
constexpr T asin(T x) noexcept { return std::asin(x); }
template <std::floating_point T>
constexpr T acos(T x) noexcept { return std::acos(x); }
template <std::floating_point T>
constexpr T atan2(T x, T y) noexcept { return std::atan2(x, y); }
template <std::floating_point T>
constexpr T hypot(T x, T y) noexcept { return std::hypot(x, y); }
}  // namespace ctgrad::math
