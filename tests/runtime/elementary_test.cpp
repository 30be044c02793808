#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <cmath>
#include <string>
#include <type_traits>

// Elementary functions against PyTorch (tests/reference/reference.json, key `elementary`, float64):
// at every reference point the value f(x = p), the derivatives d(f, x) and d<2>(f, x), grad(f, x)
// and value_and_grad(f, x), and the function called on a plain double, all to a relative 1e-12.
// NaN must match NaN and an infinity the same infinity, so PyTorch's conventions at the edges
// (abs'(0) = relu'(0) = 0, log(0) = -inf, sqrt of a negative number) are checked too. At the points
// where the function is smooth, d(f, x) is also checked against a central difference of the
// function on doubles. Also `exp_sin_higher`: the derivatives 0..8 of e^x sin x by d<n>. That every
// operation has such a reference is checked by operation_laws_test.cpp, over its list of every
// operation tag.

namespace {

using ctgrad::test::at;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;

constexpr ctgrad::var<"x"> x;

// Values computed in double by the same formulas as PyTorch: a few roundings apart at most.
constexpr double rel_tol = 1e-12;

// check_unary(key, fn, smooth): fn is a generic function (an expression for ctgrad::var, a number
// for a double); smooth(p) says whether fn is differentiable around p, for the central difference.
template <class Fn, class Smooth>
void check_unary(const std::string& key, Fn fn, Smooth smooth) {
  const ptree* rows = ctgrad::test::find(at(reference(), "elementary"), key);
  if (rows == nullptr) {
    BOOST_TEST_MESSAGE("elementary." << key << " is not in reference.json: skipped");
    return;
  }
  BOOST_TEST_REQUIRE(!rows->empty());

  const auto f = fn(x);
  const auto df = d(f, x);
  const auto d2f = d<2>(f, x);
  static_assert(ctgrad::Expression<decltype(f)>);
  static_assert(std::is_same_v<decltype(f(x = 1.0)), double>);
  static_assert(std::is_same_v<decltype(fn(1.0)), double>);

  int smooth_points = 0;
  for (const auto& [index, row] : *rows) {
    const double p = number(at(row, "x"));
    const double f_ref = number(at(row, "f"));
    const double df_ref = number(at(row, "df"));
    const double d2f_ref = number(at(row, "d2f"));
    BOOST_TEST_CONTEXT(key << " at x = " << p << ": f = " << f << ", f' = " << df
                           << ", f'' = " << d2f) {
      BOOST_TEST(check_close(f(x = p), f_ref, rel_tol), "value");
      BOOST_TEST(check_close(fn(p), f_ref, rel_tol), "value on a double");
      BOOST_TEST(check_close(df(x = p), df_ref, rel_tol), "d(f, x)");
      BOOST_TEST(check_close(d2f(x = p), d2f_ref, rel_tol), "d<2>(f, x)");
      BOOST_TEST(check_close(grad(f, x)(x = p), df_ref, rel_tol), "grad(f, x)");
      const auto [value, slope] = value_and_grad(f, x)(x = p);
      BOOST_TEST(check_close(value, f_ref, rel_tol), "value_and_grad(f, x).first");
      BOOST_TEST(check_close(slope, df_ref, rel_tol), "value_and_grad(f, x).second");
      if (smooth(p)) {
        ++smooth_points;
        const double fd = ctgrad::test::central_difference([&](double t) { return fn(t); }, p);
        BOOST_TEST(check_close(df(x = p), fd, fd_rel_tol, fd_abs_tol(f_ref)),
                   "d(f, x) against a central difference");
      }
    }
  }
  BOOST_TEST(smooth_points > 0);
}

constexpr auto everywhere = [](double) { return true; };
constexpr auto positive = [](double p) { return p > 0; };
constexpr auto nonzero = [](double p) { return p != 0; };
constexpr auto above_minus_one = [](double p) { return p > -1; };
constexpr auto above_one = [](double p) { return p > 1; };
constexpr auto inside_unit = [](double p) { return p > -1 && p < 1; };

}  // namespace

BOOST_AUTO_TEST_SUITE(elementary)

