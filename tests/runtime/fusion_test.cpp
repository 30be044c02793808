#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <array>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <tuple>
#include <type_traits>

// Fused regions (detail/tape.hpp): elementwise tensor expressions computed, and swept in reverse,
// element by element. Each case reaches one way the reverse loop hands on an adjoint, and checks
// the gradient against its formula written out by hand and against central differences:
//   scalar_inputs      (x - mu) / sigma squared and summed: x's adjoint straight into its slot,
//                      mu's and sigma's summed over the elements (the normal log-pdf); the
//                      squares are not stored, as only their sum is read;
//   divisors           a / s, a / b, a / r: a scalar divisor's reciprocal computed once for the
//                      reverse loop, a tensor and a broadcast row divided at each element;
//   broadcast_input    tanh(x @ w + b) with b broadcast over the rows: b's adjoint summed per
//                      column, and the product's adjoint kept as a tensor and swept on;
//   repeated_variable  x twice in the region and once outside it: the slot accumulates;
//   interior_target    grad by a subexpression inside a region;
//   let_input          a let expression as an input: its adjoint goes into its let slot;
//   flat_operation     sign(x) * x: the pullback through sign is 0 and is not taken;
//   gathered_input     Rosenbrock over slices of x (x[0::2], x[1::2]), also against PyTorch: each
//                      slice's adjoint goes into the elements of x it takes;
//   tensor_adjoint     a Jacobian, whose seeds are tensors rather than sum's one number;
//   float_stays_float  float bindings compute in float.

namespace test_fusion {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::reference;

// The formulas written out compute the same operations in another order: a few roundings apart.
constexpr double rel_tol = 1e-12;

constexpr var<"x", shape<4>> x;
constexpr var<"mu"> mu;
constexpr var<"sigma"> sigma;
constexpr std::array<double, 4> xs{0.3, -1.2, 2.5, 0.75};

// partial(f, values, i): d f / d values[i] by central differences, f taking the array.
template <class F, std::size_t N>
double partial(F f, std::array<double, N> values, std::size_t i) {
  return central_difference(
      [&](double v) {
        auto moved = values;
        moved[i] = v;
        return f(moved);
      },
      values[i]);
}

BOOST_AUTO_TEST_CASE(scalar_inputs) {
  constexpr auto z = (x - mu) / sigma;
  static_assert(detail::fused_v<std::remove_cvref_t<decltype(square(z))>>);
  constexpr auto f = -0.5 * sum(square(z)) - 4 * log(sigma);
  const double m = 0.4;
  const double s = 1.7;
  const auto [value, gradient] = value_and_grad(f, x, mu, sigma)(x = xs, mu = m, sigma = s);
  const auto& [gx, gmu, gsigma] = gradient;
  // Only the sum reads the squares: the forward loop does not store them, only the quotients.
  using env = decltype(detail::as_bindings(x = xs, mu = m, sigma = s));
  using summed = detail::summed_region<double, std::remove_cvref_t<decltype(square(z))>, env>;
  static_assert(!summed::stored && decltype(summed::a)::stored);
  double sum_z = 0;
  double sum_z2 = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const double zi = (xs[i] - m) / s;
    sum_z += zi;
    sum_z2 += zi * zi;
    BOOST_TEST(check_close(gx[i], -zi / s, rel_tol));
    const auto by_x = [&](const std::array<double, 4>& v) { return f(x = v, mu = m, sigma = s); };
    BOOST_TEST(check_close(gx[i], partial(by_x, xs, i), fd_rel_tol, fd_abs_tol(value)));
  }
  BOOST_TEST(check_close(value, -0.5 * sum_z2 - 4 * std::log(s), rel_tol));
  BOOST_TEST(check_close(gmu, sum_z / s, rel_tol));
  BOOST_TEST(check_close(gsigma, (sum_z2 - 4) / s, rel_tol));
  BOOST_TEST(check_close(
      gmu, central_difference([&](double v) { return f(x = xs, mu = v, sigma = s); }, m),
      fd_rel_tol, fd_abs_tol(value)));
  BOOST_TEST(check_close(
      gsigma, central_difference([&](double v) { return f(x = xs, mu = m, sigma = v); }, s),
      fd_rel_tol, fd_abs_tol(value)));
}

// Constant evaluation reads no uninitialized value: the forward loop stores what the reverse loop
// reads (the quotient), and the sums start at zero.
constexpr auto constant_gradient = value_and_grad(-0.5 * sum(square((x - mu) / sigma)), x, mu,
                                                  sigma)(x = xs, mu = 0.5, sigma = 2.0);
constexpr double constant_mu_error =
    std::get<1>(constant_gradient.second) - ((0.3 - 1.2 + 2.5 + 0.75) - 4 * 0.5) / 4;
static_assert(constant_mu_error < 1e-15 && constant_mu_error > -1e-15);

