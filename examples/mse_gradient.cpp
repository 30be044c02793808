// The MSE gradient with tensors, as the PyTorch program of docs/tensors.md computes it:
// mse = F.mse_loss(torch.ones(1), x*w) at x = ones(1), w = full([1], 2).
// Its gradient by w is 2, found PyTorch's two ways: backward() accumulating into the .grad of a
// param (way 1), and grad() returning it (way 2). Binding plain data instead of a param gives no
// gradient: gradients are opt-in, as requires_grad_() makes them in PyTorch.
// Run with --json for the values under reference.json's key names.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <array>
#include <iostream>

namespace {

using namespace ctgrad;

// [mse]
constexpr var<"x", shape<1>> x;
constexpr var<"w", shape<1>> w;

// F.mse_loss(torch.ones(1), x*w): the mean of (1 - x*w)^2, a scalar.
constexpr auto mse = mse_loss(ones<1>, (x * w));
// [mse]

// [compile-time]
// All of it runs in constant expressions too: the loss, both ways, and the accumulation.
static_assert(mse(x = std::array{1.0}, w = std::array{2.0}) == 1.0);
static_assert(grad(mse, w)(x = std::array{1.0}, w = std::array{2.0})[0] == 2.0);
static_assert([] {
  param<double, shape<1>> W(std::array{2.0});
  backward(mse, x = std::array{1.0}, w = W);
  const double first = W.grad[0];
  backward(mse, x = std::array{1.0}, w = W);
  return first == 2.0 && W.grad[0] == 4.0;
}());
// [compile-time]

}  // namespace

int main(int argc, char** argv) {
  // [backward]
  const std::array xs{1.0f};                   // torch.ones(1): plain data
  param<float, shape<1>> W(std::array{2.0f});  // torch.full([1], 2.); w.requires_grad_()

  // Way 1: mse.backward() adds d mse / d w into W.grad, for every variable bound to a param.
  const float loss = backward(mse, x = xs, w = W);
  const float w_grad_backward = W.grad[0];  // 2

  // As in PyTorch, .grad accumulates until it is zeroed.
  backward(mse, x = xs, w = W);
  const float w_grad_accumulated = W.grad[0];  // 4
  W.zero_grad();                               // optimizer.zero_grad()
  const float w_grad_zeroed = W.grad[0];       // 0
  // [backward]

  // [autograd]
  // Way 2: torch.autograd.grad(mse, [w]) returns the gradient, a tensor of w's shape.
  const tensor<float, shape<1>> dmse_dw = grad(mse, w)(x = xs, w = W);
  // [autograd]

  // [opt-in]
  // Gradients are opt-in: w bound to plain data (here W's value) computes the same loss but
  // gives no gradient, as in PyTorch before requires_grad_(). W.grad stays 0.
  const float loss_without_grad = backward(mse, x = xs, w = W.value);
  const float w_grad_without_param = W.grad[0];  // 0
  // [opt-in]

  if (example::wants_json(argc, argv)) {
    std::cout << example::object(
        {{"mse", example::object({
                     {"x", example::array({xs[0]})},
                     {"w", example::array({W.value[0]})},
                     {"loss", example::number(loss)},
                     {"w_grad_backward", example::array({w_grad_backward})},
                     {"w_grad_autograd", example::array({dmse_dw[0]})},
                 })}})
              << '\n';
    return 0;
  }
  std::cout << "mse        = " << mse << "\n"
            << "d(mse, w)  = " << d(mse, w) << "\n\n"
            << "at x = [" << xs[0] << "], w = [" << W.value[0] << "]:\n"
            << "  loss                                  = " << loss << "\n"
            << "  way 1: W.grad after backward(mse, ...) = [" << w_grad_backward << "]\n"
            << "         after a second backward         = [" << w_grad_accumulated << "]\n"
            << "         after W.zero_grad()             = [" << w_grad_zeroed << "]\n"
            << "  way 2: grad(mse, w)(...)               = [" << dmse_dw[0] << "]\n"
            << "  w bound to plain data: loss = " << loss_without_grad << ", W.grad stays ["
            << w_grad_without_param << "]\n";
}
