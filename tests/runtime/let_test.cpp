#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "black_scholes.hpp"
#include "reference.hpp"

#include <array>
#include <cfloat>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

// let<"name">(e): the same values and derivatives as e written out, each let expression computed
// once:
//   black_scholes   the price and its gradient by (S, K, T, r, sigma) against PyTorch
//                   (reference.json's black_scholes) and against central differences;
//   same_as_tree    value, grad, d and jacobian of expressions with nested lets, scalar and
//                   tensor, against the same expressions without let;
//   backward        .grad of params through a let expression;
//   let_as_target   grad by a let expression holds it fixed, as grad by any subexpression does;
//   float           float bindings compute in float;
//   different_numbers  two let expressions of one name and formula with different numbers are
//                   rejected (std::invalid_argument naming the let);
//   printing        a let expression prints as its name.

namespace test_let {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::reference;

// Double results of the same formulas as PyTorch's, summed in another order: a few roundings apart.
constexpr double rel_tol = 1e-12;

// A float result of a few float operations and two libm calls: 8 ulps of float.
constexpr double float_rel_tol = 8 * FLT_EPSILON;

constexpr var<"x"> x;
constexpr var<"y"> y;

// Black-Scholes: the prices of examples/black_scholes.hpp, with the CDF by erfc and by
// Abramowitz and Stegun (tests/reference/make_reference.py computes the same formulas with
// PyTorch).
using black_scholes::d2;
using black_scholes::K;
using black_scholes::price;
using black_scholes::price_abramowitz_stegun;
using black_scholes::r;
using black_scholes::S;
using black_scholes::sigma;
using black_scholes::T;

template <class Price>
void check_price(const Price& price, const std::string& key) {
  int points = 0;
  for (const auto& [unused, point] : at(reference(), key)) {
    const std::vector<double> p = numbers(at(point, "p"));
    const std::vector<double> expected = numbers(at(point, "grad"));
    BOOST_TEST_REQUIRE(p.size() == 5u);
    BOOST_TEST_REQUIRE(expected.size() == 5u);
    const auto [value, gradient] = value_and_grad(price, S, K, T, r, sigma)(
        S = p[0], K = p[1], T = p[2], r = p[3], sigma = p[4]);
    BOOST_TEST(check_close(value, number(at(point, "price")), rel_tol));
    BOOST_TEST(
        check_close(price(S = p[0], K = p[1], T = p[2], r = p[3], sigma = p[4]), value, rel_tol));
    const std::array<double, 5> g =
        std::apply([](auto... partial) { return std::array<double, 5>{partial...}; }, gradient);
    for (std::size_t i = 0; i < 5; ++i) {
      BOOST_TEST_CONTEXT(key << ": point " << points << ", partial " << i) {
        BOOST_TEST(check_close(g[i], expected[i], rel_tol));
        const auto along = [&](double v) {
          std::vector<double> q = p;
          q[i] = v;
          return price(S = q[0], K = q[1], T = q[2], r = q[3], sigma = q[4]);
        };
        BOOST_TEST(
            check_close(g[i], central_difference(along, p[i]), fd_rel_tol, fd_abs_tol(value)));
      }
    }
    ++points;
  }
  BOOST_TEST(points == 3);
}

BOOST_AUTO_TEST_CASE(black_scholes) {
  check_price(price, "black_scholes");
  check_price(price_abramowitz_stegun, "black_scholes_abramowitz_stegun");
}

BOOST_AUTO_TEST_CASE(same_as_tree) {
  // u inside v, both used several times; one of them holds a runtime number.
  constexpr auto u_tree = sin(x * y) + 2.5 * x;
  constexpr auto v_tree = exp(u_tree) * y;
  constexpr auto u = let<"u">(u_tree);
  constexpr auto v = let<"v">(exp(u) * y);
  constexpr auto f = u * v + square(v) / u - log(u + v);
  constexpr auto f_tree = u_tree * v_tree + square(v_tree) / u_tree - log(u_tree + v_tree);
  for (const auto& point : {std::pair{0.5, 1.5}, {1.25, 0.75}, {2.0, 0.1}}) {
    const double px = point.first;  // not a structured binding: Clang 14 cannot capture those
    const double py = point.second;
    BOOST_TEST_CONTEXT("x = " << px << ", y = " << py) {
      const auto [value, gradient] = value_and_grad(f, x, y)(x = px, y = py);
      const auto [value_tree, gradient_tree] = value_and_grad(f_tree, x, y)(x = px, y = py);
      BOOST_TEST(check_close(value, value_tree, rel_tol));
      BOOST_TEST(check_close(std::get<0>(gradient), std::get<0>(gradient_tree), rel_tol));
      BOOST_TEST(check_close(std::get<1>(gradient), std::get<1>(gradient_tree), rel_tol));
      BOOST_TEST(check_close(d(f, x)(x = px, y = py), std::get<0>(gradient_tree), rel_tol));
      BOOST_TEST(check_close(d(f, x, y)(x = px, y = py), d(f_tree, x, y)(x = px, y = py), rel_tol));
      BOOST_TEST(check_close(std::get<0>(gradient),
                             central_difference([&](double v) { return f(x = v, y = py); }, px),
                             fd_rel_tol, fd_abs_tol(value)));
    }
  }

  // Tensors: a let layer used twice; grad by the weights and the Jacobian of a tensor result.
  constexpr var<"a", shape<3, 1>> a;
  constexpr var<"w", shape<3, 3>> w;
  constexpr auto h_tree = tanh(matmul(w, a));
  constexpr auto h = let<"h">(h_tree);
  constexpr auto loss = sum(h * softmax<0>(h)) + mean(square(h));
  constexpr auto loss_tree = sum(h_tree * softmax<0>(h_tree)) + mean(square(h_tree));
  const std::array<double, 3> av{0.3, -0.2, 0.9};
  const std::array<double, 9> wv{0.1, 0.5, -0.4, 0.7, -0.3, 0.2, -0.6, 0.8, 0.05};
  const auto gw = grad(loss, w)(a = av, w = wv);
  const auto gw_tree = grad(loss_tree, w)(a = av, w = wv);
  for (std::size_t i = 0; i < 9; ++i)
    BOOST_TEST(check_close(gw[i], gw_tree[i], rel_tol));
  const auto jh = jacobian(h * h, a)(a = av, w = wv);
  const auto jh_tree = jacobian(h_tree * h_tree, a)(a = av, w = wv);
  for (std::size_t i = 0; i < 9; ++i)
    BOOST_TEST(check_close(jh[i], jh_tree[i], rel_tol));
}

BOOST_AUTO_TEST_CASE(backward) {
  constexpr var<"w", shape<2>> w;
  constexpr auto s = let<"s">(sigmoid(w * x));
  constexpr auto loss = sum(s * s + s);
  param<double, shape<2>> p({0.5, -1.5});
  const double value = ctgrad::backward(loss, x = 2.0, w = p);
  for (std::size_t i = 0; i < 2; ++i) {
    const double si = 1 / (1 + std::exp(-p.value[i] * 2.0));
    BOOST_TEST(check_close(p.grad[i], (2 * si + 1) * si * (1 - si) * 2.0, rel_tol));
  }
  BOOST_TEST(check_close(value, loss(x = 2.0, w = p.value), rel_tol));
}

BOOST_AUTO_TEST_CASE(let_as_target) {
  constexpr auto u = let<"u">(x * y + sin(x));
  constexpr auto f = square(u) + u * x;
  // By u, held fixed: 2u + x. By x: through u and directly.
  const auto [by_u, by_x] = grad(f, u, x)(x = 0.7, y = 1.3);
  const double uv = 0.7 * 1.3 + std::sin(0.7);
  BOOST_TEST(check_close(by_u, 2 * uv + 0.7, rel_tol));
  BOOST_TEST(check_close(by_x, (2 * uv + 0.7) * (1.3 + std::cos(0.7)) + uv, rel_tol));
  BOOST_TEST(check_close(d(f, u)(x = 0.7, y = 1.3), by_u, rel_tol));
}

BOOST_AUTO_TEST_CASE(float_stays_float) {
  constexpr auto u = let<"u">(exp(x) + y);
  constexpr auto f = u * u;
  const auto [value, gradient] = value_and_grad(f, x)(x = 0.5f, y = 2.0f);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(value)>, float>);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(gradient)>, float>);
  static_assert(std::is_same_v<decltype(f(x = 0.5f, y = 2.0f)), float>);
  const float uv = std::exp(0.5f) + 2.0f;
  BOOST_TEST(check_close(gradient, 2 * uv * std::exp(0.5f), float_rel_tol));
}