BOOST_AUTO_TEST_CASE(broadcast_input) {
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"w", shape<3, 3>> w;
  constexpr var<"b", shape<3>> b;
  constexpr auto f = mean(square(tanh(matmul(a, w) + b)));
  const std::array<double, 6> av{0.3, -0.2, 0.9, 0.5, 0.1, -0.7};
  const std::array<double, 9> wv{0.1, 0.5, -0.4, 0.7, -0.3, 0.2, -0.6, 0.8, 0.05};
  const std::array<double, 3> bv{0.2, -0.1, 0.3};
  const auto [value, gradient] = value_and_grad(f, w, b)(a = av, w = wv, b = bv);
  const auto& [gw, gb] = gradient;
  std::array<double, 3> expected_b{};
  std::array<double, 9> expected_w{};
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      double z = bv[j];
      for (std::size_t k = 0; k < 3; ++k)
        z += av[i * 3 + k] * wv[k * 3 + j];
      const double h = std::tanh(z);
      const double dz = 2 * h * (1 - h * h) / 6;
      expected_b[j] += dz;
      for (std::size_t k = 0; k < 3; ++k)
        expected_w[k * 3 + j] += av[i * 3 + k] * dz;
    }
  for (std::size_t j = 0; j < 3; ++j) {
    BOOST_TEST(check_close(gb[j], expected_b[j], rel_tol));
    const auto by_b = [&](const std::array<double, 3>& v) { return f(a = av, w = wv, b = v); };
    BOOST_TEST(check_close(gb[j], partial(by_b, bv, j), fd_rel_tol, fd_abs_tol(value)));
  }
  for (std::size_t k = 0; k < 9; ++k) {
    BOOST_TEST(check_close(gw[k], expected_w[k], rel_tol));
    const auto by_w = [&](const std::array<double, 9>& v) { return f(a = av, w = v, b = bv); };
    BOOST_TEST(check_close(gw[k], partial(by_w, wv, k), fd_rel_tol, fd_abs_tol(value)));
  }
}

// A quotient's reverse loop multiplies by the reciprocal of a scalar divisor, computed once, and
// divides by a tensor of the region's shape and by a broadcast row at each element.
BOOST_AUTO_TEST_CASE(divisors) {
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"b", shape<2, 3>> b;
  constexpr var<"r", shape<3>> r;
  constexpr var<"s"> s;
  constexpr auto f = sum(square(a / s) + a / b + a / r);
  const std::array<double, 6> av{0.3, -1.2, 2.5, 0.75, -0.4, 1.1};
  const std::array<double, 6> bv{1.5, -0.7, 2.2, 0.9, 1.3, -2.4};
  const std::array<double, 3> rv{0.8, -1.6, 2.9};
  const double sv = 1.7;
  const auto [value, gradient] = value_and_grad(f, a, b, r, s)(a = av, b = bv, r = rv, s = sv);
  const auto& [ga, gb, gr, gs] = gradient;
  std::array<double, 3> expected_r{};
  double expected_s = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t j = i % 3;
    BOOST_TEST(check_close(ga[i], 2 * av[i] / (sv * sv) + 1 / bv[i] + 1 / rv[j], rel_tol));
    BOOST_TEST(check_close(gb[i], -av[i] / (bv[i] * bv[i]), rel_tol));
    expected_r[j] -= av[i] / (rv[j] * rv[j]);
    expected_s -= 2 * av[i] * av[i] / (sv * sv * sv);
  }
  for (std::size_t j = 0; j < 3; ++j)
    BOOST_TEST(check_close(gr[j], expected_r[j], rel_tol));
  BOOST_TEST(check_close(gs, expected_s, rel_tol));
  BOOST_TEST(check_close(
      gs, central_difference([&](double v) { return f(a = av, b = bv, r = rv, s = v); }, sv),
      fd_rel_tol, fd_abs_tol(value)));
  const auto by_a = [&](const std::array<double, 6>& v) {
    return f(a = v, b = bv, r = rv, s = sv);
  };
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(ga[i], partial(by_a, av, i), fd_rel_tol, fd_abs_tol(value)));
}

BOOST_AUTO_TEST_CASE(repeated_variable) {
  constexpr auto f = sum(exp(x) * x) + sum(x);
  const auto [value, gx] = value_and_grad(f, x)(x = xs);
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(check_close(gx[i], std::exp(xs[i]) * (1 + xs[i]) + 1, rel_tol));
    const auto by_x = [&](const std::array<double, 4>& v) { return f(x = v); };
    BOOST_TEST(check_close(gx[i], partial(by_x, xs, i), fd_rel_tol, fd_abs_tol(value)));
  }
}

BOOST_AUTO_TEST_CASE(interior_target) {
  // grad by u = x * mu holds u fixed: d/du of sum(sin(u + 1)) is cos(u + 1), element by element.
  constexpr auto u = x * mu;
  constexpr auto f = sum(sin(u + 1));
  const auto [gu, gmu] = grad(f, u, mu)(x = xs, mu = 0.8);
  double expected_mu = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(check_close(gu[i], std::cos(xs[i] * 0.8 + 1), rel_tol));
    expected_mu += std::cos(xs[i] * 0.8 + 1) * xs[i];
  }
  BOOST_TEST(check_close(gmu, expected_mu, rel_tol));
}

