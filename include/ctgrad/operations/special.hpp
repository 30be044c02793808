// The error function and its complement: erf, erfc (torch.erf, torch.erfc), with PyTorch's
// derivative formulas. gelu's exact form (activations.hpp) is built on erf. Example:
// examples/black_scholes.hpp (the normal distribution function).
#pragma once

#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>

#include <boost/hana/integral_constant.hpp>

namespace ctgrad {

namespace detail {
inline constexpr double two_over_sqrt_pi = 1.12837916709551257389615890312154517;

// erf_slope(g, a): 2 / sqrt(pi) e^(-a^2), erf's derivative, the constant in g's number type.
template <class G, class A>
constexpr auto erf_slope(const G& g, const A& a) {
  return like(g, two_over_sqrt_pi) * exp(-square(a));
}
}  // namespace detail

// erf_op: the error function 2 / sqrt(pi) * integral of e^(-t^2) from 0 to a.
struct erf_op {
  static constexpr auto name = "erf";
  static constexpr auto latex = "\\operatorname{erf}";
  static constexpr auto apply(auto a) { return math::erf(a); }
  // PyTorch's formula: 2 / sqrt(pi) * exp(-a^2) * grad.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * detail::erf_slope(g, a);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<erf_op, detail::zero, detail::zero>(a);
  }
};

// erfc_op: the complementary error function 1 - erf(a), accurate where erf(a) is near 1.
struct erfc_op {
  static constexpr auto name = "erfc";
  static constexpr auto latex = "\\operatorname{erfc}";
  static constexpr auto apply(auto a) { return math::erfc(a); }
  // PyTorch's formula: -2 / sqrt(pi) * exp(-a^2) * grad.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return -g * detail::erf_slope(g, a);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<erfc_op, detail::zero, detail::one>(a);
  }
};

// erf(x): the error function (torch.erf).
template <Operand E>
constexpr auto erf(const E& x) {
  return detail::call<erf_op>(x);
}

// erfc(x): 1 - erf(x), without the cancellation for large x (torch.erfc).
template <Operand E>
constexpr auto erfc(const E& x) {
  return detail::call<erfc_op>(x);
}

}  // namespace ctgrad
