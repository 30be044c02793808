#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>

// Comparisons and selection (operations/selection.hpp) beyond binary_test's PyTorch references:
// constant evaluation, printing, tensors, and where's branch not taken.

namespace test_selection {

using namespace ctgrad;
using namespace ctgrad::literals;

constexpr var<"x"> x;
constexpr var<"y"> y;

// Compile-time derivatives, with PyTorch's half gradient on a tie.
static_assert(d(maximum(x, y), x)(x = 2.0, y = 1.0) == 1.0);
static_assert(d(maximum(x, y), x)(x = 1.0, y = 1.0) == 0.5);
static_assert(d(minimum(x, y), y)(x = 1.0, y = 1.0) == 0.5);
static_assert(d(clamp(x, -1_c, 1_c), x)(x = 1.0) == 1.0);  // bounds included
static_assert(d(clamp(x, -1_c, 1_c), x)(x = 1.5) == 0.0);
static_assert(d(where(x > 0_c, square(x), -x), x)(x = 3.0) == 6.0);
static_assert(d(where(x > 0_c, square(x), -x), x)(x = -3.0) == -1.0);
// Folded where the rules know the answer.
static_assert(std::is_same_v<decltype(maximum(2_c, 3_c)), constant<3>>);
static_assert(std::is_same_v<decltype(2_c > 3_c), constant<0>>);
static_assert(std::is_same_v<decltype(maximum(x, x)), var<"x">>);
static_assert(std::is_same_v<decltype(where(1_c, x, y)), var<"x">>);

BOOST_AUTO_TEST_CASE(printing) {
  BOOST_TEST(to_string(x > y) == "x > y");
  BOOST_TEST(to_string(x <= 2_c) == "x <= 2");
  BOOST_TEST(to_string(maximum(x, y)) == "maximum(x, y)");
  BOOST_TEST(to_latex(x >= y) == "x \\geq y");
  BOOST_TEST(to_string(logical_not(x < y)) == "logical_not(x < y)");
  BOOST_TEST(logical_not(x < y)(x = 1.0, y = 2.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(the_branch_not_taken_may_be_nan) {
  const auto f = where(x > 0_c, log(x), 0.0);  // PyTorch's value; its gradient is 0 there
  BOOST_TEST(f(x = -1.0) == 0.0);
  BOOST_TEST(grad(f, x)(x = -1.0) == 0.0);
  BOOST_TEST(grad(f, x)(x = 2.0) == 0.5);
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(where(x < 1_c, x, 1.0 / x)(x = 0.0) == 0.0);
  BOOST_TEST(where(x < 1_c, x * inf, x)(x = 2.0) == 2.0);
}

BOOST_AUTO_TEST_CASE(a_variable_as_the_mask_gets_a_zero_gradient) {
  // Its only adjoint is select's constant 0 (Op::flat_argument): the slot starts at 0, rather
  // than waiting for a write that never comes (the tests poison unwritten gradients with NaN).
  const auto [gx, gy] = grad(where(x, y, 2.0), x, y)(x = 1.0, y = 3.0);
  BOOST_TEST(gx == 0.0);
  BOOST_TEST(gy == 1.0);
  BOOST_TEST(grad(where(x, y, 2.0), x)(x = 0.0, y = 3.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(nan_propagates_through_maximum_and_clamp) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(std::isnan(maximum(x, y)(x = nan, y = 1.0)));
  BOOST_TEST(std::isnan(minimum(x, y)(x = 1.0, y = nan)));
  BOOST_TEST(std::isnan(clamp(x, -1_c, 1_c)(x = nan)));
}

BOOST_AUTO_TEST_CASE(on_tensors_broadcast) {
  constexpr var<"v", shape<2, 3>> v;
  constexpr var<"hi", shape<3>> hi;
  const std::array<double, 6> vs{-2.0, -0.5, 0.0, 0.5, 1.0, 3.0};
  const std::array<double, 3> his{0.25, 1.0, 2.0};
  const auto f = sum(clamp(v, -1_c, hi) * v);
  const auto [g_v, g_hi] = grad(f, v, hi)(v = vs, hi = his);
  // clamp(v) = [-1, -0.5, 0], [0.25, 1, 2] against hi = [0.25, 1, 2] per column.
  const std::array<double, 6> expected_v{-1.0, -1.0, 0.0, 0.25, 2.0, 2.0};
  const std::array<double, 3> expected_hi{0.5, 0.0, 3.0};
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(g_v[i] == expected_v[i]);
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST(g_hi[i] == expected_hi[i]);
  // On numbers, the functions compute numbers.
  BOOST_TEST(clamp(3.0, 0.0, 1.0) == 1.0);
  BOOST_TEST(maximum(2.0f, 3.0f) == 3.0f);
}

}  // namespace test_selection