BOOST_AUTO_TEST_CASE(let_input) {
  constexpr auto e = let<"e">(exp(x));
  constexpr auto f = sum(e * e + log(e + 1)) + mean(e);
  constexpr auto f_tree = sum(exp(x) * exp(x) + log(exp(x) + 1)) + mean(exp(x));
  const auto [value, gx] = value_and_grad(f, x)(x = xs);
  const auto [value_tree, gx_tree] = value_and_grad(f_tree, x)(x = xs);
  BOOST_TEST(check_close(value, value_tree, rel_tol));
  for (std::size_t i = 0; i < 4; ++i) {
    const double ei = std::exp(xs[i]);
    BOOST_TEST(check_close(gx[i], (2 * ei + 1 / (ei + 1) + 0.25) * ei, rel_tol));
    BOOST_TEST(check_close(gx[i], gx_tree[i], rel_tol));
  }
}

BOOST_AUTO_TEST_CASE(flat_operation) {
  constexpr auto f = sum(sign(x) * x * mu);
  const auto [gx, gmu] = grad(f, x, mu)(x = xs, mu = 1.5);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(gx[i] == (xs[i] > 0 ? 1.5 : -1.5));
  BOOST_TEST(check_close(gmu, std::abs(xs[0]) + std::abs(xs[1]) + std::abs(xs[2]) + std::abs(xs[3]),
                         rel_tol));
}

BOOST_AUTO_TEST_CASE(gathered_input) {
  constexpr var<"z", shape<8>> z;
  constexpr auto a = slice<0, 8, 2>(z);
  constexpr auto b = slice<1, 8, 2>(z);
  constexpr auto f = sum(100 * square(square(a) - b) + square(1 - a));
  const std::array<double, 8> zs{0.5, 1.2, -0.3, 0.8, 1.1, 0.9, -1.0, 2.0};
  const auto [value, gz] = value_and_grad(f, z)(z = zs);
  double expected_value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const double p = zs[2 * i];
    const double q = zs[2 * i + 1];
    const double t = p * p - q;
    expected_value += 100 * t * t + (1 - p) * (1 - p);
    BOOST_TEST(check_close(gz[2 * i], 400 * t * p - 2 * (1 - p), rel_tol));
    BOOST_TEST(check_close(gz[2 * i + 1], -200 * t, rel_tol));
  }
  BOOST_TEST(check_close(value, expected_value, rel_tol));
  // Against PyTorch (reference.json's slicing: the same z, z[0::2] and z[1::2]).
  const auto& entry = at(reference(), "slicing");
  const auto z_reference = numbers(at(entry, "z"));
  const auto dz_reference = numbers(at(entry, "drosenbrock_dz"));
  BOOST_TEST(check_close(value, number(at(entry, "rosenbrock")), rel_tol));
  for (std::size_t i = 0; i < 8; ++i) {
    BOOST_TEST(z_reference[i] == zs[i]);
    BOOST_TEST(check_close(gz[i], dz_reference[i], rel_tol));
  }
  for (std::size_t i = 0; i < 8; ++i) {
    const auto by_z = [&](const std::array<double, 8>& v) { return f(z = v); };
    BOOST_TEST(check_close(gz[i], partial(by_z, zs, i), fd_rel_tol, fd_abs_tol(value)));
  }
}

BOOST_AUTO_TEST_CASE(tensor_adjoint) {
  const auto j = jacobian(exp(x) * mu, x)(x = xs, mu = 0.5);
  for (std::size_t r = 0; r < 4; ++r)
    for (std::size_t c = 0; c < 4; ++c)
      BOOST_TEST(j(r, c) == (r == c ? std::exp(xs[r]) * 0.5 : 0.0));
}

BOOST_AUTO_TEST_CASE(float_stays_float) {
  constexpr auto f = -0.5 * sum(square((x - mu) / sigma));
  const std::array<float, 4> xf{0.3F, -1.2F, 2.5F, 0.75F};
  const auto [value, gradient] = value_and_grad(f, x, mu)(x = xf, mu = 0.4F, sigma = 1.7F);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(value)>, float>);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(std::get<0>(gradient))>,
                               tensor<float, shape<4>>>);
  const auto [value_d, gradient_d] = value_and_grad(f, x, mu)(x = xs, mu = 0.4, sigma = 1.7);
  // A few float operations per element and a sum of 4: 8 ulps of float.
  BOOST_TEST(check_close(value, value_d, 8 * FLT_EPSILON));
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(check_close(std::get<0>(gradient)[i], std::get<0>(gradient_d)[i], 8 * FLT_EPSILON));
  BOOST_TEST(check_close(std::get<1>(gradient), std::get<1>(gradient_d), 8 * FLT_EPSILON));
}

}  // namespace test_fusion
