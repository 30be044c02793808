#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <array>
#include <cstddef>
#include <type_traits>

// hessian, hessian_pattern, hvp and jvp against torch.autograd.functional.hessian, hvp and jvp
// (tests/reference/reference.json, keys `hessian` and `jvp`, float64), against central differences
// of the gradient, and in constant evaluation.

namespace {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::matrix;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::reference;

constexpr double rel_tol = 1e-12;

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"v", shape<3>> v;
constexpr var<"u", shape<3>> u;

// The functions of make_reference.py's `hessian` entry.
constexpr auto scalar_f = x * x * y + sin(y) * x + exp(x * y);
constexpr auto vector_f = sum(exp(v) * v) + square(sum(v)) + v[0_c] * v[1_c] * v[2_c];

// [hessian]
// f = x^2 y + 3 y^2 + 7 x has the Hessian [[2y, 2x], [2x, 6]], here at x = 2, y = 5.
constexpr auto poly = x * x * y + 3_c * y * y + 7_c * x;
constexpr auto poly_h = hessian(poly, x, y)(x = 2.0, y = 5.0);  // a tensor<double, shape<2, 2>>
static_assert(poly_h(0, 0) == 10.0 && poly_h(0, 1) == 4.0 && poly_h(1, 0) == 4.0
              && poly_h(1, 1) == 6.0);

// Which entries can be nonzero is known from the types: d(f, y, y) of x^2 y + 7 x is 0_c.
constexpr auto pattern = hessian_pattern(x * x * y + 7_c * x, x, y);
static_assert(pattern[0][0] && pattern[0][1] && pattern[1][0] && !pattern[1][1]);

// For a tensor variable v, hessian(f, v) has the shape (v's shape, v's shape), and hvp(f, v, u)
// gives H u from one sweep, without forming H; u is a variable bound to the direction.
constexpr auto cubic = sum(v * v * v) + v[0_c] * v[1_c];  // H = diag(6 v) + (e0 e1' + e1 e0')
constexpr auto cubic_h = hessian(cubic, v)(v = std::array{1.0, 2.0, 3.0});
static_assert(cubic_h(0, 0) == 6.0 && cubic_h(0, 1) == 1.0 && cubic_h(2, 2) == 18.0);
constexpr auto cubic_hu =
    hvp(cubic, v, u)(v = std::array{1.0, 2.0, 3.0}, u = std::array{1.0, 0.0, 0.0});
static_assert(cubic_hu[0] == 6.0 && cubic_hu[1] == 1.0 && cubic_hu[2] == 0.0);
// [hessian]
static_assert(std::is_same_v<decltype(poly_h), const tensor<double, shape<2, 2>>>);
static_assert(hessian_pattern(x * x + y * y, x, y)[0][1] == false);

BOOST_AUTO_TEST_CASE(hessian_of_scalar_variables_matches_pytorch) {
  const auto& ref = at(reference(), "hessian");
  const double px = number(at(ref, "x"));
  const double py = number(at(ref, "y"));
  const auto expected = matrix(at(ref, "scalar_hessian"));
  const auto h = hessian(scalar_f, x, y)(x = px, y = py);
  static_assert(std::is_same_v<decltype(h), const tensor<double, shape<2, 2>>>);
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 2; ++j) {
      BOOST_TEST_CONTEXT("H(" << i << ", " << j << ")") {
        BOOST_TEST(check_close(h(i, j), expected[i][j], rel_tol));
        BOOST_TEST(h(i, j) == h(j, i));  // symmetric exactly, not just to rounding
      }
    }
  // Each entry is the same number as the symbolic second derivative.
  BOOST_TEST(check_close(h(0, 1), d(scalar_f, x, y)(x = px, y = py), rel_tol));
  BOOST_TEST(check_close(h(1, 1), d<2>(scalar_f, y)(x = px, y = py), rel_tol));
}

BOOST_AUTO_TEST_CASE(hessian_of_scalar_variables_matches_central_differences) {
  const double px = 0.5;
  const double py = -1.2;
  const auto h = hessian(scalar_f, x, y)(x = px, y = py);
  const auto g = grad(scalar_f, x, y);
  // Column j of H is the derivative of the gradient by variable j.
  const auto by_x = [&](std::size_t i) {
    return central_difference(
        [&](double t) {
          return i == 0 ? std::get<0>(g(x = t, y = py)) : std::get<1>(g(x = t, y = py));
        },
        px);
  };
  const auto by_y = [&](std::size_t i) {
    return central_difference(
        [&](double t) {
          return i == 0 ? std::get<0>(g(x = px, y = t)) : std::get<1>(g(x = px, y = t));
        },
        py);
  };
  for (std::size_t i = 0; i < 2; ++i) {
    BOOST_TEST(check_close(h(i, 0), by_x(i), fd_rel_tol, fd_abs_tol(h(i, 0))));
    BOOST_TEST(check_close(h(i, 1), by_y(i), fd_rel_tol, fd_abs_tol(h(i, 1))));
  }
}