BOOST_AUTO_TEST_CASE(exp) {
  check_unary(
      "exp", [](const auto& t) { return ctgrad::exp(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(log) {
  check_unary(
      "log", [](const auto& t) { return ctgrad::log(t); }, positive);
}
BOOST_AUTO_TEST_CASE(sqrt) {
  check_unary(
      "sqrt", [](const auto& t) { return ctgrad::sqrt(t); }, positive);
}
BOOST_AUTO_TEST_CASE(sin) {
  check_unary(
      "sin", [](const auto& t) { return ctgrad::sin(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(cos) {
  check_unary(
      "cos", [](const auto& t) { return ctgrad::cos(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(tan) {
  check_unary(
      "tan", [](const auto& t) { return ctgrad::tan(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(tanh) {
  check_unary(
      "tanh", [](const auto& t) { return ctgrad::tanh(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(sigmoid) {
  check_unary(
      "sigmoid", [](const auto& t) { return ctgrad::sigmoid(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(abs) {
  check_unary(
      "abs", [](const auto& t) { return ctgrad::abs(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(relu) {
  check_unary(
      "relu", [](const auto& t) { return ctgrad::relu(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(square) {
  check_unary(
      "square", [](const auto& t) { return ctgrad::square(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(cube) {
  check_unary(
      "cube", [](const auto& t) { return ctgrad::pow<3>(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(reciprocal) {
  check_unary(
      "reciprocal", [](const auto& t) { return ctgrad::reciprocal(t); }, nonzero);
  check_unary(
      "reciprocal", [](const auto& t) { return ctgrad::pow<-1>(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(rsqrt) {
  check_unary(
      "rsqrt", [](const auto& t) { return ctgrad::rsqrt(t); }, positive);
}
BOOST_AUTO_TEST_CASE(pow_half) {
  check_unary(
      "pow_0.5", [](const auto& t) { return ctgrad::pow<1, 2>(t); }, positive);
}
BOOST_AUTO_TEST_CASE(pow_2) {
  check_unary(
      "pow_2", [](const auto& t) { return ctgrad::pow<2>(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(pow_5) {
  check_unary(
      "pow_5", [](const auto& t) { return ctgrad::pow<5>(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(neg) {
  check_unary(
      "neg", [](const auto& t) { return -t; }, everywhere);
}
BOOST_AUTO_TEST_CASE(exp_sin) {
  check_unary(
      "exp_sin", [](const auto& t) { return ctgrad::exp(t) * ctgrad::sin(t); }, everywhere);
}

BOOST_AUTO_TEST_CASE(log1p) {
  check_unary(
      "log1p", [](const auto& t) { return ctgrad::log1p(t); }, above_minus_one);
}
BOOST_AUTO_TEST_CASE(expm1) {
  check_unary(
      "expm1", [](const auto& t) { return ctgrad::expm1(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(softplus) {
  check_unary(
      "softplus", [](const auto& t) { return ctgrad::softplus(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(softplus_beta2_threshold10) {
  check_unary(
      "softplus_beta2_threshold10",
      [](const auto& t) { return ctgrad::softplus(t, ctgrad::c<2>, ctgrad::c<10>); }, everywhere);
}
BOOST_AUTO_TEST_CASE(silu) {
  check_unary(
      "silu", [](const auto& t) { return ctgrad::silu(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(logsigmoid) {
  check_unary(
      "logsigmoid", [](const auto& t) { return ctgrad::logsigmoid(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(elu) {
  check_unary(
      "elu", [](const auto& t) { return ctgrad::elu(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(elu_alpha0_5) {
  check_unary(
      "elu_alpha0.5", [](const auto& t) { return ctgrad::elu(t, ctgrad::c<1, 2>); }, nonzero);
}
BOOST_AUTO_TEST_CASE(selu) {
  check_unary(
      "selu", [](const auto& t) { return ctgrad::selu(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(leaky_relu) {
  check_unary(
      "leaky_relu", [](const auto& t) { return ctgrad::leaky_relu(t); }, nonzero);
}
BOOST_AUTO_TEST_CASE(leaky_relu_0_2) {
  check_unary(
      "leaky_relu_0.2", [](const auto& t) { return ctgrad::leaky_relu(t, ctgrad::c<1, 5>); },
      nonzero);
}
BOOST_AUTO_TEST_CASE(hardtanh) {
  check_unary(
      "hardtanh", [](const auto& t) { return ctgrad::hardtanh(t); },
      [](double p) { return p != -1 && p != 1; });
}
BOOST_AUTO_TEST_CASE(hardtanh_m2_3) {
  check_unary(
      "hardtanh_-2_3",
      [](const auto& t) { return ctgrad::hardtanh(t, ctgrad::c<-2>, ctgrad::c<3>); },
      [](double p) { return p != -2 && p != 3; });
}
BOOST_AUTO_TEST_CASE(mish) {
  check_unary(
      "mish", [](const auto& t) { return ctgrad::mish(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(gelu_tanh) {
  check_unary(
      "gelu_tanh", [](const auto& t) { return ctgrad::gelu(t, ctgrad::tanh_approximation); },
      everywhere);
}

BOOST_AUTO_TEST_CASE(gelu) {
  check_unary(
      "gelu", [](const auto& t) { return ctgrad::gelu(t); }, everywhere);
}

BOOST_AUTO_TEST_CASE(erf) {
  check_unary(
      "erf", [](const auto& t) { return ctgrad::erf(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(erfc) {
  check_unary(
      "erfc", [](const auto& t) { return ctgrad::erfc(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(exp2) {
  check_unary(
      "exp2", [](const auto& t) { return ctgrad::exp2(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(log2) {
  check_unary(
      "log2", [](const auto& t) { return ctgrad::log2(t); }, positive);
}
BOOST_AUTO_TEST_CASE(log10) {
  check_unary(
      "log10", [](const auto& t) { return ctgrad::log10(t); }, positive);
}
BOOST_AUTO_TEST_CASE(sinh) {
  check_unary(
      "sinh", [](const auto& t) { return ctgrad::sinh(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(cosh) {
  check_unary(
      "cosh", [](const auto& t) { return ctgrad::cosh(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(asinh) {
  check_unary(
      "asinh", [](const auto& t) { return ctgrad::asinh(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(acosh) {
  check_unary(
      "acosh", [](const auto& t) { return ctgrad::acosh(t); }, above_one);
}
BOOST_AUTO_TEST_CASE(atanh) {
  check_unary(
      "atanh", [](const auto& t) { return ctgrad::atanh(t); }, inside_unit);
}
BOOST_AUTO_TEST_CASE(atan) {
  check_unary(
      "atan", [](const auto& t) { return ctgrad::atan(t); }, everywhere);
}
BOOST_AUTO_TEST_CASE(asin) {
  check_unary(
      "asin", [](const auto& t) { return ctgrad::asin(t); }, inside_unit);
}
BOOST_AUTO_TEST_CASE(acos) {
  check_unary(
      "acos", [](const auto& t) { return ctgrad::acos(t); }, inside_unit);
}

// d<n>(e^x sin x, x) for n = 0..8 against PyTorch's repeated autograd.grad.
template <std::size_t... N>
void check_exp_sin_higher(std::index_sequence<N...>) {
  const ptree* rows = ctgrad::test::find(reference(), "exp_sin_higher");
  if (rows == nullptr) {
    BOOST_TEST_MESSAGE("exp_sin_higher is not in reference.json: skipped");
    return;
  }
  BOOST_TEST_REQUIRE(!rows->empty());
  constexpr auto f = ctgrad::exp(x) * ctgrad::sin(x);
  for (const auto& [index, row] : *rows) {
    const double p = number(at(row, "x"));
    const auto expected = ctgrad::test::numbers(at(row, "derivatives"));
    BOOST_TEST_REQUIRE(expected.size() == sizeof...(N));
    const double actual[] = {d<N>(f, x)(x = p)...};
    for (std::size_t n = 0; n < sizeof...(N); ++n)
      BOOST_TEST(check_close(actual[n], expected[n], rel_tol),
                 "d<" << n << ">(exp(x)*sin(x), x) at x = " << p);
  }
}

BOOST_AUTO_TEST_CASE(exp_sin_higher) {
  check_exp_sin_higher(std::make_index_sequence<9>{});
}

BOOST_AUTO_TEST_SUITE_END()
