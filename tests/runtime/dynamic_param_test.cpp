#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "message_of.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

// Params and optimizer state of a dynamic shape (param<T, shape<2, dyn>>): the dimensions come
// when the param is made, and the optimizer's state takes them. Each run is compared with the
// same one on static shapes, which must give the same numbers exactly.

namespace test_dynamic_param {

using namespace ctgrad;

using ctgrad::test::message_of;

BOOST_AUTO_TEST_CASE(a_param_takes_its_dimensions_when_it_is_made) {
  param<double, shape<2, dyn>> p({2, 5});
  BOOST_TEST(p.dims()[0] == 2u);
  BOOST_TEST(p.dims()[1] == 5u);
  BOOST_TEST(p.value.size() == 10u);
  BOOST_TEST(p.grad.size() == 10u);
  BOOST_TEST(p.value[9] == 0.0);

  const std::vector<std::vector<float>> rows{{1, 2, 3}, {4, 5, 6}};
  param<float, shape<dyn, dyn>> q(rows);
  BOOST_TEST(q.dims()[0] == 2u);
  BOOST_TEST(q.dims()[1] == 3u);
  BOOST_TEST(q.value(1, 2) == 6.0f);
  BOOST_TEST(q.grad.size() == 6u);
  q.grad[4] = 1.0f;
  q.zero_grad();
  BOOST_TEST(q.grad[4] == 0.0f);
  BOOST_TEST(q.grad.size() == 6u);

  BOOST_TEST(message_of([] {
               param<double, shape<2, dyn>> bad({3, 5});
             })
             == "ctgrad: a param of shape [2, ?] cannot have the dimensions [3, 5]");
  BOOST_TEST(message_of([] {
               param<double, shape<dyn, 3>> bad(std::vector<double>{1, 2, 3, 4});
             })
             == "ctgrad: variable 'param' has shape [?, 3], but 4 values were bound, not a "
                "multiple of 3");
}

// A tanh layer and a squared loss, with a hidden width known at run time.
constexpr var<"x", shape<dyn, 2>> x;
constexpr var<"w", shape<2, dyn>> w;
constexpr var<"b", shape<dyn>> b;
constexpr var<"v", shape<dyn, 1>> v;
constexpr var<"y", shape<dyn, 1>> y;
constexpr auto loss = mean(pow(matmul(tanh(matmul(x, w) + b), v) - y, 2_c));

constexpr std::size_t n = 5;
constexpr std::size_t hidden = 4;
constexpr var<"x", shape<n, 2>> xs;
constexpr var<"w", shape<2, hidden>> ws;
constexpr var<"b", shape<hidden>> bs;
constexpr var<"v", shape<hidden, 1>> vs;
constexpr var<"y", shape<n, 1>> ys;
constexpr auto static_loss = mean(pow(matmul(tanh(matmul(xs, ws) + bs), vs) - ys, 2_c));

const std::vector<double> xv{0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, 1.0};
const std::vector<double> yv{0.5, -0.5, 0.25, 0.0, 1.0};
const std::vector<double> wv{0.1, -0.3, 0.5, 0.2, -0.4, 0.6, 0.1, -0.2};
const std::vector<double> bv{0.05, -0.05, 0.1, 0.0};
const std::vector<double> vv{0.3, -0.2, 0.1, 0.4};

// layer_params: the layer's params twice, of the dynamic shapes and of the static ones, with the
// same initial values.
struct layer_params {
  param<double, shape<2, dyn>> pw{std::array<std::size_t, 2>{2, hidden}};
  param<double, shape<dyn>> pb{bv};
  param<double, shape<dyn, 1>> pv{vv};
  param<double, shape<2, hidden>> sw{wv};
  param<double, shape<hidden>> sb{bv};
  param<double, shape<hidden, 1>> sv{vv};
  layer_params() { std::copy(wv.begin(), wv.end(), pw.value.begin()); }
};

BOOST_AUTO_TEST_CASE(backward_and_adam_match_the_static_shapes) {
  layer_params p;
  auto& [pw, pb, pv, sw, sb, sv] = p;

  adam opt({.lr = 0.01}, pw, pb, pv);
  adam static_opt({.lr = 0.01}, sw, sb, sv);
  for (int step = 0; step < 20; ++step) {
    opt.zero_grad();
    static_opt.zero_grad();
    const double l = backward(loss, x = xv, y = yv, w = pw, b = pb, v = pv);
    const double sl = backward(static_loss, xs = xv, ys = yv, ws = sw, bs = sb, vs = sv);
    BOOST_TEST(l == sl);
    opt.step();
    static_opt.step();
  }
  for (std::size_t i = 0; i < 2 * hidden; ++i) {
    BOOST_TEST(pw.value[i] == sw.value[i]);
    BOOST_TEST(pw.grad[i] == sw.grad[i]);
  }
  for (std::size_t i = 0; i < hidden; ++i) {
    BOOST_TEST(pb.value[i] == sb.value[i]);
    BOOST_TEST(pv.value[i] == sv.value[i]);
  }
}

BOOST_AUTO_TEST_CASE(sgd_with_momentum_and_plain_dynamic_tensors) {
  layer_params p;
  auto& [pw, pb, pv, sw, sb, sv] = p;
  sgd opt({.lr = 0.1, .momentum = 0.9}, pw, pb, pv);
  sgd static_opt({.lr = 0.1, .momentum = 0.9}, sw, sb, sv);
  for (int step = 0; step < 10; ++step) {
    opt.zero_grad();
    static_opt.zero_grad();
    (void)backward(loss, x = xv, y = yv, w = pw, b = pb, v = pv);
    (void)backward(static_loss, xs = xv, ys = yv, ws = sw, bs = sb, vs = sv);
    opt.step();
    static_opt.step();
  }
  for (std::size_t i = 0; i < 2 * hidden; ++i)
    BOOST_TEST(pw.value[i] == sw.value[i]);

  // plain tensors, whose gradients step() takes, and checks
  tensor<double, shape<dyn>> t({3});
  sgd plain({.lr = 0.5}, t);
  tensor<double, shape<dyn>> g({3});
  g[0] = 1;
  g[1] = 2;
  g[2] = 3;
  plain.step(g);
  BOOST_TEST(t[2] == -1.5);
  BOOST_TEST(message_of([&] { plain.step(tensor<double, shape<dyn>>({4})); })
             == "ctgrad: a gradient passed to step() has 4 elements, but its parameter has 3");
}

BOOST_AUTO_TEST_CASE(a_param_resized_after_its_optimizer_was_made_is_an_error) {
  param<double, shape<dyn>> p({3});
  adam opt({.lr = 0.1}, p);
  p = param<double, shape<dyn>>({4});
  BOOST_TEST(message_of([&] { opt.step(); })
             == "ctgrad: a parameter of the optimizer has 4 elements, but had 3 when the "
                "optimizer was made");
}

// An MLP classifier with every size dynamic (the inputs, the hidden width and the classes), as
// examples/mlp_classifier.cpp has it, against the same on static shapes.
BOOST_AUTO_TEST_CASE(a_classifier_with_a_dynamic_number_of_classes) {
  constexpr var<"x", shape<dyn, dyn>> xd;
  constexpr var<"w", shape<dyn, dyn>> wd;
  constexpr var<"b", shape<dyn>> bd;
  constexpr var<"y", shape<dyn>> yd;
  constexpr auto dynamic_loss = cross_entropy(matmul(tanh(matmul(xd, wd) + bd), wd.t()), yd);
  constexpr var<"x", shape<n, 2>> xs2;
  constexpr var<"w", shape<2, 3>> ws2;
  constexpr var<"b", shape<3>> bs2;
  constexpr var<"y", shape<n>> ys2;
  constexpr auto static_loss2 = cross_entropy(matmul(tanh(matmul(xs2, ws2) + bs2), ws2.t()), ys2);
  const std::vector<int> labels{0, 1, 1, 0, 1};
  const std::vector<double> w6{0.1, -0.3, 0.5, 0.2, -0.4, 0.6};
  const std::vector<double> b3{0.05, -0.05, 0.1};
  tensor<double, shape<dyn, dyn>> xt({n, 2});
  std::copy(xv.begin(), xv.end(), xt.begin());
  param<double, shape<dyn, dyn>> pw({2, 3});
  param<double, shape<dyn>> pb(b3);
  std::copy(w6.begin(), w6.end(), pw.value.begin());
  const double l = backward(dynamic_loss, xd = xt, yd = labels, wd = pw, bd = pb);
  const auto [v, gradient] =
      value_and_grad(static_loss2, ws2, bs2)(xs2 = xv, ys2 = labels, ws2 = w6, bs2 = b3);
  const auto& [gw, gb] = gradient;
  BOOST_TEST(l == v);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(pw.grad[i] == gw[i]);
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST(pb.grad[i] == gb[i]);
  // sum and none reductions, a single sample, and a class out of range
  BOOST_TEST(
      cross_entropy<reduction::sum>(matmul(xd, wd), yd)(xd = xt, yd = labels, wd = pw.value)
      == cross_entropy<reduction::sum>(matmul(xs2, ws2), ys2)(xs2 = xv, ys2 = labels, ws2 = w6));
  constexpr var<"s", shape<dyn>> sd;
  constexpr var<"k"> k;
  const std::vector<double> scores{0.5, -1.0, 2.0};
  const auto g1 = grad(cross_entropy(sd, k), sd)(sd = scores, k = 2);
  const auto g1s = grad(cross_entropy(var<"s", shape<3>>{}, k),
                        var<"s", shape<3>>{})(var<"s", shape<3>>{} = scores, k = 2);
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST(g1[i] == g1s[i]);
  const std::vector<int> bad{0, 1, 3, 0, 1};
  BOOST_CHECK_THROW((void)backward(dynamic_loss, xd = xt, yd = bad, wd = pw, bd = pb),
                    std::out_of_range);
  const std::vector<int> short_labels{0, 1};
  BOOST_TEST(message_of([&] {
               (void)backward(dynamic_loss, xd = xt, yd = short_labels, wd = pw, bd = pb);
             })
             == "ctgrad: 2 class indices for a batch of 5 samples");
}

}  // namespace test_dynamic_param

namespace test_zero_contribution {

using namespace ctgrad;

// A target whose only contribution is the constant 0 (the pullback of an operation that is
// constant in it) gets a gradient of zeros, written, not left unset (found by class_one_hot_op's
// law: the gradient was NaN under CTGRAD_POISON_GRADIENTS).
BOOST_AUTO_TEST_CASE(a_target_whose_only_contribution_is_zero_gets_zeros) {
  constexpr var<"s", shape<2, 3>> s;
  constexpr var<"i", shape<2>> i;
  const auto one_hot = detail::call<class_one_hot_op>(i, s);
  const std::array<double, 6> sv{1, 2, 3, 4, 5, 6};
  const std::array<int, 2> iv{0, 2};
  const auto g = grad(sum(one_hot), s)(s = sv, i = iv);
  for (std::size_t k = 0; k < 6; ++k)
    BOOST_TEST(g[k] == 0.0);
  const auto g2 = grad(sum(one_hot * s), s)(s = sv, i = iv);
  const std::array<double, 6> expected{1, 0, 0, 0, 0, 1};
  for (std::size_t k = 0; k < 6; ++k)
    BOOST_TEST(g2[k] == expected[k]);
}

}  // namespace test_zero_contribution
