#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>

// Binary operations and small models against PyTorch (tests/reference/reference.json):
//   binary.<op>       x + y, x - y, x * y, x / y, pow(x, y), maximum, minimum, where with each
//                     comparison, clamp, clamp_min, clamp_max (ties among the points, where
//                     PyTorch's subgradients hold): the value, both first derivatives by
//                     d and by grad / value_and_grad, and the four second derivatives (float64),
//                     plus central differences at smooth points and float evaluation;
//   himmelblau_grad   value_and_grad of one generic himmelblau() called on variables, and the
//                     same function on doubles for the value and central differences;
//   chain_rule, mse   the seed's two-layer chain rule and mean squared error (float32 data),
//                     in double and in float;
//   long_sum          a scalar sum of 43 terms (the extended Rosenbrock function of 40
//                     variables and three more), whose gradient runs term by term (float64).
// NaN must match NaN and an infinity the same infinity.

namespace test_binary {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::ptree;
using ctgrad::test::reference;

constexpr var<"x"> x;
constexpr var<"y"> y;

// Double results computed by the same formulas as PyTorch: a few roundings apart at most.
constexpr double rel_tol = 1e-12;

// Float results of at most a handful of float operations and one libm call, each within one ulp:
// 8 ulps of float relative to the double reference.
constexpr double float_rel_tol = 8 * FLT_EPSILON;

// smooth_difference(g, p, slope): whether a central difference of g at p is meaningful: the exact
// slope is finite, g is finite at every point of the stencil, and its one-sided slopes agree (p
// is no kink, as maximum's at a tie, and no jump, as where's).
template <class G>
bool smooth_difference(G g, double p, double slope) {
  constexpr double h = ctgrad::test::fd_step;
  if (!std::isfinite(slope))
    return false;
  for (const double t : {p - 2 * h, p - h, p, p + h, p + 2 * h})
    if (!std::isfinite(g(t)))
      return false;
  const double left = (g(p) - g(p - h)) / h;
  const double right = (g(p + h) - g(p)) / h;
  return std::abs(right - left) <= 1e-2 * (1 + std::abs(slope));
}

// The function of the seed's part 5, written once for variables and numbers alike.
auto himmelblau(auto a, auto b) {
  return square(a * a + b - 11) + square(a + b * b - 7);
}

// rosenbrock_terms(z, std::index_sequence<I...>): the extended Rosenbrock function of z, its
// pairs' terms added one after the other by a fold of +, as the reference's Python loop adds them.
template <class Z, std::size_t... I>
constexpr auto rosenbrock_terms(Z z, std::index_sequence<I...>) {
  return (...
          + (100 * square(square(z[constant<2 * I>{}]) - z[constant<2 * I + 1>{}])
             + square(1 - z[constant<2 * I>{}])));
}

const std::set<std::string>& tested_binary_keys() {
  static const std::set<std::string> keys{"add",       "sub",         "mul",     "div",
                                          "pow",       "maximum",     "minimum", "where_gt",
                                          "where_le",  "where_ge_lt", "clamp",   "clamp_min",
                                          "clamp_max", "atan2",       "hypot"};
  return keys;
}

// check_binary(key, op, on_doubles): op builds the expression from x and y; on_doubles is the same
// operation on doubles, an independent implementation for the central differences.
template <class Op, class OnDoubles>
void check_binary(const std::string& key, Op op, OnDoubles on_doubles) {
  const ptree* binary = ctgrad::test::find(reference(), "binary");
  const ptree* rows = binary == nullptr ? nullptr : ctgrad::test::find(*binary, key);
  if (rows == nullptr) {
    BOOST_TEST_MESSAGE("binary." << key << " is not in reference.json: skipped");
    return;
  }
  BOOST_TEST_REQUIRE(!rows->empty());

  const auto f = op(x, y);
  const auto f_x = d(f, x);
  const auto f_y = d(f, y);
  const auto f_xx = d<2>(f, x);
  const auto f_xy = d(f, x, y);  // d/dy (df/dx)
  const auto f_yx = d(f, y, x);  // d/dx (df/dy)
  const auto f_yy = d<2>(f, y);

  for (const auto& [index, row] : *rows) {
    const double p = number(at(row, "x"));
    const double q = number(at(row, "y"));
    const auto env = bind(x = p, y = q);
    BOOST_TEST_CONTEXT(key << " at x = " << p << ", y = " << q << ": f = " << f) {
      const double f_ref = number(at(row, "f"));
      const double dx_ref = number(at(row, "df_dx"));
      const double dy_ref = number(at(row, "df_dy"));
      BOOST_TEST(check_close(f(env), f_ref, rel_tol), "value");
      BOOST_TEST(check_close(on_doubles(p, q), f_ref, rel_tol), "value on doubles");
      BOOST_TEST(check_close(f_x(env), dx_ref, rel_tol), "d(f, x) = " << f_x);
      BOOST_TEST(check_close(f_y(env), dy_ref, rel_tol), "d(f, y) = " << f_y);
      BOOST_TEST(check_close(f_xx(env), number(at(row, "d2f_dx2")), rel_tol),
                 "d<2>(f, x) = " << f_xx);
      // At pow's (1, 0) the reference's second derivatives come from exp(y log x), since
      // PyTorch's pow masks its d/dy of df/dx to 0 there (make_reference.py).
      BOOST_TEST(check_close(f_xy(env), number(at(row, "d2f_dxdy")), rel_tol),
                 "d(f, x, y) = " << f_xy);
      BOOST_TEST(check_close(f_yx(env), number(at(row, "d2f_dydx")), rel_tol),
                 "d(f, y, x) = " << f_yx);
      BOOST_TEST(check_close(f_yy(env), number(at(row, "d2f_dy2")), rel_tol),
                 "d<2>(f, y) = " << f_yy);

      const auto [gx, gy] = grad(f, x, y)(x = p, y = q);
      BOOST_TEST(check_close(gx, dx_ref, rel_tol), "grad(f, x, y), by x");
      BOOST_TEST(check_close(gy, dy_ref, rel_tol), "grad(f, x, y), by y");
      const auto [value, gradient] = value_and_grad(f, y, x)(env);
      BOOST_TEST(check_close(value, f_ref, rel_tol), "value_and_grad(f, y, x).first");
      BOOST_TEST(check_close(std::get<0>(gradient), dy_ref, rel_tol),
                 "value_and_grad(f, y, x), by y");
      BOOST_TEST(check_close(std::get<1>(gradient), dx_ref, rel_tol),
                 "value_and_grad(f, y, x), by x");

      const auto along_x = [&](double t) { return on_doubles(t, q); };
      const auto along_y = [&](double t) { return on_doubles(p, t); };
      if (smooth_difference(along_x, p, dx_ref))
        BOOST_TEST(check_close(f_x(env), ctgrad::test::central_difference(along_x, p), fd_rel_tol,
                               fd_abs_tol(f_ref)),
                   "d(f, x) against a central difference");
      if (smooth_difference(along_y, q, dy_ref))
        BOOST_TEST(check_close(f_y(env), ctgrad::test::central_difference(along_y, q), fd_rel_tol,
                               fd_abs_tol(f_ref)),
                   "d(f, y) against a central difference");

      // The same in float: the reference points are exact floats.
      const float pf = static_cast<float>(p);
      const float qf = static_cast<float>(q);
      BOOST_TEST_REQUIRE(static_cast<double>(pf) == p);
      BOOST_TEST_REQUIRE(static_cast<double>(qf) == q);
      const float value_f = f(x = pf, y = qf);
      const auto [gx_f, gy_f] = grad(f, x, y)(x = pf, y = qf);
      static_assert(std::is_same_v<decltype(f(x = pf, y = qf)), float>);
      static_assert(std::is_same_v<std::remove_const_t<decltype(gx_f)>, float>);
      BOOST_TEST(check_close(value_f, f_ref, float_rel_tol), "value in float");
      BOOST_TEST(check_close(gx_f, dx_ref, float_rel_tol), "grad by x in float");
      BOOST_TEST(check_close(gy_f, dy_ref, float_rel_tol), "grad by y in float");
    }
  }
}

}  // namespace test_binary

