#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "message_of.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

// The binding layer fuzzed: random sizes, static and dynamic, flat and nested, bound right and
// wrong, with the error texts checked. Small enough to build with the `sanitize` preset
// (ASan + UBSan) in a minute: `cmake --preset sanitize && cmake --build build/sanitize --target
// runtime_binding_fuzz_test && build/sanitize/tests/runtime_binding_fuzz_test`.

namespace test_binding_fuzz {

using namespace ctgrad;

// message_of(f): the message of the std::logic_error that f throws.
template <class F>
std::string message_of(F f) {
  return ctgrad::test::message_of<std::logic_error>(f);
}

BOOST_AUTO_TEST_CASE(binding_fuzz_right_and_wrong_sizes) {
  // Random sizes, seeded: each binding either gets the shape it implies or throws a message that
  // names the variable, the shape and what was bound.
  std::mt19937 generator(20261207);
  std::uniform_int_distribution<std::size_t> rows(0, 40);
  std::uniform_int_distribution<int> offset(-2, 2);
  constexpr var<"m", shape<dyn, 3>> m;
  constexpr var<"s", shape<4, 3>> s;
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = rows(generator);
    const int delta = offset(generator);
    const auto count =
        static_cast<std::size_t>(std::max<long>(0, static_cast<long>(3 * n) + delta));
    std::vector<double> flat(count);
    for (std::size_t i = 0; i < count; ++i)
      flat[i] = static_cast<double>(i);
    if (count % 3 == 0) {
      const auto bound = (m = flat);
      BOOST_TEST(bound.value.dims()[0] == count / 3);
      BOOST_TEST(sum(m)(bound) == static_cast<double>(count * (count - 1) / 2 * (count > 0)));
    } else {
      BOOST_TEST(message_of([&] { (void)(m = flat); })
                 == "ctgrad: variable 'm' has shape [?, 3], but " + std::to_string(count)
                        + " values were bound, not a multiple of 3");
    }
    if (count == 12) {
      BOOST_TEST(sum(s)(s = flat) == 66.0);
    } else {
      BOOST_TEST(message_of([&] { (void)(s = flat); })
                 == "ctgrad: variable 's' has shape [4, 3] (12 values), but "
                        + std::to_string(count) + " values were bound");
    }
    // rows of random lengths: right when all are 3
    std::vector<std::vector<double>> nested(n, std::vector<double>(3, 1.0));
    const bool ragged = n > 1 && delta != 0;
    if (ragged)
      nested[n / 2].resize(static_cast<std::size_t>(3 + delta));
    if (!ragged) {
      BOOST_TEST(sum(m)(m = nested) == static_cast<double>(3 * n));
    } else {
      const std::size_t length = nested[n / 2].size();
      const std::string expected = "ctgrad: variable 'm' has shape [?, 3], but range ["
                                   + std::to_string(n / 2) + "] of the bound values has "
                                   + std::to_string(length) + " elements, not 3";
      BOOST_TEST(message_of([&] { (void)(m = nested); }) == expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(indexing_and_slicing_fuzz) {
  // Random lengths of a dynamic first dimension, indexed and sliced in and out of range: the
  // value and gradient where the index fits, else the message naming the index and the size.
  std::mt19937 generator(7);
  std::uniform_int_distribution<std::size_t> rows(0, 12);
  std::uniform_int_distribution<int> index(-14, 13);
  constexpr var<"m", shape<dyn, 2>> m;
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = rows(generator);
    const int i = index(generator);
    std::vector<double> flat(2 * n);
    for (std::size_t k = 0; k < flat.size(); ++k)
      flat[k] = static_cast<double>(k);
    const auto size = static_cast<int>(n);
    if (i >= -size && i < size) {
      const auto row = static_cast<std::size_t>(i < 0 ? i + size : i);
      BOOST_TEST(sum(m[i])(m = flat) == static_cast<double>(4 * row + 1));
      const auto g = grad(sum(m[i]), m)(m = flat);
      for (std::size_t k = 0; k < flat.size(); ++k)
        BOOST_TEST(g[k] == (k / 2 == row ? 1.0 : 0.0));
    } else {
      BOOST_TEST(message_of([&] { (void)sum(m[i])(m = flat); })
                 == "ctgrad: index " + std::to_string(i)
                        + " is out of range for a first dimension of size " + std::to_string(n));
    }
    if (n >= 5) {
      const auto g = grad(sum(slice<1, 5, 3>(m)), m)(m = flat);
      for (std::size_t k = 0; k < flat.size(); ++k)
        BOOST_TEST(g[k] == (k / 2 == 1 || k / 2 == 4 ? 1.0 : 0.0));
    } else {
      BOOST_TEST(message_of([&] { (void)sum(slice<1, 5, 3>(m))(m = flat); })
                 == "ctgrad: the slice [1:5:3] ends beyond a first dimension of size "
                        + std::to_string(n));
    }
  }
}

// strided_view<T, R>: the part of std::mdspan's interface that binding reads (GCC 12's and
// Clang 14's standard libraries have no <mdspan>): numbers at data with extents and strides.
template <class T, std::size_t R>
struct strided_view {
  using element_type = T;
  T* data;
  std::array<std::size_t, R> extents;
  std::array<std::size_t, R> strides;
  static constexpr std::size_t rank() { return R; }
  T* data_handle() const { return data; }
  std::size_t extent(std::size_t r) const { return extents[r]; }
  std::size_t stride(std::size_t r) const { return strides[r]; }
};

BOOST_AUTO_TEST_CASE(an_mdspan_is_read_in_place) {
  constexpr var<"m", shape<dyn, 3>> m;
  constexpr var<"s", shape<2, 3>> s;
  std::vector<double> numbers{1, 2, 3, 4, 5, 6};
  const strided_view<double, 2> view{numbers.data(), {2, 3}, {3, 1}};
  const auto bound = (m = view);
  BOOST_TEST(bound.value.data == numbers.data());
  BOOST_TEST(bound.value.dims()[0] == 2u);
  BOOST_TEST(sum(m)(m = view) == 21.0);
  BOOST_TEST((s = view).value.data == numbers.data());
  const auto g = grad(sum(square(s)), s)(s = view);
  BOOST_TEST(g[5] == 12.0);
  // column-major numbers are not a tensor's row-major ones
  const strided_view<double, 2> columns{numbers.data(), {2, 3}, {1, 2}};
  BOOST_TEST(message_of([&] { (void)(m = columns); })
             == "ctgrad: variable 'm' was bound to an mdspan whose numbers are not row-major and "
                "contiguous (stride 2 in dimension 1)");
  const strided_view<double, 2> three_by_two{numbers.data(), {3, 2}, {2, 1}};
  BOOST_TEST(
      message_of([&] { (void)(m = three_by_two); })
      == "ctgrad: variable 'm' has shape [?, 3], but it was bound to values of shape [3, 2]");
  BOOST_TEST(
      message_of([&] { (void)(s = three_by_two); })
      == "ctgrad: variable 's' has shape [2, 3], but it was bound to values of shape [3, 2]");
}

}  // namespace test_binding_fuzz
