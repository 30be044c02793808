// Checks of computed tensors against reference numbers, shared by the runtime tests:
// float_rel_tol, elements(v), max_abs(v) and check_values(actual, expected, rel_tol, abs_tol).
#pragma once

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <vector>

namespace ctgrad::test {

// float_rel_tol: float results against PyTorch's float32 ones, 8 ulps of float, relative. Both
// compute the same float operations, at most in another order: short dot products whose terms
// hardly cancel, then an exp or tanh and a division, each rounding within one ulp.
inline constexpr double float_rel_tol = 8 * FLT_EPSILON;

// elements(v): a number or a tensor value's elements, as doubles.
template <class V>
std::vector<double> elements(const V& v) {
  if constexpr (Number<V>) {
    return {static_cast<double>(v)};
  } else {
    std::vector<double> result;
    for (std::size_t i = 0; i < v.size(); ++i)
      result.push_back(static_cast<double>(v[i]));
    return result;
  }
}

// max_abs(v): the largest magnitude among v's elements.
inline double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (const double e : v)
    m = std::max(m, std::fabs(e));
  return m;
}

// check_values(actual, expected, rel_tol, abs_tol): every element of a tensor value (or a
// number) close to the flattened reference `expected`: a vector, or a JSON array or number.
template <class V>
void check_values(const V& actual, const std::vector<double>& expected,
                  double rel_tol = float_rel_tol, double abs_tol = 0) {
  const std::vector<double> got = elements(actual);
  BOOST_TEST_REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    BOOST_TEST(check_close(got[i], expected[i], rel_tol, abs_tol), "element " << i);
}
template <class V>
void check_values(const V& actual, const ptree& expected, double rel_tol = float_rel_tol,
                  double abs_tol = 0) {
  check_values(actual,
               expected.empty() ? std::vector<double>{number(expected)} : values<double>(expected),
               rel_tol, abs_tol);
}

}  // namespace ctgrad::test
