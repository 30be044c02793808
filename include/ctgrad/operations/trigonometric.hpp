// Inverse trigonometric functions and the two-argument ones: atan, asin, acos, atan2(y, x) and
// hypot(x, y) (torch.atan, torch.asin, torch.acos, torch.atan2, torch.hypot), with PyTorch's
// derivative formulas. Outside their domain (asin and acos beyond [-1, 1]) the value and the
// derivative are NaN, as in PyTorch. Example: tests/runtime/elementary_test.cpp.
#pragma once

#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>

#include <boost/hana/integral_constant.hpp>

namespace ctgrad {

// atan_op: the arctangent, in (-pi/2, pi/2).
struct atan_op {
  static constexpr auto name = "atan";
  static constexpr auto latex = "\\arctan";
  static constexpr auto apply(auto a) { return math::atan(a); }
  // PyTorch's formula: grad / (a^2 + 1).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g / (square(a) + c<1>);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<atan_op, detail::zero, detail::zero>(a);
  }
};

// asin_op: the arcsine, in [-pi/2, pi/2].
struct asin_op {
  static constexpr auto name = "asin";
  static constexpr auto latex = "\\arcsin";
  static constexpr auto apply(auto a) { return math::asin(a); }
  // PyTorch's formula: grad * rsqrt(1 - a^2).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * rsqrt(c<1> - square(a));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<asin_op, detail::zero, detail::zero>(a);
  }
};

// acos_op: the arccosine, in [0, pi].
struct acos_op {
  static constexpr auto name = "acos";
  static constexpr auto latex = "\\arccos";
  static constexpr auto apply(auto a) { return math::acos(a); }
  // PyTorch's formula: grad * -rsqrt(1 - a^2).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * -rsqrt(c<1> - square(a));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<acos_op, detail::one, detail::zero>(a);
  }
};

// atan2_op: the angle of the point (b, a) (a the ordinate y, b the abscissa x), in [-pi, pi].
struct atan2_op {
  static constexpr auto name = "atan2";
  static constexpr auto latex = "\\operatorname{atan2}";
  template <class T>
  static constexpr T apply(T a, T b) {
    return math::atan2(a, b);
  }
  // PyTorch's formulas: grad * b / (a^2 + b^2) and grad * -a / (a^2 + b^2).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto b, auto) {
    return g * b / (square(a) + square(b));
  }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto a, auto b, auto) {
    return g * -a / (square(a) + square(b));
  }
};

// hypot_op: sqrt(a^2 + b^2), without overflow or underflow on the way.
struct hypot_op {
  static constexpr auto name = "hypot";
  static constexpr auto latex = "\\operatorname{hypot}";
  template <class T>
  static constexpr T apply(T a, T b) {
    return math::hypot(a, b);
  }
  // PyTorch's formulas: grad * a / r and grad * b / r.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto, auto r) {
    return g * a / r;
  }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto, auto b, auto r) {
    return g * b / r;
  }
};

// atan(x): the arctangent (torch.atan).
template <Operand E>
constexpr auto atan(const E& x) {
  return detail::call<atan_op>(x);
}

// asin(x): the arcsine (torch.asin).
template <Operand E>
constexpr auto asin(const E& x) {
  return detail::call<asin_op>(x);
}

// acos(x): the arccosine (torch.acos).
template <Operand E>
constexpr auto acos(const E& x) {
  return detail::call<acos_op>(x);
}

// atan2(y, x): the angle of the point (x, y), y first as in std::atan2 (torch.atan2).
template <Operand A, Operand B>
constexpr auto atan2(const A& y, const B& x) {
  return detail::call<atan2_op>(y, x);
}

// hypot(x, y): sqrt(x^2 + y^2) computed without overflow (torch.hypot).
template <Operand A, Operand B>
constexpr auto hypot(const A& x, const B& y) {
  return detail::call<hypot_op>(x, y);
}

}  // namespace ctgrad
