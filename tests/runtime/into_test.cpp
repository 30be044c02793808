#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// into(places...): grad and value_and_grad writing the gradient where the caller keeps it, one
// place per variable. The places start filled with a number the gradient does not hold (so a
// place left unwritten, or added into instead of overwritten, shows), and must end holding exactly
// what the returned gradient holds, bit for bit:
//   kinds_of_place     a number, a tensor, a std::array, a C array, std::spans of fixed and of
//                      dynamic extent, a std::vector; into() of a named gradient function and of
//                      a temporary one;
//   kinds_of_slot      a variable written once from a fused loop, one added into from several
//                      places (x twice), one whose slices are gathered (Rosenbrock over x[0::2]
//                      and x[1::2]), a whole tensor from a matrix product, a let expression, a
//                      variable f does not reach (its place gets 0);
//   sigmoid_layer      the seed's layer, into a std::vector<float>, against PyTorch (float32)
//                      and, in double, against central differences;
//   wrong_size         a range whose size is known only at run time and differs:
//                      std::invalid_argument naming the variable and both sizes, and no place
//                      written;
//   float_stays_float  float bindings write float places.

namespace test_into {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::reference;
using ctgrad::test::values;

constexpr double unwritten = 123.25;

// same(place, gradient): the place holds the gradient's numbers exactly.
template <class Place, class Gradient>
bool same(const Place& place, const Gradient& gradient) {
  if constexpr (std::is_arithmetic_v<Gradient>) {
    return std::bit_cast<std::uint64_t>(double(place))
           == std::bit_cast<std::uint64_t>(double(gradient));
  } else {
    std::size_t i = 0;
    for (const auto g : gradient)
      if (std::bit_cast<std::uint64_t>(double(std::data(place)[i++]))
          != std::bit_cast<std::uint64_t>(double(g)))
        return false;
    return i == std::size(place);
  }
}

BOOST_AUTO_TEST_CASE(kinds_of_place) {
  constexpr var<"x", shape<4>> x;
  constexpr var<"m", shape<2, 2>> m;
  constexpr var<"s"> s;
  constexpr auto f = sum(square(x - s)) * sum(exp(m)) + s * s;
  const std::array<double, 4> xs{0.5, -1.25, 2.0, 0.75};
  const std::array<double, 4> ms{0.1, 0.2, -0.3, 0.4};
  const auto [value, gradient] = value_and_grad(f, x, m, s)(x = xs, m = ms, s = 0.3);
  const auto& [gx, gm, gs] = gradient;

  double ds = unwritten;
  std::array<double, 4> dx_array;
  dx_array.fill(unwritten);
  tensor<double, shape<2, 2>> dm_tensor;
  dm_tensor.data.fill(unwritten);
  const double v =
      value_and_grad(f, x, m, s).into(dx_array, dm_tensor, ds)(x = xs, m = ms, s = 0.3);
  BOOST_TEST(v == value);
  BOOST_TEST(same(dx_array, gx));
  BOOST_TEST(same(dm_tensor.data, gm));
  BOOST_TEST(same(ds, gs));

  // A named gradient function: into() refers to it rather than copying it.
  double dx_c[4] = {unwritten, unwritten, unwritten, unwritten};
  std::vector<double> dm_vector(4, unwritten);
  ds = unwritten;
  const auto named = value_and_grad(f, x, m, s);
  BOOST_TEST(named.into(dx_c, dm_vector, ds)(x = xs, m = ms, s = 0.3) == value);
  BOOST_TEST(same(dx_c, gx));
  BOOST_TEST(same(dm_vector, gm));
  BOOST_TEST(same(ds, gs));

  std::fill(std::begin(dx_c), std::end(dx_c), unwritten);
  std::fill(dm_vector.begin(), dm_vector.end(), unwritten);
  ds = unwritten;
  static_assert(std::is_void_v<
                decltype(grad(f, x, m, s).into(dx_c, dm_vector, ds)(x = xs, m = ms, s = 0.3))>);
  grad(f, x, m, s).into(dx_c, dm_vector, ds)(x = xs, m = ms, s = 0.3);
  BOOST_TEST(same(dx_c, gx));
  BOOST_TEST(same(dm_vector, gm));
  BOOST_TEST(same(ds, gs));

  std::array<double, 8> both;
  both.fill(unwritten);
  grad(f, x, m).into(std::span<double, 4>(both.data(), 4),
                     std::span<double>(both.data() + 4, 4))(x = xs, m = ms, s = 0.3);
  BOOST_TEST(same(std::span(both.data(), 4), gx));
  BOOST_TEST(same(std::span(both.data() + 4, 4), gm));
}

BOOST_AUTO_TEST_CASE(kinds_of_slot) {
  constexpr var<"x", shape<6>> x;
  constexpr var<"w", shape<2, 3>> w;
  constexpr var<"u", shape<3, 1>> u;
  constexpr var<"unused", shape<2>> unused;
  const std::array<double, 6> xs{0.3, -0.7, 1.1, 0.4, -0.2, 0.9};
  const std::array<double, 6> ws{0.5, -0.1, 0.2, 0.3, 0.8, -0.6};
  const std::array<double, 3> us{1.5, -0.5, 0.25};
  const std::array<double, 2> nothing{1.0, 2.0};

  const auto check = [&](const auto& f) {
    const auto [value, gradient] =
        value_and_grad(f, x, w, u, unused)(x = xs, w = ws, u = us, unused = nothing);
    const auto& [gx, gw, gu, gn] = gradient;
    std::vector<double> dx(6, unwritten), dw(6, unwritten), du(3, unwritten), dn(2, unwritten);
    const double v = value_and_grad(f, x, w, u, unused)
                         .into(dx, dw, du, dn)(x = xs, w = ws, u = us, unused = nothing);
    BOOST_TEST(v == value);
    BOOST_TEST(same(dx, gx));
    BOOST_TEST(same(dw, gw));
    BOOST_TEST(same(du, gu));
    BOOST_TEST(same(dn, gn));
    BOOST_TEST((dn == std::vector<double>{0.0, 0.0}));
  };
  // x written once from a fused loop; w a whole tensor from the product; u added into thrice.
  BOOST_TEST_CONTEXT("fused, product, repeated") {
    check(sum(sin(x)) + sum(square(matmul(w, u))) + sum(u * u));
  }
  // x's slices gathered into it (Rosenbrock), w and u through a let expression.
  BOOST_TEST_CONTEXT("slices, let") {
    constexpr auto a = slice<0, 6, 2>(x);
    constexpr auto b = slice<1, 6, 2>(x);
    constexpr auto p = let<"p">(matmul(w, u));
    check(sum(100 * square(square(a) - b) + square(1 - a)) + sum(p * p) + sum(exp(p)));
  }
}

// Seed part 3 with into: o = sigmoid(x @ w.t()), loss = mse_loss(ones(1, 2), o), w's gradient.
BOOST_AUTO_TEST_CASE(sigmoid_layer) {
  constexpr var<"x", shape<1, 10>> x;
  constexpr var<"w", shape<2, 10>> w;
  constexpr auto loss = mse_loss(c<1>, sigmoid(matmul(x, t(w))));
  const auto& data = at(reference(), "sigmoid_layer");
  const std::vector<double> x_ref = values<double>(at(data, "x"));
  const std::vector<double> w_ref = values<double>(at(data, "w"));
  const std::vector<double> expected = values<double>(at(data, "w_grad"));
  const std::vector<float> xs = values<float>(at(data, "x"));
  const std::vector<float> ws = values<float>(at(data, "w"));
  std::vector<float> dw(20, float(unwritten));
  const float value = value_and_grad(loss, w).into(dw)(x = xs, w = ws);
  BOOST_TEST(check_close(value, number(at(data, "loss")), 8 * FLT_EPSILON));
  for (std::size_t k = 0; k < 20; ++k)
    BOOST_TEST_CONTEXT("w[" << k << "]") {
      BOOST_TEST(check_close(dw[k], expected[k], 8 * FLT_EPSILON));
    }

  // In double, against central differences of the loss in each element of w.
  std::array<double, 20> dw_double;
  grad(loss, w).into(dw_double)(x = x_ref, w = w_ref);
  for (std::size_t k = 0; k < 20; ++k) {
    const auto f = [&](double p) {
      std::vector<double> shifted = w_ref;
      shifted[k] = p;
      return loss(x = x_ref, w = shifted);
    };
    BOOST_TEST_CONTEXT("w[" << k << "] in double") {
      BOOST_TEST(check_close(dw_double[k], central_difference(f, w_ref[k]), fd_rel_tol,
                             fd_abs_tol(loss(x = x_ref, w = w_ref))));
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_size) {
  constexpr var<"x", shape<3>> x;
  constexpr var<"w", shape<2, 2>> w;
  constexpr auto f = sum(x * x) + sum(w);
  const std::array<double, 3> xs{1.0, 2.0, 3.0};
  const std::array<double, 4> ws{1.0, 2.0, 3.0, 4.0};
  std::vector<double> dx(3, unwritten);
  std::vector<double> dw(5, unwritten);
  try {
    grad(f, x, w).into(dx, dw)(x = xs, w = ws);
    BOOST_ERROR("into wrote a gradient of 4 values into a place that holds 5");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what())
               == "ctgrad: into: the gradient by variable 'w' has shape [2, 2] (4 values), but "
                  "the place given for it holds 5");
  }
  BOOST_TEST((dx == std::vector<double>(3, unwritten)));
  BOOST_TEST((dw == std::vector<double>(5, unwritten)));
}

BOOST_AUTO_TEST_CASE(float_stays_float) {
  constexpr var<"x", shape<3>> x;
  constexpr var<"s"> s;
  constexpr auto f = sum(exp(x * s));
  const std::array<float, 3> xs{0.5f, 1.0f, -0.5f};
  std::array<float, 3> dx;
  float ds;
  const auto value = value_and_grad(f, x, s).into(dx, ds)(x = xs, s = 2.0f);
  static_assert(std::is_same_v<decltype(value), const float>);
  const auto [expected_value, gradient] = value_and_grad(f, x, s)(x = xs, s = 2.0f);
  BOOST_TEST(value == expected_value);
  BOOST_TEST(same(dx, std::get<0>(gradient)));
  BOOST_TEST(same(ds, std::get<1>(gradient)));
}

}  // namespace test_into
