// Hyperbolic functions and their inverses: sinh, cosh, asinh, acosh, atanh (torch.sinh, ...),
// with PyTorch's derivative formulas (tanh is in elementary.hpp). Outside their domain (acosh
// below 1, atanh beyond [-1, 1]) the value and the derivative are NaN, as in PyTorch. Example:
// tests/runtime/elementary_test.cpp.
#pragma once

#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>

#include <boost/hana/integral_constant.hpp>

namespace ctgrad {

template <Operand E>
constexpr auto sinh(const E& x);
template <Operand E>
constexpr auto cosh(const E& x);

// sinh_op: the hyperbolic sine.
struct sinh_op {
  static constexpr auto name = "sinh";
  static constexpr auto latex = "\\sinh";
  static constexpr auto apply(auto a) { return math::sinh(a); }
  // PyTorch's formula: grad * cosh(a).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * cosh(a); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<sinh_op, detail::zero, detail::zero>(a);
  }
};

// cosh_op: the hyperbolic cosine.
struct cosh_op {
  static constexpr auto name = "cosh";
  static constexpr auto latex = "\\cosh";
  static constexpr auto apply(auto a) { return math::cosh(a); }
  // PyTorch's formula: grad * sinh(a).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * sinh(a); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<cosh_op, detail::zero, detail::one>(a);
  }
};

// asinh_op: the inverse hyperbolic sine.
struct asinh_op {
  static constexpr auto name = "asinh";
  static constexpr auto latex = "\\operatorname{asinh}";
  static constexpr auto apply(auto a) { return math::asinh(a); }
  // PyTorch's formula: grad * rsqrt(a^2 + 1).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * rsqrt(square(a) + c<1>);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<asinh_op, detail::zero, detail::zero>(a);
  }
};

// acosh_op: the inverse hyperbolic cosine, for a >= 1.
struct acosh_op {
  static constexpr auto name = "acosh";
  static constexpr auto latex = "\\operatorname{acosh}";
  static constexpr auto apply(auto a) { return math::acosh(a); }
  // PyTorch's formula: grad * rsqrt(a^2 - 1).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * rsqrt(square(a) - c<1>);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<acosh_op, detail::one, detail::zero>(a);
  }
};

// atanh_op: the inverse hyperbolic tangent, for -1 <= a <= 1.
struct atanh_op {
  static constexpr auto name = "atanh";
  static constexpr auto latex = "\\operatorname{atanh}";
  static constexpr auto apply(auto a) { return math::atanh(a); }
  // PyTorch's formula: grad / (1 - a^2).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g / (c<1> - square(a));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<atanh_op, detail::zero, detail::zero>(a);
  }
};

// sinh(x): the hyperbolic sine (torch.sinh).
template <Operand E>
constexpr auto sinh(const E& x) {
  return detail::call<sinh_op>(x);
}

// cosh(x): the hyperbolic cosine (torch.cosh).
template <Operand E>
constexpr auto cosh(const E& x) {
  return detail::call<cosh_op>(x);
}

// asinh(x): the inverse hyperbolic sine (torch.asinh).
template <Operand E>
constexpr auto asinh(const E& x) {
  return detail::call<asinh_op>(x);
}

// acosh(x): the inverse hyperbolic cosine (torch.acosh).
template <Operand E>
constexpr auto acosh(const E& x) {
  return detail::call<acosh_op>(x);
}

// atanh(x): the inverse hyperbolic tangent (torch.atanh).
template <Operand E>
constexpr auto atanh(const E& x) {
  return detail::call<atanh_op>(x);
}

}  // namespace ctgrad
