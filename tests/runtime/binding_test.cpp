#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "check_values.hpp"
#include "reference.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// Binding tensor variables (`w = values`) and the seed's tensor models against PyTorch
// (tests/reference/reference.json, float32 data):
//   bindings           std::array, C arrays (1-D and 2-D), nested std::array, std::vector (flat and
//                      nested), std::span (static and dynamic extent; bound by reference, the
//                      same results to the bit as a copy) and tensor values, all row-major; the
//                      element type of a binding and of the results follows the bound values (float
//                      stays float, double stays double, integers compute in double); wrong
//                      run-time sizes throw std::invalid_argument naming the variable, its shape
//                      and the number of values given;
//   sigmoid_layer      o = sigmoid(x @ w.t()), loss = mse_loss(ones(1, 2), o) and w's gradient;
//   mse                the seed's part 1 with 1-element tensors;
//   matmul(_transposed) loss = sum((a @ b)^2) and (a @ b.t()), gradients by a and b;
//   mlp                tanh then sigmoid, mse_loss: the loss and the four gradients;
// with std::vector bindings, in float as PyTorch computes, and a few gradients computed in double
// against central differences of the loss.

namespace test_binding {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::check_values;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::float_rel_tol;
using ctgrad::test::max_abs;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

// invalid_argument_message(f): the message of the std::invalid_argument that f() throws.
template <class F>
std::string invalid_argument_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  BOOST_FAIL("no std::invalid_argument was thrown");
  return {};
}

// bound_t<V, R>: the value type of the binding `v = r`.
template <class V, class R>
using bound_t = typename decltype(std::declval<const V&>() = std::declval<const R&>())::value_type;

constexpr var<"v", shape<2, 3>> v;
constexpr var<"u", shape<6>> u;

// The values 1..6 in every form, for v (2x3, row-major) and u (6).
constexpr tensor<double, shape<2, 3>> expected_v{{1, 2, 3, 4, 5, 6}};

// Bindings are constant expressions when their values are.
static_assert((v = std::array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}).value == expected_v);
static_assert(sum(v)(v = std::array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}) == 21.0);
static_assert(std::is_same_v<bound_t<var<"v", shape<2, 3>>, std::array<float, 6>>,
                             tensor<float, shape<2, 3>>>);
static_assert(std::is_same_v<bound_t<var<"v", shape<2, 3>>, std::vector<double>>,
                             tensor<double, shape<2, 3>>>);
static_assert(std::is_same_v<bound_t<var<"v", shape<2, 3>>, int[2][3]>, tensor<int, shape<2, 3>>>);

BOOST_AUTO_TEST_SUITE(bindings)

BOOST_AUTO_TEST_CASE(std_array_and_nested_std_array) {
  const std::array<double, 6> flat{1, 2, 3, 4, 5, 6};
  BOOST_TEST(((v = flat).value == expected_v));
  const std::array<std::array<double, 3>, 2> nested{{{1, 2, 3}, {4, 5, 6}}};
  const auto b = v = nested;
  BOOST_TEST((b.value == expected_v));
  BOOST_TEST(b.value(1, 0) == 4.0);  // row-major: row 1 is {4, 5, 6}
  BOOST_TEST(b.value(0, 2) == 3.0);
  // A nested array for a flat shape, and a flat array for a matrix: only the count matters.
  BOOST_TEST((u = nested).value[3] == 4.0);
}

BOOST_AUTO_TEST_CASE(c_arrays) {
  const double one_d[6] = {1, 2, 3, 4, 5, 6};
  BOOST_TEST(((v = one_d).value == expected_v));
  const float two_d[2][3] = {{1, 2, 3}, {4, 5, 6}};
  const auto b = v = two_d;
  static_assert(std::is_same_v<decltype(b.value), tensor<float, shape<2, 3>>>);
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      BOOST_TEST(b.value(i, j) == two_d[i][j]);
  BOOST_TEST((u = one_d).value[5] == 6.0);
}

BOOST_AUTO_TEST_CASE(std_vector) {
  const std::vector<double> flat{1, 2, 3, 4, 5, 6};
  BOOST_TEST(((v = flat).value == expected_v));
  const std::vector<std::vector<double>> rows{{1, 2, 3}, {4, 5, 6}};
  BOOST_TEST(((v = rows).value == expected_v));
  const std::vector<float> floats{1, 2, 3, 4, 5, 6};
  const auto b = u = floats;
  static_assert(std::is_same_v<decltype(b.value), tensor<float, shape<6>>>);
  BOOST_TEST(b.value[2] == 3.0f);
}