using namespace test_binary;

BOOST_AUTO_TEST_SUITE(binary)

BOOST_AUTO_TEST_CASE(every_reference_operation_is_tested) {
  const ptree* binary = ctgrad::test::find(reference(), "binary");
  if (binary == nullptr) {
    BOOST_TEST_MESSAGE("binary is not in reference.json: skipped");
    return;
  }
  for (const auto& [key, rows] : *binary)
    BOOST_TEST(tested_binary_keys().contains(key),
               "binary." << key << " has no ctgrad counterpart in binary_test.cpp");
}

BOOST_AUTO_TEST_CASE(add) {
  check_binary(
      "add", [](const auto& a, const auto& b) { return a + b; },
      [](double a, double b) { return a + b; });
}

BOOST_AUTO_TEST_CASE(sub) {
  check_binary(
      "sub", [](const auto& a, const auto& b) { return a - b; },
      [](double a, double b) { return a - b; });
}

BOOST_AUTO_TEST_CASE(mul) {
  check_binary(
      "mul", [](const auto& a, const auto& b) { return a * b; },
      [](double a, double b) { return a * b; });
}

BOOST_AUTO_TEST_CASE(div) {
  check_binary(
      "div", [](const auto& a, const auto& b) { return a / b; },
      [](double a, double b) { return a / b; });
}

