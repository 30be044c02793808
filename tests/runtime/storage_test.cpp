#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Where tensors keep their numbers (tensor/storage.hpp): inline up to 4 KB, on the heap above,
// with the same value semantics either way.

namespace test_storage {

using namespace ctgrad;

using small = tensor<double, shape<512>>;  // 4096 bytes: inline
using large = tensor<double, shape<513>>;  // on the heap
static_assert(std::is_same_v<decltype(small::data), storage_t<double, 512>>);
static_assert(std::is_same_v<storage_t<double, 512>, std::array<double, 512>>);
static_assert(std::is_same_v<storage_t<double, 513>, detail::heap_array<double, 513>>);
static_assert(sizeof(tensor<float, shape<1000, 1000>>) == sizeof(void*));
static_assert(std::is_trivially_copyable_v<small>);

// Large tensors work in constant evaluation too (their block comes from new[] there).
static_assert([] {
  tensor<double, shape<40, 40>> a{};
  a(3, 4) = 2.0;
  auto b = a;
  b(3, 4) += 1.0;
  const auto c = std::move(b);
  return a(3, 4) + c(3, 4) + c(0, 0);
}() == 5.0);

BOOST_AUTO_TEST_CASE(large_tensors_are_values) {
  large a{};
  BOOST_TEST(a[0] == 0.0);
  BOOST_TEST(a[512] == 0.0);
  for (std::size_t i = 0; i < large::size(); ++i)
    a[i] = double(i);
  large b = a;  // a copy, not a second reference
  b[7] = -1.0;
  BOOST_TEST(a[7] == 7.0);
  BOOST_TEST(!(a == b));
  b[7] = 7.0;
  BOOST_TEST(a == b);
  BOOST_TEST(b.data.data() != a.data.data());

  const double* block = b.data.data();
  large c = std::move(b);  // a move takes the block
  BOOST_TEST(c.data.data() == block);
  b = c;  // a moved-from tensor can be assigned to
  BOOST_TEST(b == c);

  const large d = large{{1.0, 2.0, 3.0}};  // the rest zero, as for std::array
  BOOST_TEST(d[2] == 3.0);
  BOOST_TEST(d[3] == 0.0);
  BOOST_TEST(reinterpret_cast<std::uintptr_t>(d.data.data()) % 64 == 0);
}

BOOST_AUTO_TEST_CASE(large_tensor_arithmetic) {
  large a{};
  large b{};
  for (std::size_t i = 0; i < large::size(); ++i) {
    a[i] = double(i);
    b[i] = 1.0;
  }
  const large sum = a + b * 2.0;
  BOOST_TEST(sum[100] == 102.0);
  large acc = a;
  acc += b;
  BOOST_TEST(acc[512] == 513.0);
}

constexpr var<"w", shape<30, 40>> w;
constexpr var<"x", shape<30, 40>> x;
constexpr auto distance = sum(square(w - x)) / 2_c;

BOOST_AUTO_TEST_CASE(gradients_of_large_tensors_match_the_formula) {
  std::vector<double> ws(1200);
  std::vector<double> xs(1200);
  for (std::size_t i = 0; i < 1200; ++i) {
    ws[i] = std::sin(double(i));
    xs[i] = std::cos(double(i));
  }
  // Bound by name (read in place), by a temporary (copied), by a span, and as a tensor.
  const auto g = grad(distance, w)(w = ws, x = std::vector<double>(xs));
  const auto g_span = grad(distance, w)(w = std::span(ws), x = xs);
  tensor<double, shape<30, 40>> wt{};
  std::copy(ws.begin(), ws.end(), wt.begin());
  const auto g_tensor = grad(distance, w)(w = wt, x = xs);
  for (std::size_t i = 0; i < 1200; ++i) {
    BOOST_TEST(g[i] == ws[i] - xs[i]);
  }
  BOOST_TEST(g == g_span);
  BOOST_TEST(g == g_tensor);
}

BOOST_AUTO_TEST_CASE(a_mismatched_large_vector_names_the_variable) {
  std::vector<double> short_values(1199);
  BOOST_CHECK_EXCEPTION((void)(w = short_values), std::invalid_argument,
                        [](const std::invalid_argument& e) {
                          return std::string(e.what())
                                 == "ctgrad: variable 'w' has shape [30, 40] (1200 values), but "
                                    "1199 values were bound";
                        });
}

BOOST_AUTO_TEST_CASE(adam_on_a_large_param_matches_its_first_step) {
  // Adam's first step moves each element by lr * g / (|g| + eps) (bias corrections cancel).
  param<double, shape<30, 40>> W;
  std::vector<double> xs(1200);
  for (std::size_t i = 0; i < 1200; ++i) {
    W.value[i] = std::sin(double(i));
    xs[i] = 0.5;
  }
  const auto start = W.value;
  adam opt({.lr = 0.01}, W);
  opt.zero_grad();
  backward(distance, w = W, x = xs);
  opt.step();
  for (std::size_t i = 0; i < 1200; ++i) {
    const double g = start[i] - 0.5;
    BOOST_TEST(W.value[i] == start[i] - 0.01 * g / (std::abs(g) + 1e-8),
               boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(empty_cache_frees_and_later_tensors_still_work) {
  { large a{}; }
  empty_cache();
  large b{};
  b[1] = 1.0;
  BOOST_TEST(b[1] == 1.0);
}

}  // namespace test_storage