BOOST_AUTO_TEST_CASE(std_span) {
  std::vector<double> storage{0, 1, 2, 3, 4, 5, 6, 0};
  const std::span<const double, 6> fixed(storage.data() + 1, 6);
  BOOST_TEST(((v = fixed).value == expected_v));
  const std::span<const double> dynamic(storage.data() + 1, 6);
  BOOST_TEST(((v = dynamic).value == expected_v));
  const std::span<double> mutable_dynamic(storage);
  BOOST_TEST((u = mutable_dynamic.subspan(1, 6)).value[0] == 1.0);
  std::array<float, 6> floats{1, 2, 3, 4, 5, 6};
  const auto b = v = std::span(floats);  // std::span<float, 6>
  static_assert(std::is_same_v<decltype(b.value), tensor_view<float, shape<2, 3>>>);
  BOOST_TEST(b.value(1, 2) == 6.0f);
  // A span binds by reference: the binding reads the numbers where they are, now.
  floats[5] = 7;
  BOOST_TEST(b.value(1, 2) == 7.0f);
  BOOST_TEST(b.value.data == floats.data());
}

// A span binds by reference (a tensor_view): fused loops, the parts taken by indices and slices and
// the factors of matrix products read its numbers where they are, other operations get a copy.
// Every such path gives the same results, to the bit, as a binding that copies the same numbers (a
// std::array).
BOOST_AUTO_TEST_CASE(spans_bind_by_reference) {
  constexpr var<"x", shape<6>> x;
  constexpr var<"mu"> mu;
  constexpr var<"sigma"> sigma;
  const std::array<double, 6> xs{0.5, -1.25, 2.0, 0.75, -0.5, 3.5};
  const std::span<const double, 6> xv(xs);
  const std::span<const double> xd(xs.data(), xs.size());  // dynamic extent

  // A fused region reading x in place, by three targets.
  constexpr auto log_pdf = -0.5 * sum(square((x - mu) / sigma)) - 6 * log(sigma);
  const auto copied = value_and_grad(log_pdf, x, mu, sigma)(x = xs, mu = 0.25, sigma = 1.5);
  BOOST_TEST((value_and_grad(log_pdf, x, mu, sigma)(x = xv, mu = 0.25, sigma = 1.5) == copied));
  BOOST_TEST((value_and_grad(log_pdf, x, mu, sigma)(x = xd, mu = 0.25, sigma = 1.5) == copied));
  BOOST_TEST(log_pdf(x = xv, mu = 0.25, sigma = 1.5) == log_pdf(x = xs, mu = 0.25, sigma = 1.5));

  // Strided slices in a region, indices in a sum of terms.
  constexpr auto slices = sum(square(slice<0, 6, 2>(x)) - slice<1, 6, 2>(x) * 3_c);
  BOOST_TEST((value_and_grad(slices, x)(x = xv) == value_and_grad(slices, x)(x = xs)));
  BOOST_TEST(slices(x = xv) == slices(x = xs));
  constexpr auto indices = x[0_c] * x[1_c] + square(x[5_c]) - x[2_c] / x[3_c];
  BOOST_TEST((value_and_grad(indices, x)(x = xv) == value_and_grad(indices, x)(x = xs)));
  BOOST_TEST(indices(x = xv) == indices(x = xs));
  BOOST_TEST((jacobian(exp(x) * x[4_c], x)(x = xv) == jacobian(exp(x) * x[4_c], x)(x = xs)));

  // Matrix products read their factors in place (no copy: the tape refers to the numbers): plain,
  // transposed either way, with a right factor read transposed by dot products (fewer than 8
  // columns) or copied transposed (9), a factor that is an expression, and a factor bound to a
  // span beside one bound to an array.
  constexpr var<"a", shape<3, 4>> a;
  constexpr var<"b", shape<4, 9>> b;
  constexpr var<"c", shape<9, 4>> c;
  std::array<double, 36> bs{};
  for (std::size_t i = 0; i < bs.size(); ++i)
    bs[i] = std::sin(0.7 * static_cast<double>(i) + 0.3);
  const std::array<double, 12> as{0.5, -1.25, 2.0,   0.75, -0.5, 3.5,
                                  1.5, -0.25, 0.125, 1.0,  -2.0, 0.25};
  const auto ab = bind(a = std::span(as), b = std::span(bs), c = std::span(bs));
  const auto ab_copied = bind(a = as, b = bs, c = bs);
  using env = std::remove_const_t<decltype(ab)>;
  using product_tape = detail::tape<double, decltype(matmul(a, c.t())), env>;
  static_assert(std::is_same_v<decltype(product_tape::a),
                               detail::bound_tape<double, std::remove_const_t<decltype(a)>, env>>);
  static_assert(std::is_same_v<decltype(product_tape::b),
                               detail::bound_tape<double, std::remove_const_t<decltype(c)>, env>>);
  constexpr auto products =
      sum(matmul(tanh(a), b)) + sum(square(matmul(b.t(), a.t()))) + sum(sin(matmul(a, c.t())));
  BOOST_TEST(
      (value_and_grad(products, a, b, c)(ab) == value_and_grad(products, a, b, c)(ab_copied)));
  BOOST_TEST(products(ab) == products(ab_copied));
  BOOST_TEST((matmul(a, c.t())(ab) == matmul(a, c.t())(ab_copied)));
  BOOST_TEST((matmul(b.t(), a.t())(ab) == matmul(b.t(), a.t())(ab_copied)));
  constexpr auto product = sum(square(matmul(v, v.t())));
  BOOST_TEST((grad(product, v)(v = xv) == grad(product, v)(v = xs)));
  BOOST_TEST((grad(sum(matmul(a, b)), a)(a = std::span(as), b = bs)
              == grad(sum(matmul(a, b)), a)(ab_copied)));
  // A dynamic span; float numbers in a double computation (converted: a copy, as before).
  const std::span<const double> bd(bs.data(), bs.size());
  BOOST_TEST((grad(products, a, b)(a = as, b = bd, c = bd) == grad(products, a, b)(ab_copied)));
  std::array<float, 12> af{};
  std::transform(as.begin(), as.end(), af.begin(), [](double v) { return static_cast<float>(v); });
  BOOST_TEST((grad(products, b)(a = std::span(af), b = std::span(bs), c = bs)
              == grad(products, b)(a = af, b = bs, c = bs)));

  // The binding refers to the numbers: a later change shows in the next call.
  std::array<double, 6> changing = xs;
  const auto bound = x = std::span(changing);
  changing[0] = 10;
  BOOST_TEST(sum(x)(bound) == sum(x)(x = changing));

  // float stays float; integers compute in double.
  const std::array<float, 6> fs{0.5f, -1.25f, 2.0f, 0.75f, -0.5f, 3.5f};
  const auto float_grad = grad(slices, x)(x = std::span(fs));
  static_assert(std::is_same_v<decltype(float_grad), const tensor<float, shape<6>>>);
  BOOST_TEST((float_grad == grad(slices, x)(x = fs)));
  const std::array<int, 6> is{1, -2, 3, 4, -5, 6};
  const auto int_grad = grad(indices, x)(x = std::span(is));
  static_assert(std::is_same_v<decltype(int_grad), const tensor<double, shape<6>>>);
  BOOST_TEST((int_grad == grad(indices, x)(x = is)));
}

