#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

// Large data under the default stack: CTest runs this executable under `ulimit -s 8192`
// (tests/CMakeLists.txt). Tensors above 4 KB live on the heap (tensor/storage.hpp), and so do
// params and the optimizers' state; a large std::vector bound to a variable is read where it is.
// Before, the 784 -> 512 -> 10 MLP's params and Adam state (8 MB) and a bound vector of 10^7
// doubles (80 MB) were copied onto the stack, and the program died with SIGSEGV.

namespace test_large_data {

using namespace ctgrad;

namespace mlp {
constexpr std::size_t batch = 16;
constexpr std::size_t in = 784;
constexpr std::size_t hidden = 512;
constexpr std::size_t classes = 10;

constexpr var<"x", shape<batch, in>> x;
constexpr var<"w1", shape<in, hidden>> w1;
constexpr var<"b1", shape<hidden>> b1;
constexpr var<"w2", shape<hidden, classes>> w2;
constexpr var<"b2", shape<classes>> b2;
constexpr var<"y", shape<batch>> y;
constexpr auto loss = cross_entropy(matmul(tanh(matmul(x, w1) + b1), w2) + b2, y);
}  // namespace mlp

BOOST_AUTO_TEST_CASE(mlp_784_512_10_trains_one_step_under_the_default_stack) {
  using namespace mlp;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> xs(batch * in);
  for (auto& v : xs)
    v = u(rng);
  std::array<int, batch> ys{};
  for (std::size_t i = 0; i < batch; ++i)
    ys[i] = static_cast<int>(i % classes);

  param<double, shape<in, hidden>> W1;
  param<double, shape<hidden>> B1;
  param<double, shape<hidden, classes>> W2;
  param<double, shape<classes>> B2;
  for (auto& v : W1.value)
    v = u(rng) / std::sqrt(double(in));
  for (auto& v : W2.value)
    v = u(rng) / std::sqrt(double(hidden));
  adam opt({.lr = 1e-3}, W1, B1, W2, B2);

  const auto at = [&] {
    return evaluate(loss, x = xs, y = ys, w1 = W1, b1 = B1, w2 = W2, b2 = B2);
  };
  const double before = at();
  opt.zero_grad();
  backward(loss, x = xs, y = ys, w1 = W1, b1 = B1, w2 = W2, b2 = B2);

  // The gradient against central differences, at a few elements of each layer.
  const double h = 1e-6;
  const auto check = [&](double& value, double gradient) {
    const double saved = value;
    value = saved + h;
    const double up = at();
    value = saved - h;
    const double down = at();
    value = saved;
    BOOST_TEST(gradient == (up - down) / (2 * h), boost::test_tools::tolerance(1e-6));
  };
  for (std::size_t i : {0ul, 1234ul, in * hidden - 1})
    check(W1.value[i], W1.grad[i]);
  for (std::size_t i : {0ul, 77ul, hidden * classes - 1})
    check(W2.value[i], W2.grad[i]);
  check(B1.value[5], B1.grad[5]);
  check(B2.value[9], B2.grad[9]);

  opt.step();
  BOOST_TEST(at() < before);
}

BOOST_AUTO_TEST_CASE(a_bound_vector_of_ten_million_doubles_is_read_in_place) {
  constexpr std::size_t n = 10'000'000;
  constexpr var<"v", shape<n>> v;
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i)
    values[i] = std::sin(double(i));

  // A named vector above 4 KB is referred to, not copied.
  static_assert(std::is_same_v<decltype(v = values)::value_type, tensor_view<double, shape<n>>>);
  BOOST_TEST((v = values).value.data == values.data());

  const auto [value, gradient] = value_and_grad(sum(square(v)), v)(v = values);
  double expected = 0;
  bool all_match = true;
  for (std::size_t i = 0; i < n; ++i) {
    expected += values[i] * values[i];
    all_match = all_match && gradient[i] == 2 * values[i];
  }
  BOOST_TEST(all_match);
  BOOST_TEST(value == expected, boost::test_tools::tolerance(1e-12));
}

}  // namespace test_large_data