BOOST_AUTO_TEST_CASE(hessian_of_a_tensor_variable_matches_pytorch) {
  const auto& ref = at(reference(), "hessian");
  const auto pv = numbers(at(ref, "v"));
  const auto expected = matrix(at(ref, "vector_hessian"));
  const std::array<double, 3> point{pv[0], pv[1], pv[2]};
  const auto h = hessian(vector_f, v)(v = point);
  static_assert(std::is_same_v<decltype(h), const tensor<double, shape<3, 3>>>);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      BOOST_TEST_CONTEXT("H(" << i << ", " << j << ")") {
        BOOST_TEST(check_close(h(i, j), expected[i][j], rel_tol));
        BOOST_TEST(h(i, j) == h(j, i));
      }
    }
  // Against central differences of the gradient, one coordinate at a time.
  const auto g = grad(vector_f, v);
  for (std::size_t j = 0; j < 3; ++j)
    for (std::size_t i = 0; i < 3; ++i) {
      const double fd = central_difference(
          [&](double t) {
            auto p = point;
            p[j] = t;
            return g(v = p)[i];
          },
          point[j]);
      BOOST_TEST(check_close(h(i, j), fd, fd_rel_tol, fd_abs_tol(h(i, j))));
    }
}

BOOST_AUTO_TEST_CASE(hvp_matches_pytorch_and_the_hessian) {
  const auto& ref = at(reference(), "hessian");
  const auto pv = numbers(at(ref, "v"));
  const auto pu = numbers(at(ref, "u"));
  const auto expected = numbers(at(ref, "hvp"));
  const std::array<double, 3> point{pv[0], pv[1], pv[2]};
  const std::array<double, 3> direction{pu[0], pu[1], pu[2]};
  const auto hu = hvp(vector_f, v, u)(v = point, u = direction);
  const auto h = hessian(vector_f, v)(v = point);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(check_close(hu[i], expected[i], rel_tol));
    double product = 0;
    for (std::size_t j = 0; j < 3; ++j)
      product += h(i, j) * direction[j];
    BOOST_TEST(check_close(hu[i], product, rel_tol));
  }
  // A scalar variable: hvp is f'' u.
  constexpr var<"s"> s;
  BOOST_TEST(check_close(hvp(scalar_f, x, s)(x = 0.5, y = -1.2, s = 3.0),
                         3.0 * d<2>(scalar_f, x)(x = 0.5, y = -1.2), rel_tol));
}

// jvp(f, v, u) against torch.autograd.functional.jvp (key `jvp`) and against a central difference
// of f along u: a vector function of a vector, a scalar one, and a matrix variable.
BOOST_AUTO_TEST_CASE(jvp_matches_pytorch_and_a_difference_along_u) {
  const auto& ref = at(reference(), "jvp");
  const auto pv = numbers(at(ref, "v"));
  const auto pu = numbers(at(ref, "u"));
  const std::array<double, 3> point{pv[0], pv[1], pv[2]};
  const std::array<double, 3> direction{pu[0], pu[1], pu[2]};
  const auto along = [&](double t) {
    std::array<double, 3> q{};
    for (std::size_t i = 0; i < 3; ++i)
      q[i] = point[i] + t * direction[i];
    return q;
  };

  constexpr auto vector_g = softmax<0>(v) * sin(v);
  const auto ju = jvp(vector_g, v, u)(v = point, u = direction);
  static_assert(std::is_same_v<decltype(ju), const tensor<double, shape<3>>>);
  const auto expected = numbers(at(ref, "vector"));
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(check_close(ju[i], expected[i], rel_tol));
    const double fd = central_difference([&](double t) { return vector_g(v = along(t))[i]; }, 0.0);
    BOOST_TEST(check_close(ju[i], fd, fd_rel_tol, fd_abs_tol(ju[i])));
  }

  const double js = jvp(vector_f, v, u)(v = point, u = direction);
  BOOST_TEST(check_close(js, number(at(ref, "scalar")), rel_tol));
  BOOST_TEST(check_close(js, sum(d(vector_f, v) * u)(v = point, u = direction), rel_tol));

  constexpr var<"w", shape<2, 3>> w;
  constexpr var<"dw", shape<2, 3>> dw;
  constexpr var<"xs", shape<3, 1>> xv;
  constexpr auto layer = tanh(matmul(w, xv));
  const auto pw = ctgrad::test::values<double>(at(ref, "w"));
  const auto pdw = ctgrad::test::values<double>(at(ref, "dw"));
  const auto px = numbers(at(ref, "x"));
  const auto jw = jvp(layer, w, dw)(w = pw, dw = pdw, xv = px);
  const auto expected_w = numbers(at(ref, "matrix"));
  for (std::size_t i = 0; i < 2; ++i)
    BOOST_TEST(check_close(jw[i], expected_w[i], rel_tol));
}

// jvp in constant evaluation: f = v * v has J = diag(2 v), so J u = 2 v u.
constexpr auto squares_ju =
    jvp(v * v, v, u)(v = std::array{1.0, 2.0, 3.0}, u = std::array{1.0, 0.5, -1.0});
static_assert(squares_ju[0] == 2.0 && squares_ju[1] == 2.0 && squares_ju[2] == -6.0);

BOOST_AUTO_TEST_CASE(hessian_keeps_float) {
  const auto h = hessian(scalar_f, x, y)(x = 0.5f, y = -1.2f);
  static_assert(std::is_same_v<decltype(h), const tensor<float, shape<2, 2>>>);
  const auto hd = hessian(scalar_f, x, y)(x = 0.5, y = -1.2);
  for (std::size_t k = 0; k < 4; ++k)
    BOOST_TEST(check_close(h[k], hd[k], 1e-5));
  const auto hv = hessian(vector_f, v)(v = std::array{0.1f, 0.2f, 0.3f});
  static_assert(std::is_same_v<decltype(hv), const tensor<float, shape<3, 3>>>);
}

}  // namespace