BOOST_AUTO_TEST_CASE(tensor_values) {
  BOOST_TEST(((v = expected_v).value == expected_v));
  // A result fed back as a binding.
  const auto doubled = (v * 2_c)(v = expected_v);
  static_assert(std::is_same_v<decltype(doubled), const tensor<double, shape<2, 3>>>);
  BOOST_TEST(((v = doubled).value(1, 2) == 12.0));
  const tensor<float, shape<6>> floats{{1, 2, 3, 4, 5, 6}};
  const auto b = u = floats;
  static_assert(std::is_same_v<decltype(b.value), tensor<float, shape<6>>>);
  BOOST_TEST(b.value[4] == 5.0f);
}

BOOST_AUTO_TEST_CASE(element_types_of_results) {
  constexpr var<"w", shape<3>> w;
  constexpr var<"z", shape<3>> z;
  const std::vector<float> f{1, 2, 3};
  const std::vector<double> d{1, 2, 3};
  const std::array<int, 3> i{1, 2, 3};
  // float stays float: values, reductions and gradients.
  static_assert(std::is_same_v<decltype((w * 2_c)(w = f)), tensor<float, shape<3>>>);
  static_assert(std::is_same_v<decltype(sum(w * w)(w = f)), float>);
  static_assert(std::is_same_v<decltype(grad(sum(w * w), w)(w = f)), tensor<float, shape<3>>>);
  // double stays double.
  static_assert(std::is_same_v<decltype(sum(w * w)(w = d)), double>);
  static_assert(std::is_same_v<decltype(grad(sum(w * w), w)(w = d)), tensor<double, shape<3>>>);
  // float with double computes in double; integers compute in double.
  static_assert(std::is_same_v<decltype(sum(w * z)(w = f, z = d)), double>);
  static_assert(std::is_same_v<decltype(grad(sum(w * w), w)(w = i)), tensor<double, shape<3>>>);

  const auto g = grad(sum(w * w), w)(w = f);
  BOOST_TEST(g[2] == 6.0f);
  BOOST_TEST(sum(w * w)(w = i) == 14.0);
}

