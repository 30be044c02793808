// Elementary functions usable in constant expressions: ctgrad::math::exp, expm1, exp2, log, log1p,
// log2, log10, sqrt, hypot, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh,
// atanh, erf, erfc, sigmoid, pow, pow_int, abs, isnan, isinf for float, double, long double.
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

// erf(x): the error function, 2 / sqrt(pi) times the integral of e^-t^2 from 0 to x.
template <std::floating_point T>
constexpr T erf(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::erf(x);
  return std::erf(x);
}

// erfc(x): 1 - erf(x), accurate where erf(x) is near 1.
template <std::floating_point T>
constexpr T erfc(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::erfc(x);
  return std::erfc(x);
}

// exp2(x): 2^x (exact for integer x).
template <std::floating_point T>
constexpr T exp2(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::exp2(x);
  return std::exp2(x);
}

// log2(x): the base-2 logarithm (exact for powers of two).
template <std::floating_point T>
constexpr T log2(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::log2(x);
  return std::log2(x);
}

// log10(x): the base-10 logarithm (exact for powers of ten).
template <std::floating_point T>
constexpr T log10(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::log10(x);
  return std::log10(x);
}

// sinh(x): the hyperbolic sine.
template <std::floating_point T>
constexpr T sinh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::sinh(x);
  return std::sinh(x);
}

// cosh(x): the hyperbolic cosine.
template <std::floating_point T>
constexpr T cosh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::cosh(x);
  return std::cosh(x);
}

// asinh(x): the inverse hyperbolic sine.
template <std::floating_point T>
constexpr T asinh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::asinh(x);
  return std::asinh(x);
}

// acosh(x): the inverse hyperbolic cosine (NaN below 1).
template <std::floating_point T>
constexpr T acosh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::acosh(x);
  return std::acosh(x);
}

// atanh(x): the inverse hyperbolic tangent (NaN outside [-1, 1], +-inf at +-1).
template <std::floating_point T>
constexpr T atanh(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::atanh(x);
  return std::atanh(x);
}

// atan(x): the arc tangent, in [-pi/2, pi/2].
template <std::floating_point T>
constexpr T atan(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::atan(x);
  return std::atan(x);
}

// atan2(y, x): the angle of the point (x, y) in [-pi, pi], with std::atan2's signed zeros and
// quadrants.
template <std::floating_point T>
constexpr T atan2(T y, T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::atan2(y, x);
  return std::atan2(y, x);
}

// asin(x): the arc sine, in [-pi/2, pi/2] (NaN outside [-1, 1]).
template <std::floating_point T>
constexpr T asin(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::asin(x);
  return std::asin(x);
}

// acos(x): the arc cosine, in [0, pi] (NaN outside [-1, 1]).
template <std::floating_point T>
constexpr T acos(T x) noexcept {
  if (std::is_constant_evaluated())
    return detail::acos(x);
  return std::acos(x);
}

// hypot(x, y): sqrt(x^2 + y^2) without intermediate over- or underflow (inf if either is inf).
template <std::floating_point T>
constexpr T hypot(T x, T y) noexcept {
  if (std::is_constant_evaluated())
    return detail::hypot(x, y);
  return std::hypot(x, y);
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

}  // namespace ctgrad::math
