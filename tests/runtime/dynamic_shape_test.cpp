#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "message_of.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// Dynamic extents (shape<dyn, ...>): dimensions known when values are bound. Each computation is
// checked against the same one on static shapes (itself checked against PyTorch elsewhere), and
// gradients against central differences.

namespace test_dynamic_shape {

using namespace ctgrad;

constexpr var<"x", shape<dyn>> x;
constexpr var<"y", shape<dyn>> y;
constexpr var<"w", shape<dyn, 3>> w;
constexpr var<"b", shape<3>> b;
constexpr var<"a"> a;
constexpr var<"c"> c0;

static_assert(!shape<dyn, 3>::is_static && shape<2, 3>::is_static);
static_assert(std::is_same_v<broadcast_t<shape<dyn, 3>, shape<3>>, shape<dyn, 3>>);
static_assert(std::is_same_v<broadcast_t<shape<dyn, 1>, shape<4>>, shape<dyn, 4>>);
static_assert(std::is_same_v<broadcast_t<shape<dyn>, shape<1>>, shape<dyn>>);
static_assert(std::is_same_v<broadcast_t<shape<dyn>, shape<dyn>>, shape<dyn>>);

using ctgrad::test::message_of;

BOOST_AUTO_TEST_CASE(binding_takes_the_sizes_of_the_values) {
  const std::vector<double> flat{1, 2, 3, 4, 5, 6};
  const auto bw = (w = flat);
  BOOST_TEST(bw.value.dims()[0] == 2u);
  BOOST_TEST(bw.value.dims()[1] == 3u);
  BOOST_TEST(bw.value.data == flat.data());  // read in place

  const std::vector<std::vector<double>> rows{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  const auto br = (w = rows);
  BOOST_TEST(br.value.dims()[0] == 3u);
  BOOST_TEST(br.value(2, 1) == 8.0);

  const std::array<double, 4> fixed{1, 2, 3, 4};
  BOOST_TEST((x = std::span(fixed)).value.dims()[0] == 4u);
  const tensor<double, shape<2, 3>> t{{1, 2, 3, 4, 5, 6}};
  BOOST_TEST((w = t).value.dims()[0] == 2u);
}

BOOST_AUTO_TEST_CASE(a_wrong_size_names_the_variable_and_both_shapes) {
  BOOST_TEST(message_of([] {
               (void)(w = std::vector<double>{1, 2, 3, 4});
             })
             == "ctgrad: variable 'w' has shape [?, 3], but 4 values were bound, not a multiple "
                "of 3");
  BOOST_TEST(
      message_of([] {
        (void)(w = std::vector<std::vector<double>>{{1, 2}, {3, 4}});
      })
      == "ctgrad: variable 'w' has shape [?, 3], but it was bound to values of shape [2, 2]");
  BOOST_TEST(message_of([] {
               (void)(w = std::vector<std::vector<double>>{{1, 2, 3}, {4, 5}});
             })
             == "ctgrad: variable 'w' has shape [?, 3], but range [1] of the bound values has 2 "
                "elements, not 3");
  const std::vector<double> two{1, 2};
  const std::vector<double> six{1, 2, 3, 4, 5, 6};
  BOOST_TEST(message_of([&] { (void)(x + w)(x = two, w = six); })
             == "ctgrad: the shapes of an elementwise operation do not broadcast: [2] and [2, 3]");
}

BOOST_AUTO_TEST_CASE(values_match_the_static_shapes) {
  const std::vector<double> wv{0.5, -1.0, 2.0, 1.5, 0.25, -0.75};
  const std::array<double, 3> bv{0.1, 0.2, -0.3};
  constexpr var<"w", shape<2, 3>> ws;
  const auto dynamic = (tanh(w + b) * w)(w = wv, b = bv);
  const auto fixed = (tanh(ws + b) * ws)(ws = wv, b = bv);
  BOOST_TEST(dynamic.dims()[0] == 2u);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(dynamic[i] == fixed[i]);
  BOOST_TEST(sum(exp(w))(w = wv) == sum(exp(ws))(ws = wv));
  BOOST_TEST(mean(w * w)(w = wv) == mean(ws * ws)(ws = wv));
}

BOOST_AUTO_TEST_CASE(gradients_match_the_static_shapes_and_central_differences) {
  std::vector<double> xv(37);
  std::vector<double> yv(37);
  for (std::size_t i = 0; i < xv.size(); ++i) {
    xv[i] = -1.0 + 2.0 * static_cast<double>(i) / 36.0;
    yv[i] = 3.0 * xv[i] - 2.0 + 0.1 * std::sin(7.0 * static_cast<double>(i));
  }
  const auto loss = mean(square(a * x + c0 - y));
  const auto [ga, gc] = grad(loss, a, c0)(x = xv, y = yv, a = 0.5, c0 = 0.25);
  constexpr var<"x", shape<37>> xs;
  constexpr var<"y", shape<37>> ys;
  const auto [sa, sc] =
      grad(mean(square(a * xs + c0 - ys)), a, c0)(xs = xv, ys = yv, a = 0.5, c0 = 0.25);
  BOOST_TEST(ga == sa, boost::test_tools::tolerance(1e-14));
  BOOST_TEST(gc == sc, boost::test_tools::tolerance(1e-14));
  const double h = 1e-6;
  const auto at = [&](double av, double cv) { return loss(x = xv, y = yv, a = av, c0 = cv); };
  BOOST_TEST(ga == (at(0.5 + h, 0.25) - at(0.5 - h, 0.25)) / (2 * h),
             boost::test_tools::tolerance(1e-7));
  BOOST_TEST(gc == (at(0.5, 0.25 + h) - at(0.5, 0.25 - h)) / (2 * h),
             boost::test_tools::tolerance(1e-7));

  // by a dynamic tensor, with a bias broadcast over its rows
  const std::vector<double> wv{0.5, -1.0, 2.0, 1.5, 0.25, -0.75};
  const std::array<double, 3> bv{0.1, 0.2, -0.3};
  const auto f = sum(tanh(w + b) * w);
  const auto [gw, gb] = grad(f, w, b)(w = wv, b = bv);
  BOOST_TEST(gw.dims()[0] == 2u);
  for (std::size_t i = 0; i < 6; ++i) {
    auto up = wv;
    auto down = wv;
    up[i] += h;
    down[i] -= h;
    BOOST_TEST(gw[i] == (f(w = up, b = bv) - f(w = down, b = bv)) / (2 * h),
               boost::test_tools::tolerance(1e-7));
  }
  for (std::size_t j = 0; j < 3; ++j) {
    auto up = bv;
    auto down = bv;
    up[j] += h;
    down[j] -= h;
    BOOST_TEST(gb[j] == (f(w = wv, b = up) - f(w = wv, b = down)) / (2 * h),
               boost::test_tools::tolerance(1e-7));
  }
}

BOOST_AUTO_TEST_CASE(a_linear_layer_over_a_batch_of_any_size) {
  constexpr var<"x", shape<dyn, 3>> xb;
  constexpr var<"v", shape<2, 3>> v;
  constexpr var<"c", shape<2>> c;
  const std::array<double, 6> vv{0.1, 0.2, 0.3, -0.4, 0.5, -0.6};
  const std::array<double, 2> cv{0.5, -0.5};
  const std::vector<double> xv{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, -1};
  constexpr var<"x", shape<4, 3>> xs;
  const auto f = sum(tanh(matmul(xb, v.t()) + c));
  const auto fs = sum(tanh(matmul(xs, v.t()) + c));
  BOOST_TEST(f(xb = xv, v = vv, c = cv) == fs(xs = xv, v = vv, c = cv));
  const auto [gx, gv, gc] = grad(f, xb, v, c)(xb = xv, v = vv, c = cv);
  const auto [sx, sv, sc] = grad(fs, xs, v, c)(xs = xv, v = vv, c = cv);
  BOOST_TEST(gx.dims()[0] == 4u);
  for (std::size_t i = 0; i < 12; ++i)
    BOOST_TEST(gx[i] == sx[i]);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(gv[i] == sv[i]);
  for (std::size_t i = 0; i < 2; ++i)
    BOOST_TEST(gc[i] == sc[i]);
  // the product of the transposes, and a batch of one row
  BOOST_TEST(grad(sum(matmul(xb.t(), xb)), xb)(xb = xv)[0] == 12.0);
  const std::vector<double> row{1, 2, 3};
  BOOST_TEST(f(xb = row, v = vv, c = cv)
             == sum(tanh(matmul(var<"r", shape<1, 3>>{}, v.t()) + c))(var<"r", shape<1, 3>>{} = row,
                                                                      v = vv, c = cv));
  // inner sizes that do not match are found when the values are
  constexpr var<"z", shape<dyn, dyn>> z;
  const std::vector<std::vector<double>> zv{{1, 2}, {3, 4}};
  BOOST_TEST(message_of([&] { (void)sum(matmul(z, v.t()))(z = zv, v = vv); })
             == "ctgrad: matmul of a [2, 2] and a [2, 3]^T matrix: the first's columns must "
                "match the second's rows");
}

// max_difference(a, b): the largest |a[i] - b[i]|.
template <class A, class B>
double max_difference(const A& a, const B& b) {
  double m = 0;
  for (std::size_t i = 0; i < b.size(); ++i)
    m = std::max(m, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
  return m;
}

BOOST_AUTO_TEST_CASE(reductions_softmax_and_losses_over_a_batch_of_any_size) {
  constexpr var<"x", shape<dyn, 3>> xb;
  constexpr var<"t", shape<dyn>> target;
  constexpr var<"x", shape<4, 3>> xs;
  constexpr var<"t", shape<4>> ts;
  constexpr var<"v", shape<3, 3>> v;
  const std::vector<double> xv{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0, -1};
  const std::vector<int> tv{0, 2, 1, 1};
  const std::array<double, 9> vv{0.1, 0.2, 0.3, -0.4, 0.5, -0.6, 0.7, 0.1, -0.2};
  const auto f = [&](auto x, auto t) {
    return cross_entropy(matmul(x, v), t) + mse_loss(tanh(x), sigmoid(x))
           + cross_entropy(x, softmax<1>(x * 0.5)) + sum(square(mean<0>(x))) + sum(sin(sum<1>(x)))
           + sum(log_softmax<-1>(x) * softmax<0>(x)) + sum(exp(mean<1>(x)));
  };
  BOOST_TEST(f(xb, target)(xb = xv, target = tv, v = vv) == f(xs, ts)(xs = xv, ts = tv, v = vv));
  const auto [gx, gv] = grad(f(xb, target), xb, v)(xb = xv, target = tv, v = vv);
  const auto [sx, sv] = grad(f(xs, ts), xs, v)(xs = xv, ts = tv, v = vv);
  BOOST_TEST(max_difference(gx, sx) == 0.0);
  BOOST_TEST(max_difference(gv, sv) == 0.0);
  // symbolic d divides by the sizes bound (numel)
  BOOST_TEST(max_difference(d(f(xb, target), xb)(xb = xv, target = tv, v = vv), sx) < 1e-13);
  BOOST_TEST(max_difference(d(f(xb, target), v)(xb = xv, target = tv, v = vv), sv) < 1e-13);
  BOOST_TEST(message_of([&] {
               (void)f(xb, target)(xb = xv, target = std::vector<int>{0, 1}, v = vv);
             })
             == "ctgrad: 2 class indices for a batch of 4 samples");
}

BOOST_AUTO_TEST_CASE(a_batch_of_one_and_a_batch_of_zero) {
  const std::vector<double> one{2.0};
  BOOST_TEST(grad(mean(square(x)), x)(x = one)[0] == 4.0);
  // An empty batch gives PyTorch's results: a sum of 0, a mean of NaN, an empty gradient.
  const std::vector<double> none;
  BOOST_TEST(sum(square(x))(x = none) == 0.0);
  BOOST_TEST(std::isnan(mean(square(x))(x = none)));
  BOOST_TEST(grad(mean(square(x)), x)(x = none).size() == 0u);
}

}  // namespace test_dynamic_shape