BOOST_AUTO_TEST_CASE(pow) {
  check_binary(
      "pow", [](const auto& a, const auto& b) { return ctgrad::pow(a, b); },
      [](double a, double b) { return std::pow(a, b); });
}

// operations/trigonometric.hpp: y first in atan2, as std::atan2 and torch.atan2.
BOOST_AUTO_TEST_CASE(atan2) {
  check_binary(
      "atan2", [](const auto& a, const auto& b) { return ctgrad::atan2(a, b); },
      [](double a, double b) { return std::atan2(a, b); });
}

BOOST_AUTO_TEST_CASE(hypot) {
  check_binary(
      "hypot", [](const auto& a, const auto& b) { return ctgrad::hypot(a, b); },
      [](double a, double b) { return std::hypot(a, b); });
}

// Selection (operations/selection.hpp), with ties among the points: PyTorch's subgradients.
BOOST_AUTO_TEST_CASE(maximum) {
  check_binary(
      "maximum", [](const auto& a, const auto& b) { return ctgrad::maximum(a, b); },
      [](double a, double b) { return std::max(a, b); });
}

BOOST_AUTO_TEST_CASE(minimum) {
  check_binary(
      "minimum", [](const auto& a, const auto& b) { return ctgrad::minimum(a, b); },
      [](double a, double b) { return std::min(a, b); });
}

BOOST_AUTO_TEST_CASE(where_gt) {
  check_binary(
      "where_gt", [](const auto& a, const auto& b) { return where(a > b, a * b, a - b); },
      [](double a, double b) { return a > b ? a * b : a - b; });
}

BOOST_AUTO_TEST_CASE(where_le) {
  check_binary(
      "where_le", [](const auto& a, const auto& b) { return where(a <= b, a * a, b * b * b); },
      [](double a, double b) { return a <= b ? a * a : b * b * b; });
}

BOOST_AUTO_TEST_CASE(where_ge_lt) {
  check_binary(
      "where_ge_lt",
      [](const auto& a, const auto& b) {
        return where(a >= b, exp(a), a * b) * where(a < b, b, a);
      },
      [](double a, double b) { return (a >= b ? std::exp(a) : a * b) * (a < b ? b : a); });
}