BOOST_AUTO_TEST_CASE(different_numbers) {
  const auto f = let<"a">(x * 2.0) + let<"a">(x * 3.0);
  const auto names_a = [](const std::invalid_argument& e) {
    return std::string(e.what()).find("let<\"a\"> names two expressions") != std::string::npos;
  };
  BOOST_CHECK_EXCEPTION(grad(f, x), std::invalid_argument, names_a);
  BOOST_CHECK_EXCEPTION(f(x = 1.0), std::invalid_argument, names_a);
  // The same numbers: one value.
  const auto g = let<"a">(x * 2.0) + let<"a">(x * 2.0);
  BOOST_TEST(grad(g, x)(x = 1.0) == 4.0);
}

BOOST_AUTO_TEST_CASE(printing) {
  BOOST_TEST(to_string(d2) == "d2");
  BOOST_TEST(to_string(d2.a) == "d1 - vol");
  constexpr auto u = let<"u">(x * y);
  BOOST_TEST(to_string(square(u) + u) == "u^2 + u");
  BOOST_TEST(to_latex(square(let<"u2">(x * y))) == "u_{2}^{2}");
  // A variable or a number has nothing to share: let returns it.
  static_assert(std::is_same_v<decltype(let<"z">(x)),
                               const var<"x">> || std::is_same_v<decltype(let<"z">(x)), var<"x">>);
}

}  // namespace test_let
