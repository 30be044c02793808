#include <boost/test/unit_test.hpp>

#include "reference.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

// Checks the reference-data loader (tests/support/reference.hpp) and the data's own consistency.

namespace {

using ctgrad::test::at;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;

// The first element of a JSON array.
const ptree& first(const ptree& array) {
  BOOST_REQUIRE(!array.empty());
  return array.front().second;
}

// A leaf node holding text, as the JSON parser stores every value.
ptree leaf(const std::string& text) {
  ptree node;
  node.put_value(text);
  return node;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reference_data)

BOOST_AUTO_TEST_CASE(seed_scalars) {
  BOOST_TEST(number(at(reference(), "chain_rule.dy2_dw1")) == 2.0);
  BOOST_TEST(number(at(reference(), "chain_rule.y2")) == 7.0);
  BOOST_TEST(number(at(reference(), "mse.loss")) == 1.0);
  BOOST_TEST(ctgrad::test::numbers(at(reference(), "mse.w_grad_autograd"))
                 == std::vector<double>{2.0},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(at_follows_keys_containing_dots) {
  const ptree& rows = at(reference(), "elementary.pow_0.5");
  BOOST_TEST(rows.size() == 6U);
  BOOST_TEST(number(at(first(rows), "x")) == -2.5);
}

BOOST_AUTO_TEST_CASE(at_throws_for_missing_paths) {
  BOOST_CHECK_THROW(at(reference(), "chain_rule.no_such_key"), std::out_of_range);
  BOOST_CHECK_THROW(at(reference(), "chain"), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(non_finite_strings) {
  BOOST_TEST(std::isnan(number(leaf("nan"))));
  BOOST_TEST(number(leaf("inf")) == std::numeric_limits<double>::infinity());
  BOOST_TEST(number(leaf("-inf")) == -std::numeric_limits<double>::infinity());
  BOOST_TEST(number(leaf("-0.0")) == 0.0);
  BOOST_CHECK_THROW(number(leaf("1.5x")), std::invalid_argument);
  BOOST_CHECK_THROW(number(leaf("")), std::invalid_argument);
  BOOST_CHECK_THROW(number(at(reference(), "chain_rule")), std::invalid_argument);

  // log is NaN below 0 and -inf at 0, where its derivative is +inf.
  int negative_rows = 0;
  for (const auto& [key, row] : at(reference(), "elementary.log")) {
    const double x = number(at(row, "x"));
    if (x < 0) {
      BOOST_TEST(std::isnan(number(at(row, "f"))));
      ++negative_rows;
    } else if (x == 0) {
      BOOST_TEST(number(at(row, "f")) == -std::numeric_limits<double>::infinity());
      BOOST_TEST(number(at(row, "df")) == std::numeric_limits<double>::infinity());
    }
  }
  BOOST_TEST(negative_rows == 2);
}

BOOST_AUTO_TEST_CASE(softmax_jacobian_rows_sum_to_zero) {
  const auto jacobian = ctgrad::test::matrix(at(first(at(reference(), "softmax")), "dp_da"));
  BOOST_REQUIRE(jacobian.size() == 3U);
  for (const auto& row : jacobian) {
    BOOST_REQUIRE(row.size() == 3U);
    BOOST_TEST(ctgrad::test::check_close(row[0] + row[1] + row[2], 0.0, 0.0, 1e-7));
  }
}

BOOST_AUTO_TEST_CASE(close_handles_non_finite_values) {
  using ctgrad::test::close;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(close(nan, nan, 0.0));
  BOOST_TEST(!close(nan, 1.0, 1.0));
  BOOST_TEST(close(inf, inf, 0.0));
  BOOST_TEST(!close(inf, -inf, 1.0));
  BOOST_TEST(!close(inf, 1e308, 1.0));
  BOOST_TEST(close(1.0 + 1e-13, 1.0, 1e-12));
  BOOST_TEST(!close(1.0 + 1e-11, 1.0, 1e-12));
  BOOST_TEST(close(1e-20, 0.0, 1e-12, 1e-15));
  BOOST_TEST(!close(1e-20, 0.0, 1e-12));

  const auto failure = ctgrad::test::check_close(1.5, 2.5, 1e-9);
  BOOST_TEST(!failure);
  const auto text = failure.message();
  const std::string message(text.begin(), text.end());
  BOOST_TEST(message.find("1.5") != std::string::npos);
  BOOST_TEST(message.find("2.5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(central_difference_of_sin) {
  const double slope = ctgrad::test::central_difference([](double x) { return std::sin(x); }, 0.3);
  BOOST_TEST(std::fabs(slope - std::cos(0.3)) <= 1e-9);
}

BOOST_AUTO_TEST_CASE(exp_sin_higher_matches_closed_form) {
  // d^n/dx^n e^x sin x = 2^(n/2) e^x sin(x + n pi/4)
  for (const auto& [key, row] : at(reference(), "exp_sin_higher")) {
    const double x = number(at(row, "x"));
    const auto derivatives = ctgrad::test::numbers(at(row, "derivatives"));
    BOOST_REQUIRE(derivatives.size() == 9U);
    for (int n = 0; n < 9; ++n) {
      const double exact =
          std::pow(2.0, n / 2.0) * std::exp(x) * std::sin(x + n * std::numbers::pi / 4);
      BOOST_TEST(ctgrad::test::check_close(derivatives[n], exact, 1e-13, 1e-14));
    }
  }
}

BOOST_AUTO_TEST_CASE(himmelblau_grad_matches_hand_derivative) {
  for (const auto& [key, row] : at(reference(), "himmelblau_grad")) {
    const auto p = ctgrad::test::numbers(at(row, "x"));
    const auto grad = ctgrad::test::numbers(at(row, "grad"));
    BOOST_REQUIRE(p.size() == 2U);
    BOOST_REQUIRE(grad.size() == 2U);
    const double a = p[0] * p[0] + p[1] - 11;
    const double b = p[0] + p[1] * p[1] - 7;
    BOOST_TEST(ctgrad::test::check_close(number(at(row, "f")), a * a + b * b, 1e-14, 1e-12));
    BOOST_TEST(ctgrad::test::check_close(grad[0], 4 * p[0] * a + 2 * b, 1e-13, 1e-10));
    BOOST_TEST(ctgrad::test::check_close(grad[1], 2 * a + 4 * p[1] * b, 1e-13, 1e-10));
  }
}

BOOST_AUTO_TEST_CASE(binary_pow_has_both_mixed_partials) {
  const ptree& first_row = first(at(reference(), "binary.pow"));
  BOOST_TEST(number(at(first_row, "x")) == 0.5);
  BOOST_TEST(number(at(first_row, "y")) == 2.0);
  BOOST_TEST(number(at(first_row, "f")) == 0.25);
  BOOST_TEST(number(at(first_row, "df_dx")) == 1.0);
  BOOST_TEST(ctgrad::test::check_close(number(at(first_row, "d2f_dxdy")),
                                       number(at(first_row, "d2f_dydx")), 1e-15));
}

BOOST_AUTO_TEST_SUITE_END()
