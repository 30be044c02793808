// The libtorch variant of bench_himmelblau_adam; see himmelblau_adam_torch.hpp.
#include "himmelblau_adam_torch.hpp"

#include <torch/optim/adam.h>
#include <torch/types.h>

namespace bench::libtorch {

namespace {
// himmelblau(x): the seed's function of a 2-vector.
torch::Tensor himmelblau(const torch::Tensor& x) {
  return (x[0].pow(2) + x[1] - 11).pow(2) + (x[0] + x[1].pow(2) - 7).pow(2);
}
}  // namespace

std::array<float, 2> himmelblau_adam(std::array<float, 2> start, std::size_t steps) {
  torch::Tensor x = torch::tensor({start[0], start[1]}, torch::requires_grad());
  torch::optim::Adam optimizer({x}, torch::optim::AdamOptions(1e-3));
  for (std::size_t step = 0; step < steps; ++step) {
    const torch::Tensor pred = himmelblau(x);
    optimizer.zero_grad();
    pred.backward();
    optimizer.step();
  }
  const float* values = x.data_ptr<float>();
  return {values[0], values[1]};
}

}  // namespace bench::libtorch
