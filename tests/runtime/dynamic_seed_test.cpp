#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "check_values.hpp"
#include "reference.hpp"

#include <cmath>
#include <cstddef>
#include <vector>

// The seed's computations with dynamic extents (shape<dyn>, shape<dyn, 10>), against PyTorch's
// values in tests/reference/reference.json (float32): the MSE gradient both ways, the softmax
// Jacobian row by row, the sigmoid layer over a batch whose size comes with the data, and an empty
// batch.
// (The two-layer chain rule is on scalars, which have no extent; examples/mlp_classifier.cpp's
// reference covers an MLP on dynamic shapes.)

namespace test_dynamic_seed {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::check_close;
using ctgrad::test::check_values;
using ctgrad::test::float_rel_tol;
using ctgrad::test::matrix;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

BOOST_AUTO_TEST_CASE(mse_gradient_both_ways) {
  constexpr var<"x", shape<dyn>> x;
  constexpr var<"w", shape<dyn>> w;
  constexpr auto mse = mse_loss(ones<1>, x * w);
  const ptree& data = at(reference(), "mse");
  const std::vector<float> xs = values<float>(at(data, "x"));
  param<float, shape<dyn>> pw(values<float>(at(data, "w")));
  // mse.backward(); w.grad
  const float loss = backward(mse, x = xs, w = pw);
  BOOST_TEST(check_close(loss, number(at(data, "loss")), float_rel_tol));
  check_values(pw.grad, values<double>(at(data, "w_grad_backward")));
  // torch.autograd.grad(mse, [w])
  check_values(grad(mse, w)(x = xs, w = pw.value), values<double>(at(data, "w_grad_autograd")));
}

BOOST_AUTO_TEST_CASE(softmax_jacobian_row_by_row) {
  constexpr var<"a", shape<dyn>> a;
  constexpr auto p = softmax<0>(a);
  for (const auto& [key, row] : at(reference(), "softmax")) {
    const std::vector<float> av = values<float>(at(row, "a"));
    check_values(p(a = av), values<double>(at(row, "p")));
    const auto jacobian = matrix(at(row, "dp_da"));
    for (std::size_t j = 0; j < av.size(); ++j)
      BOOST_TEST_CONTEXT("row " << j) {
        check_values(grad(p[static_cast<long long>(j)], a)(a = av), jacobian[j]);
      }
  }
}

BOOST_AUTO_TEST_CASE(sigmoid_layer_over_a_batch_of_any_size) {
  constexpr var<"x", shape<dyn, 10>> x;
  constexpr var<"w", shape<dyn, 10>> w;
  constexpr auto o = sigmoid(matmul(x, w.t()));
  constexpr auto loss = mse_loss(ones<1, 1>, o);
  const ptree& data = at(reference(), "sigmoid_layer");
  const std::vector<float> xs = values<float>(at(data, "x"));  // a batch of one row
  const std::vector<float> ws = values<float>(at(data, "w"));
  const auto o_value = o(x = xs, w = ws);
  BOOST_TEST(o_value.dims()[0] == 1u);
  BOOST_TEST(o_value.dims()[1] == 2u);
  check_values(o_value, values<double>(at(data, "o")));
  const auto [loss_value, w_grad] = value_and_grad(loss, w)(x = xs, w = ws);
  BOOST_TEST(check_close(loss_value, number(at(data, "loss")), float_rel_tol));
  check_values(w_grad, values<double>(at(data, "w_grad")));
  // the same row three times: the same loss, and the same gradient (a mean over the rows)
  std::vector<float> three;
  for (int copy = 0; copy < 3; ++copy)
    three.insert(three.end(), xs.begin(), xs.end());
  const auto [loss3, w_grad3] = value_and_grad(loss, w)(x = three, w = ws);
  BOOST_TEST(check_close(loss3, number(at(data, "loss")), float_rel_tol));
  check_values(w_grad3, values<double>(at(data, "w_grad")));
}

BOOST_AUTO_TEST_CASE(an_empty_batch_gives_pytorchs_results) {
  constexpr var<"x", shape<dyn, 3>> x;
  constexpr var<"t", shape<dyn, 3>> target;
  constexpr var<"y", shape<dyn>> y;
  const ptree& data = at(reference(), "empty_batch");
  const std::vector<double> none;
  const std::vector<int> no_labels;
  BOOST_TEST(sum(x)(x = none) == number(at(data, "sum")));
  BOOST_TEST(std::isnan(number(at(data, "mse_loss"))));
  BOOST_TEST(std::isnan(mse_loss(x, target)(x = none, target = none)));
  BOOST_TEST(std::isnan(number(at(data, "cross_entropy"))));
  const auto [loss, g] = value_and_grad(cross_entropy(x, y), x)(x = none, y = no_labels);
  BOOST_TEST(std::isnan(loss));
  BOOST_TEST(g.size() == static_cast<std::size_t>(number(at(data, "grad_numel"))));
}

}  // namespace test_dynamic_seed
