#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "message_of.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

// Indexing and slicing tensors of a dynamic shape: p[i], p[2_c], p[-1_c] and slice<1, 4, 2>(p),
// whose bounds are checked when values are bound. Each value and gradient is compared with the
// same computation on static shapes (exactly), with central differences, and with symbolic d.

namespace test_dynamic_index {

using namespace ctgrad;

// message_of(f): the message of the std::out_of_range that f throws.
template <class F>
std::string message_of(F f) {
  return ctgrad::test::message_of<std::out_of_range>(f);
}

constexpr var<"p", shape<dyn, 3>> p;
constexpr var<"q", shape<4, 3>> q;
const std::vector<double> pv{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

// f uses each kind of index and a slice; fs is the same on the static shape.
constexpr auto f = sum(square(p[2]) * p[1_c]) + sum(exp(slice<1, 4, 2>(p) * 0.1)) + sum(p[-1_c]);
constexpr auto fs = sum(square(q[2]) * q[1_c]) + sum(exp(slice<1, 4, 2>(q) * 0.1)) + sum(q[-1_c]);

BOOST_AUTO_TEST_CASE(values_and_gradients_match_the_static_shape) {
  BOOST_TEST(f(p = pv) == fs(q = pv));
  const auto g = grad(f, p)(p = pv);
  const auto gs = grad(fs, q)(q = pv);
  BOOST_TEST(g.dims()[0] == 4u);
  for (std::size_t k = 0; k < 12; ++k)
    BOOST_TEST(g[k] == gs[k]);
  // symbolic d gives the same numbers
  const auto dd = d(f, p)(p = pv);
  for (std::size_t k = 0; k < 12; ++k)
    BOOST_TEST(dd[k] == gs[k]);
  // central differences
  for (std::size_t k = 0; k < 12; ++k) {
    const double h = 1e-6;
    auto up = pv;
    auto down = pv;
    up[k] += h;
    down[k] -= h;
    BOOST_TEST(std::abs((f(p = up) - f(p = down)) / (2 * h) - g[k]) < 1e-6);
  }
}

BOOST_AUTO_TEST_CASE(a_vector_and_rows_of_a_dynamic_length) {
  constexpr var<"v", shape<dyn>> v;
  const std::vector<double> vv{2, 3, 5};
  // d/dv of v[-1] v[0] + v[0] + v[2]: (v[2] + 1, 0, v[0] + 1)
  const auto gv = grad(v[-1] * v[0_c] + sum(slice<0, 3, 2>(v)), v)(v = vv);
  BOOST_TEST(gv[0] == 6.0);
  BOOST_TEST(gv[1] == 0.0);
  BOOST_TEST(gv[2] == 3.0);
  // a matrix of 2 rows of a dynamic length: p[1] is a row of that length
  constexpr var<"m", shape<2, dyn>> m;
  constexpr var<"n", shape<2, 3>> ms;
  const std::vector<std::vector<double>> rows{{1, 2, 3}, {4, 5, 6}};
  const auto gm = grad(sum(m[1] * m[0]), m)(m = rows);
  const auto gms = grad(sum(ms[1] * ms[0]), ms)(ms = std::array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0});
  BOOST_TEST(gm.dims()[1] == 3u);
  for (std::size_t k = 0; k < 6; ++k)
    BOOST_TEST(gm[k] == gms[k]);
  // in float, float stays float
  const std::vector<float> vf{2, 3, 5};
  const auto gf = grad(square(v[1]), v)(v = vf);
  static_assert(std::is_same_v<std::remove_const_t<decltype(gf)>, tensor<float, shape<dyn>>>);
  BOOST_TEST(gf[1] == 6.0f);
}

BOOST_AUTO_TEST_CASE(bounds_are_checked_when_values_are_bound) {
  const std::vector<double> two_rows{1, 2, 3, 4, 5, 6};
  BOOST_TEST(message_of([&] { (void)sum(p[2])(p = two_rows); })
             == "ctgrad: index 2 is out of range for a first dimension of size 2");
  BOOST_TEST(message_of([&] { (void)sum(slice<1, 4, 2>(p))(p = two_rows); })
             == "ctgrad: the slice [1:4:2] ends beyond a first dimension of size 2");
  BOOST_TEST(message_of([&] { (void)sum(p[7])(p = pv); })
             == "ctgrad: index 7 is out of range for a first dimension of size 4");
  BOOST_TEST(message_of([&] { (void)grad(sum(p[-5]), p)(p = pv); })
             == "ctgrad: index -5 is out of range for a first dimension of size 4");
}

}  // namespace test_dynamic_index