BOOST_AUTO_TEST_CASE(wrong_run_time_sizes_throw) {
  constexpr var<"w", shape<2, 10>> w;
  const std::vector<double> short_vector(19, 1.0);
  const std::string message = invalid_argument_message([&] { (void)(w = short_vector); });
  BOOST_TEST_INFO("message: " << message);
  BOOST_TEST(message.find("'w'") != std::string::npos);
  BOOST_TEST(message.find("[2, 10]") != std::string::npos);
  BOOST_TEST(message.find("19 values") != std::string::npos);

  const std::vector<float> long_vector(21, 1.0f);
  const std::string long_message = invalid_argument_message([&] { (void)(w = long_vector); });
  BOOST_TEST_INFO("message: " << long_message);
  BOOST_TEST(long_message.find("'w'") != std::string::npos);
  BOOST_TEST(long_message.find("21 values") != std::string::npos);

  std::array<double, 12> storage{};
  const std::span<const double> span(storage.data(), 7);
  const std::string span_message = invalid_argument_message([&] { (void)(v = span); });
  BOOST_TEST_INFO("message: " << span_message);
  BOOST_TEST(span_message.find("'v'") != std::string::npos);
  BOOST_TEST(span_message.find("[2, 3]") != std::string::npos);
  BOOST_TEST(span_message.find("7 values") != std::string::npos);

  // Nested vectors count all their values.
  const std::vector<std::vector<double>> ragged{{1, 2, 3}, {4, 5}};
  const std::string ragged_message = invalid_argument_message([&] { (void)(v = ragged); });
  BOOST_TEST_INFO("message: " << ragged_message);
  BOOST_TEST(ragged_message.find("5 values") != std::string::npos);
  // A vector of rows must have the shape's lengths, even when the count is right: rows of 2, 4
  // for a 2x3 matrix, or 3 rows of 2.
  const std::vector<std::vector<double>> uneven{{1, 2}, {3, 4, 5, 6}};
  BOOST_TEST(invalid_argument_message([&] { (void)(v = uneven); })
             == "ctgrad: variable 'v' has shape [2, 3], but range [0] of the bound values has 2 "
                "elements");
  const std::vector<std::vector<double>> transposed{{1, 2}, {3, 4}, {5, 6}};
  BOOST_TEST(invalid_argument_message([&] { (void)(v = transposed); })
             == "ctgrad: variable 'v' has shape [2, 3], but the outermost range of the bound "
                "values has 3 elements");
  const std::vector<std::vector<double>> rows{{1, 2, 3}, {4, 5, 6}};
  BOOST_TEST((v = rows).value(1, 2) == 6.0);

  BOOST_CHECK_THROW((void)(u = std::vector<double>{}), std::invalid_argument);
  BOOST_CHECK_NO_THROW((void)(u = std::vector<double>(6)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(models)

// Seed part 3: o = sigmoid(x @ w.t()), loss = mse_loss(ones(1, 2), o), w's gradient.
BOOST_AUTO_TEST_CASE(sigmoid_layer) {
  constexpr var<"x", shape<1, 10>> x;
  constexpr var<"w", shape<2, 10>> w;
  constexpr auto o = sigmoid(matmul(x, t(w)));
  constexpr auto loss = mse_loss(c<1>, o);
  const ptree& data = at(reference(), "sigmoid_layer");
  const std::vector<float> xs = values<float>(at(data, "x"));
  const std::vector<float> ws = values<float>(at(data, "w"));

  const auto o_value = o(x = xs, w = ws);
  static_assert(std::is_same_v<decltype(o_value), const tensor<float, shape<1, 2>>>);
  check_values(o_value, at(data, "o"), float_rel_tol);
  const auto [loss_value, w_grad] = value_and_grad(loss, w)(x = xs, w = ws);
  static_assert(std::is_same_v<decltype(loss_value), const float>);
  static_assert(std::is_same_v<decltype(w_grad), const tensor<float, shape<2, 10>>>);
  check_values(loss_value, at(data, "loss"), float_rel_tol);
  check_values(w_grad, at(data, "w_grad"), float_rel_tol);
  check_values(grad(loss, w)(x = xs, w = ws), at(data, "w_grad"), float_rel_tol);

  // In double, against central differences of the loss in w(0, 9) and w(1, 3).
  const std::vector<double> xd = values<double>(at(data, "x"));
  const std::vector<double> wd = values<double>(at(data, "w"));
  const auto g = grad(loss, w)(x = xd, w = wd);
  for (const auto& [i, j] : {std::pair{0, 9}, std::pair{1, 3}}) {
    const std::size_t k = static_cast<std::size_t>(i * 10 + j);
    const auto f = [&](double p) {
      std::vector<double> shifted = wd;
      shifted[k] = p;
      return loss(x = xd, w = shifted);
    };
    BOOST_TEST_CONTEXT("w(" << i << ", " << j << ")") {
      BOOST_TEST(check_close(g[k], central_difference(f, wd[k]), fd_rel_tol,
                             fd_abs_tol(loss(x = xd, w = wd))));
    }
  }
}

// Seed part 1 with tensors: x = ones(1), w = full([1], 2), loss = mse_loss(ones(1), x * w).
BOOST_AUTO_TEST_CASE(mse) {
  constexpr var<"x", shape<1>> x;
  constexpr var<"w", shape<1>> w;
  constexpr auto loss = mse_loss(c<1>, x * w);
  const ptree& data = at(reference(), "mse");
  const std::vector<float> xs = values<float>(at(data, "x"));
  const std::vector<float> ws = values<float>(at(data, "w"));
  const auto [value, w_grad] = value_and_grad(loss, w)(x = xs, w = ws);
  static_assert(std::is_same_v<decltype(w_grad), const tensor<float, shape<1>>>);
  BOOST_TEST(value == 1.0f);
  BOOST_TEST(w_grad[0] == 2.0f);
  check_values(value, at(data, "loss"), 0);
  check_values(w_grad, at(data, "w_grad_autograd"), 0);
  check_values(w_grad, at(data, "w_grad_backward"), 0);
  // The same with std::array and in double.
  const auto [dvalue, dgrad] = value_and_grad(loss, w)(x = std::array{1.0}, w = std::array{2.0});
  BOOST_TEST(dvalue == 1.0);
  BOOST_TEST(dgrad[0] == 2.0);
}

// loss = sum((a @ b)^2), and with b transposed: loss = sum((a @ b.t())^2).
BOOST_AUTO_TEST_CASE(matmul_and_matmul_transposed) {
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"b", shape<3, 2>> b;
  constexpr var<"bt", shape<2, 3>> bt;  // the b of matmul_transposed
  constexpr auto product_loss = sum(square(matmul(a, b)));
  constexpr auto transposed_loss = sum(square(matmul(a, t(bt))));
  {
    const ptree& data = at(reference(), "matmul");
    const auto env = bind(a = values<float>(at(data, "a")), b = values<float>(at(data, "b")));
    check_values(matmul(a, b)(env), at(data, "c"), float_rel_tol);
    const auto [value, grads] = value_and_grad(product_loss, a, b)(env);
    const auto& [grad_a, grad_b] = grads;
    static_assert(
        std::is_same_v<std::remove_cvref_t<decltype(grad_b)>, tensor<float, shape<3, 2>>>);
    check_values(value, at(data, "loss"), float_rel_tol);
    check_values(grad_a, at(data, "grad_a"), float_rel_tol);
    check_values(grad_b, at(data, "grad_b"), float_rel_tol);

    // In double, against a central difference of the loss in b(2, 1).
    const std::vector<double> ad = values<double>(at(data, "a"));
    const std::vector<double> bd = values<double>(at(data, "b"));
    const auto g = grad(product_loss, b)(a = ad, b = bd);
    const auto f = [&](double p) {
      std::vector<double> shifted = bd;
      shifted[5] = p;
      return product_loss(a = ad, b = shifted);
    };
    BOOST_TEST(check_close(g(2, 1), central_difference(f, bd[5]), fd_rel_tol,
                           fd_abs_tol(product_loss(a = ad, b = bd))));
  }
  {
    const ptree& data = at(reference(), "matmul_transposed");
    const auto env = bind(a = values<float>(at(data, "a")), bt = values<float>(at(data, "b")));
    check_values(matmul(a, t(bt))(env), at(data, "c"), float_rel_tol);
    const auto [value, grads] = value_and_grad(transposed_loss, a, bt)(env);
    const auto& [grad_a, grad_b] = grads;
    static_assert(
        std::is_same_v<std::remove_cvref_t<decltype(grad_b)>, tensor<float, shape<2, 3>>>);
    check_values(value, at(data, "loss"), float_rel_tol);
    check_values(grad_a, at(data, "grad_a"), float_rel_tol);
    check_values(grad_b, at(data, "grad_b"), float_rel_tol);
  }
}

// h = tanh(x @ w1 + b1), out = sigmoid(h @ w2 + b2), loss = mse_loss(out, target); the biases are
// vectors broadcast over the batch of 4.
BOOST_AUTO_TEST_CASE(mlp) {
  constexpr var<"x", shape<4, 3>> x;
  constexpr var<"w1", shape<3, 5>> w1;
  constexpr var<"b1", shape<5>> b1;
  constexpr var<"w2", shape<5, 2>> w2;
  constexpr var<"b2", shape<2>> b2;
  constexpr var<"target", shape<4, 2>> target;
  constexpr auto h = tanh(matmul(x, w1) + b1);
  constexpr auto out = sigmoid(matmul(h, w2) + b2);
  constexpr auto loss = mse_loss(out, target);
  const ptree& data = at(reference(), "mlp");

  const auto env =
      bind(x = values<float>(at(data, "x")), w1 = values<float>(at(data, "w1")),
           b1 = values<float>(at(data, "b1")), w2 = values<float>(at(data, "w2")),
           b2 = values<float>(at(data, "b2")), target = values<float>(at(data, "target")));
  check_values(out(env), at(data, "out"), float_rel_tol);
  const auto [value, grads] = value_and_grad(loss, w1, b1, w2, b2)(env);
  const auto& [grad_w1, grad_b1, grad_w2, grad_b2] = grads;
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(grad_b1)>, tensor<float, shape<5>>>);
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(grad_w2)>, tensor<float, shape<5, 2>>>);
  check_values(value, at(data, "loss"), float_rel_tol);
  // Each gradient entry sums the batch's 4 contributions (and w1's and b1's the 2 outputs'),
  // which partly cancel: an entry can be much smaller than its terms (grad_w2(2, 0) is 4.5e-5,
  // terms near 1e-3), so its relative error can exceed a few ulps. The rounding error of the sum is
  // a few ulps of the terms, bounded here by the array's largest entry.
  for (const auto& [g, key] :
       {std::pair{grad_w1.data.data(), "grad_w1"}, std::pair{grad_b1.data.data(), "grad_b1"},
        std::pair{grad_w2.data.data(), "grad_w2"}, std::pair{grad_b2.data.data(), "grad_b2"}}) {
    const ptree& expected = at(data, key);
    const std::vector<double> reference_values = values<double>(expected);
    const double abs_tol = float_rel_tol * max_abs(values<double>(expected));
    BOOST_TEST_CONTEXT(key) {
      for (std::size_t i = 0; i < reference_values.size(); ++i)
        BOOST_TEST(check_close(g[i], reference_values[i], float_rel_tol, abs_tol));
    }
  }

  // In double, against central differences of the loss in w1(0, 0) and b2(1).
  const std::vector<double> w1d = values<double>(at(data, "w1"));
  const std::vector<double> b2d = values<double>(at(data, "b2"));
  const auto fixed = [&](const auto& w1_values, const auto& b2_values) {
    return bind(x = values<double>(at(data, "x")), w1 = w1_values,
                b1 = values<double>(at(data, "b1")), w2 = values<double>(at(data, "w2")),
                b2 = b2_values, target = values<double>(at(data, "target")));
  };
  const auto [dw1, db2] = grad(loss, w1, b2)(fixed(w1d, b2d));
  const double f0 = loss(fixed(w1d, b2d));
  const auto f_w1 = [&](double p) {
    std::vector<double> shifted = w1d;
    shifted[0] = p;
    return loss(fixed(shifted, b2d));
  };
  const auto f_b2 = [&](double p) {
    std::vector<double> shifted = b2d;
    shifted[1] = p;
    return loss(fixed(w1d, shifted));
  };
  BOOST_TEST(check_close(dw1(0, 0), central_difference(f_w1, w1d[0]), fd_rel_tol, fd_abs_tol(f0)));
  BOOST_TEST(check_close(db2[1], central_difference(f_b2, b2d[1]), fd_rel_tol, fd_abs_tol(f0)));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace test_binding
