#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Constant tensors inside expressions (literal.hpp): a std::array (copied), a ctgrad::tensor
// (copied) or a std::span of a static extent (by reference), against PyTorch (reference.json, key
// `constant_tensor`, float64) and central differences; float stays float, a span is read at each
// evaluation, constant evaluation, printing, and two lets holding other numbers.

namespace {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::reference;

constexpr double rel_tol = 1e-14;

constexpr var<"v", shape<3>> v;
constexpr var<"w", shape<2, 3>> w;

template <class A>
std::array<double, 3> three(const A& values) {
  return {values[0], values[1], values[2]};
}

// [constant]
// A constant vector in a formula, with no variable to declare and bind: softmax(v) . [1, 2, 3].
constexpr auto expected_index = sum(softmax<0>(v) * std::array{1.0, 2.0, 3.0});
static_assert(expected_index(v = std::array{0.0, 0.0, 0.0}) == 2.0);
// [constant]

// The leaves: a std::array becomes a literal of its copy, a span a literal of a view of its
// numbers.
static_assert(std::is_same_v<decltype(as_expression(std::array{1.0, 2.0})),
                             literal<tensor<double, shape<2>>>>);
static_assert(std::is_same_v<decltype(as_expression(std::declval<std::span<const float, 2>>())),
                             literal<tensor_view<float, shape<2>>>>);
static_assert(std::is_same_v<shape_of_t<literal<tensor<double, shape<2, 3>>>>, shape<2, 3>>);

}  // namespace

BOOST_AUTO_TEST_SUITE(constant_tensor)

BOOST_AUTO_TEST_CASE(matches_pytorch_and_central_differences) {
  const auto& ref = at(reference(), "constant_tensor");
  const auto pv = three(numbers(at(ref, "v")));
  const auto expected = numbers(at(ref, "df_dv"));
  const tensor<double, shape<3>> c{1.0, 2.0, 3.0};
  const double data[] = {1.0, 2.0, 3.0};
  const auto by_array = expected_index;
  const auto by_tensor = sum(softmax<0>(v) * c);
  const auto by_span = sum(softmax<0>(v) * std::span<const double, 3>(data));
  hana::for_each(hana::make_tuple(by_array, by_tensor, by_span), [&](const auto& f) {
    BOOST_TEST(check_close(f(v = pv), number(at(ref, "f")), rel_tol));
    const auto g = grad(f, v)(v = pv);
    const auto dg = d(f, v)(v = pv);
    for (std::size_t i = 0; i < 3; ++i) {
      BOOST_TEST(check_close(g[i], expected[i], rel_tol));
      BOOST_TEST(check_close(dg[i], expected[i], rel_tol));
      const auto along = [&](double t) {
        auto q = pv;
        q[i] = t;
        return f(v = q);
      };
      BOOST_TEST(check_close(g[i], central_difference(along, pv[i]), fd_rel_tol, fd_abs_tol(1.0)));
    }
  });

  // A constant matrix and target of a matmul: sum((w x - t)^2).
  const auto xs = numbers(at(ref, "x"));
  const auto ts = numbers(at(ref, "t"));
  const tensor<double, shape<3, 1>> x{xs[0], xs[1], xs[2]};
  const tensor<double, shape<2, 1>> t{ts[0], ts[1]};
  const auto loss = sum(square(matmul(w, x) - t));
  const auto pw = ctgrad::test::values<double>(at(ref, "w"));
  const auto [value, gw] = value_and_grad(loss, w)(w = pw);
  BOOST_TEST(check_close(value, number(at(ref, "g")), rel_tol));
  const auto expected_w = numbers(at(ref, "dg_dw"));
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(gw[i], expected_w[i], rel_tol));
}

BOOST_AUTO_TEST_CASE(float_stays_float) {
  // A double constant in a float evaluation computes in float, as a number literal does.
  const auto f = sum(v * std::array{0.5, 0.25, 2.0});
  const auto g = grad(f, v)(v = std::array{1.0f, 2.0f, 3.0f});
  static_assert(std::is_same_v<decltype(g), const tensor<float, shape<3>>>);
  BOOST_TEST(g[0] == 0.5f);
  BOOST_TEST(g[1] == 0.25f);
  BOOST_TEST(g[2] == 2.0f);
  static_assert(std::is_same_v<decltype(f(v = std::array{1.0f, 2.0f, 3.0f})), float>);
}

BOOST_AUTO_TEST_CASE(a_span_is_read_at_each_evaluation) {
  std::array<double, 3> data{1.0, 2.0, 3.0};
  const auto f = sum(v * std::span<const double, 3>(data));
  const auto ones = std::array{1.0, 1.0, 1.0};
  BOOST_TEST(f(v = ones) == 6.0);
  data[2] = 10.0;
  BOOST_TEST(f(v = ones) == 13.0);
  BOOST_TEST(grad(f, v)(v = ones)[2] == 10.0);
}

BOOST_AUTO_TEST_CASE(prints_its_first_elements) {
  BOOST_TEST(to_string(expected_index) == "sum(softmax(v)*[1, 2, 3])");
  constexpr var<"u", shape<5>> u;
  BOOST_TEST(to_string(u + std::array{1.0, 2.0, 3.0, 4.5, 5.0}) == "u + [1, 2, 3, 4.5, ...]");
  BOOST_TEST(to_latex(u * std::array{1.0, 2.0, 3.0, 4.0, 5.0})
             == "u \\cdot \\left[1, 2, 3, 4, ...\\right]");
}

BOOST_AUTO_TEST_CASE(lets_compare_the_numbers) {
  // Two lets of one name and formula are one value: other constant numbers are an error.
  const auto a = let<"a">(v * std::array{1.0, 2.0, 3.0});
  const auto b = let<"a">(v * std::array{1.0, 2.0, 4.0});
  const auto ones = std::array{1.0, 1.0, 1.0};
  BOOST_TEST(sum(a + a)(v = ones) == 12.0);
  BOOST_CHECK_THROW(sum(a + b)(v = ones), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
