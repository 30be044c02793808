// The MSE gradient of the PyTorch program in docs/getting-started.md, on scalars:
// mse = (1 - x*w)^2 at x = 1, w = 2. Its gradient by w is 2, found two ways: symbolically with
// d(), and by a reverse sweep with grad().
// Run with --json for the values under reference.json's key names.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <iostream>

namespace {

using namespace ctgrad;

// [mse]
constexpr var<"x"> x;
constexpr var<"w"> w;

// F.mse_loss(torch.ones(1), x*w) for one element: (input - target)^2.
constexpr auto mse = square(1_c - x * w);

// Way 1: the derivative as an expression, then its value.
constexpr auto dmse_dw = d(mse, w);
static_assert(to_static_string(dmse_dw) == "-2*x*(1 - x*w)");
static_assert(dmse_dw(x = 1.0, w = 2.0) == 2.0);

// Way 2: value and gradient by one forward and one reverse pass (PyTorch's autograd.grad).
constexpr auto loss_and_grad = value_and_grad(mse, w)(x = 1.0, w = 2.0);
static_assert(loss_and_grad.first == 1.0 && loss_and_grad.second == 2.0);
// [mse]

}  // namespace

int main(int argc, char** argv) {
  // Float bindings compute in float, as a float32 tensor does in PyTorch.
  const auto [loss, w_grad] = value_and_grad(mse, w)(x = 1.0f, w = 2.0f);
  const float w_grad_symbolic = dmse_dw(x = 1.0f, w = 2.0f);

  if (example::wants_json(argc, argv)) {
    std::cout << example::object(
        {{"mse", example::object({
                     {"x", example::array({1.0})},
                     {"w", example::array({2.0})},
                     {"loss", example::number(loss)},
                     {"w_grad_autograd", example::array({w_grad})},
                     {"w_grad_symbolic", example::array({w_grad_symbolic})},
                 })}})
              << '\n';
    return 0;
  }
  std::cout << "mse        = " << mse << "\n"
            << "d(mse, w)  = " << dmse_dw << "\n\n"
            << "at x = 1, w = 2:\n"
            << "  loss                    = " << loss << "\n"
            << "  gradient by d(mse, w)   = " << w_grad_symbolic << "\n"
            << "  gradient by grad(mse, w) = " << w_grad << "\n";
}