BOOST_AUTO_TEST_CASE(clamp) {
  check_binary(
      "clamp", [](const auto& a, const auto& b) { return ctgrad::clamp(a, -1.0, b); },
      [](double a, double b) { return std::min(std::max(a, -1.0), b); });
}

BOOST_AUTO_TEST_CASE(clamp_min) {
  check_binary(
      "clamp_min", [](const auto& a, const auto& b) { return ctgrad::clamp_min(a * b, -1_c); },
      [](double a, double b) { return std::max(a * b, -1.0); });
}

BOOST_AUTO_TEST_CASE(clamp_max) {
  check_binary(
      "clamp_max", [](const auto& a, const auto& b) { return ctgrad::clamp_max(a, b); },
      [](double a, double b) { return std::min(a, b); });
}

// x/x is not simplified to 1: like PyTorch's x / x it is NaN at 0, and so is its derivative
// 1/x - x/x^2. (0/0 is not a constant expression, so this is checked at run time.)
BOOST_AUTO_TEST_CASE(x_over_x_is_nan_at_zero) {
  const auto f = x / x;
  BOOST_TEST(std::isnan(f(x = 0.0)));
  BOOST_TEST(std::isnan(d(f, x)(x = 0.0)));
  BOOST_TEST(std::isnan(grad(f, x)(x = 0.0)));
  BOOST_TEST(std::isnan(f(x = 0.0f)));
  BOOST_TEST(f(x = 3.0) == 1.0);
  BOOST_TEST(d(f, x)(x = 3.0) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(models)

BOOST_AUTO_TEST_CASE(himmelblau_grad) {
  const ptree* rows = ctgrad::test::find(reference(), "himmelblau_grad");
  if (rows == nullptr) {
    BOOST_TEST_MESSAGE("himmelblau_grad is not in reference.json: skipped");
    return;
  }
  BOOST_TEST_REQUIRE(!rows->empty());
  const auto f = himmelblau(x, y);
  const auto f_x = d(f, x);
  const auto f_y = d(f, y);
  static_assert(Expression<decltype(f)>);
  static_assert(std::is_same_v<decltype(himmelblau(1.0, 2.0)), double>);

  for (const auto& [index, row] : *rows) {
    const auto point = numbers(at(row, "x"));
    const auto grad_ref = numbers(at(row, "grad"));
    BOOST_TEST_REQUIRE(point.size() == 2U);
    BOOST_TEST_REQUIRE(grad_ref.size() == 2U);
    const double p = point[0];
    const double q = point[1];
    const double f_ref = number(at(row, "f"));
    BOOST_TEST_CONTEXT("himmelblau at (" << p << ", " << q << ")") {
      const auto [value, gradient] = value_and_grad(f, x, y)(x = p, y = q);
      const auto [gx, gy] = gradient;
      BOOST_TEST(check_close(value, f_ref, rel_tol), "value_and_grad: value");
      BOOST_TEST(check_close(gx, grad_ref[0], rel_tol), "value_and_grad: by x");
      BOOST_TEST(check_close(gy, grad_ref[1], rel_tol), "value_and_grad: by y");
      const auto [hx, hy] = grad(f, x, y)(x = p, y = q);
      BOOST_TEST(check_close(hx, grad_ref[0], rel_tol), "grad: by x");
      BOOST_TEST(check_close(hy, grad_ref[1], rel_tol), "grad: by y");
      BOOST_TEST(check_close(f(x = p, y = q), f_ref, rel_tol), "value");
      BOOST_TEST(check_close(f_x(x = p, y = q), grad_ref[0], rel_tol), "d(f, x) = " << f_x);
      BOOST_TEST(check_close(f_y(x = p, y = q), grad_ref[1], rel_tol), "d(f, y) = " << f_y);

      // The same generic function on doubles.
      BOOST_TEST(check_close(himmelblau(p, q), f_ref, rel_tol), "himmelblau on doubles");
      const double fd_x =
          ctgrad::test::central_difference([&](double t) { return himmelblau(t, q); }, p);
      const double fd_y =
          ctgrad::test::central_difference([&](double t) { return himmelblau(p, t); }, q);
      BOOST_TEST(check_close(gx, fd_x, fd_rel_tol, fd_abs_tol(f_ref)), "by x: central difference");
      BOOST_TEST(check_close(gy, fd_y, fd_rel_tol, fd_abs_tol(f_ref)), "by y: central difference");

      // In float where the computation is exact: inputs, value and gradient are short dyadic
      // fractions (the origin, the minimum (3, 2), ...), so every intermediate float is exact.
      const float pf = static_cast<float>(p);
      const float qf = static_cast<float>(q);
      const bool exact_in_float = pf == p && qf == q && static_cast<float>(f_ref) == f_ref
                                  && static_cast<float>(grad_ref[0]) == grad_ref[0]
                                  && static_cast<float>(grad_ref[1]) == grad_ref[1];
      if (exact_in_float) {
        const auto [value_f, gradient_f] = value_and_grad(f, x, y)(x = pf, y = qf);
        static_assert(std::is_same_v<std::remove_const_t<decltype(value_f)>, float>);
        BOOST_TEST(value_f == f_ref, "value in float");
        BOOST_TEST(std::get<0>(gradient_f) == grad_ref[0], "by x in float");
        BOOST_TEST(std::get<1>(gradient_f) == grad_ref[1], "by y in float");
        BOOST_TEST(himmelblau(pf, qf) == f_ref, "himmelblau on floats");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(chain_rule) {
  const ptree* ref = ctgrad::test::find(reference(), "chain_rule");
  if (ref == nullptr) {
    BOOST_TEST_MESSAGE("chain_rule is not in reference.json: skipped");
    return;
  }
  constexpr var<"w1"> w1;
  constexpr var<"b1"> b1;
  constexpr var<"w2"> w2;
  constexpr var<"b2"> b2;
  constexpr auto y1 = x * w1 + b1;
  constexpr auto y2 = y1 * w2 + b2;

  const auto get = [&](const char* key) { return number(at(*ref, key)); };
  const auto env =
      bind(x = get("x"), w1 = get("w1"), b1 = get("b1"), w2 = get("w2"), b2 = get("b2"));
  BOOST_TEST(check_close(y1(env), get("y1"), rel_tol));
  BOOST_TEST(check_close(y2(env), get("y2"), rel_tol));
  BOOST_TEST(check_close(d(y2, y1)(env), get("dy2_dy1"), rel_tol));
  BOOST_TEST(check_close(d(y1, w1)(env), get("dy1_dw1"), rel_tol));
  BOOST_TEST(check_close(d(y2, w1)(env), get("dy2_dw1"), rel_tol));
  BOOST_TEST(check_close(d(y2, w2)(env), get("dy2_dw2"), rel_tol));
  BOOST_TEST(check_close(d(y2, y1)(env) * d(y1, w1)(env), get("dy2_dw1"), rel_tol));
  const auto [by_y1, by_w1, by_w2] = grad(y2, y1, w1, w2)(env);
  BOOST_TEST(check_close(by_y1, get("dy2_dy1"), rel_tol));
  BOOST_TEST(check_close(by_w1, get("dy2_dw1"), rel_tol));
  BOOST_TEST(check_close(by_w2, get("dy2_dw2"), rel_tol));
  BOOST_TEST(check_close(grad(y1, w1)(env), get("dy1_dw1"), rel_tol));

  // The reference was computed in float32; so is this.
  const auto env_f = bind(x = static_cast<float>(get("x")), w1 = static_cast<float>(get("w1")),
                          b1 = static_cast<float>(get("b1")), w2 = static_cast<float>(get("w2")),
                          b2 = static_cast<float>(get("b2")));
  const auto [value_f, gradient_f] = value_and_grad(y2, y1, w1, w2)(env_f);
  static_assert(std::is_same_v<std::remove_const_t<decltype(value_f)>, float>);
  static_assert(std::is_same_v<decltype(d(y2, w1)(env_f)), float>);
  BOOST_TEST(value_f == static_cast<float>(get("y2")));
  BOOST_TEST(std::get<0>(gradient_f) == static_cast<float>(get("dy2_dy1")));
  BOOST_TEST(std::get<1>(gradient_f) == static_cast<float>(get("dy2_dw1")));
  BOOST_TEST(std::get<2>(gradient_f) == static_cast<float>(get("dy2_dw2")));
  BOOST_TEST(d(y2, w1)(env_f) == static_cast<float>(get("dy2_dw1")));
}

BOOST_AUTO_TEST_CASE(mse) {
  const ptree* ref = ctgrad::test::find(reference(), "mse");
  if (ref == nullptr) {
    BOOST_TEST_MESSAGE("mse is not in reference.json: skipped");
    return;
  }
  constexpr var<"w"> w;
  // F.mse_loss(torch.ones(1), x*w) for one element.
  constexpr auto mse = square(1_c - x * w);
  constexpr auto dmse_dw = d(mse, w);

  const auto xs = numbers(at(*ref, "x"));
  const auto ws = numbers(at(*ref, "w"));
  const auto grads_backward = numbers(at(*ref, "w_grad_backward"));
  const auto grads_autograd = numbers(at(*ref, "w_grad_autograd"));
  BOOST_TEST_REQUIRE(xs.size() == 1U);
  BOOST_TEST_REQUIRE(ws.size() == 1U);
  BOOST_TEST_REQUIRE(grads_backward.size() == 1U);
  BOOST_TEST_REQUIRE(grads_autograd.size() == 1U);
  const double loss = number(at(*ref, "loss"));

  // The reference is float32, as the seed computes: so does ctgrad with float bindings.
  const float xf = static_cast<float>(xs[0]);
  const float wf = static_cast<float>(ws[0]);
  const auto [loss_f, grad_f] = value_and_grad(mse, w)(x = xf, w = wf);
  static_assert(std::is_same_v<std::remove_const_t<decltype(loss_f)>, float>);
  static_assert(std::is_same_v<std::remove_const_t<decltype(grad_f)>, float>);
  BOOST_TEST(loss_f == static_cast<float>(loss));
  BOOST_TEST(grad_f == static_cast<float>(grads_autograd[0]));
  BOOST_TEST(grad_f == static_cast<float>(grads_backward[0]));
  const float symbolic_f = dmse_dw(x = xf, w = wf);
  BOOST_TEST(symbolic_f == static_cast<float>(grads_autograd[0]));
  BOOST_TEST(mse(x = xf, w = wf) == static_cast<float>(loss));

  // And in double.
  const auto [loss_d, grad_d] = value_and_grad(mse, w)(x = xs[0], w = ws[0]);
  BOOST_TEST(check_close(loss_d, loss, rel_tol));
  BOOST_TEST(check_close(grad_d, grads_autograd[0], rel_tol));
  BOOST_TEST(check_close(grad(mse, w)(x = xs[0], w = ws[0]), grads_backward[0], rel_tol));
  BOOST_TEST(check_close(dmse_dw(x = xs[0], w = ws[0]), grads_autograd[0], rel_tol));
  const double fd =
      ctgrad::test::central_difference([&](double t) { return mse(x = xs[0], w = t); }, ws[0]);
  BOOST_TEST(check_close(grad_d, fd, fd_rel_tol, fd_abs_tol(loss)));
}

// A scalar sum of 43 terms, whose gradient runs the terms one after the other rather than from
// one tape of the whole sum (reverse/terms.hpp, "Long sums"): against PyTorch, to the bit against
// evaluation and the sweep of the whole tape (jacobian's), through grad and backward, against
// central differences, and in float.
BOOST_AUTO_TEST_CASE(long_sum) {
  const ptree* ref = ctgrad::test::find(reference(), "long_sum");
  if (ref == nullptr) {
    BOOST_TEST_MESSAGE("long_sum is not in reference.json: skipped");
    return;
  }
  constexpr var<"z", shape<40>> z;
  constexpr auto f = rosenbrock_terms(z, std::make_index_sequence<20>{}) - y * z[0_c] - 3 + sin(y);
  using F = std::remove_cvref_t<decltype(f)>;
  static_assert(detail::terms_v<F> == 43 && detail::sweeps_terms_v<F>);

  const auto z_values = numbers(at(*ref, "z"));
  const auto dz_ref = numbers(at(*ref, "df_dz"));
  BOOST_TEST_REQUIRE(z_values.size() == 40U);
  BOOST_TEST_REQUIRE(dz_ref.size() == 40U);
  std::array<double, 40> zs{};
  std::copy(z_values.begin(), z_values.end(), zs.begin());
  const double yv = number(at(*ref, "y"));
  const double f_ref = number(at(*ref, "f"));
  const double dy_ref = number(at(*ref, "df_dy"));

  const auto [value, gradient] = value_and_grad(f, z, y)(z = zs, y = yv);
  const auto& [gz, gy] = gradient;
  BOOST_TEST(check_close(value, f_ref, rel_tol), "value");
  for (std::size_t i = 0; i < 40; ++i)
    BOOST_TEST(check_close(gz[i], dz_ref[i], rel_tol), "by z[" << i << "]");
  BOOST_TEST(check_close(gy, dy_ref, rel_tol), "by y");

  BOOST_TEST(value == f(z = zs, y = yv), "value_and_grad's value is evaluate's");
  const auto jz = jacobian(f, z)(z = zs, y = yv);
  for (std::size_t i = 0; i < 40; ++i)
    BOOST_TEST(gz[i] == jz[i], "by z[" << i << "]: the whole tape's sweep gives the same");
  BOOST_TEST(gy == jacobian(f, y)(z = zs, y = yv), "by y: the whole tape's sweep gives the same");

  const auto [hz, hy] = grad(f, z, y)(z = zs, y = yv);
  param<double, shape<40>> pz(zs);
  param<double> py(yv);
  BOOST_TEST(backward(f, z = pz, y = py) == value, "backward's loss");
  for (std::size_t i = 0; i < 40; ++i) {
    BOOST_TEST(hz[i] == gz[i], "grad, by z[" << i << "]");
    BOOST_TEST(pz.grad[i] == gz[i], "backward, by z[" << i << "]");
  }
  BOOST_TEST(hy == gy, "grad, by y");
  BOOST_TEST(py.grad == gy, "backward, by y");

  for (std::size_t i = 0; i < 40; ++i) {
    const auto along = [&](double t) {
      auto moved = zs;
      moved[i] = t;
      return f(z = moved, y = yv);
    };
    BOOST_TEST(check_close(gz[i], ctgrad::test::central_difference(along, zs[i]), fd_rel_tol,
                           fd_abs_tol(value)),
               "by z[" << i << "]: central difference");
  }
  BOOST_TEST(
      check_close(gy,
                  ctgrad::test::central_difference([&](double t) { return f(z = zs, y = t); }, yv),
                  fd_rel_tol, fd_abs_tol(value)),
      "by y: central difference");

  // In float: float results, near the double ones at the same (float) inputs.
  std::array<float, 40> zf{};
  std::array<double, 40> zf_in_double{};
  for (std::size_t i = 0; i < 40; ++i) {
    zf[i] = static_cast<float>(zs[i]);
    zf_in_double[i] = zf[i];
  }
  const float yf = static_cast<float>(yv);
  const auto [value_f, gradient_f] = value_and_grad(f, z, y)(z = zf, y = yf);
  static_assert(std::is_same_v<std::remove_const_t<decltype(value_f)>, float>);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(std::get<0>(gradient_f))>,
                               tensor<float, shape<40>>>);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(std::get<1>(gradient_f))>, float>);
  BOOST_TEST(check_close(value_f, f(z = zf_in_double, y = double{yf}), 1e-5), "value in float");
}

BOOST_AUTO_TEST_SUITE_END()
