// The libtorch variant of bench_himmelblau_adam (benchmarks/himmelblau_adam.cpp): the seed's loop
// with torch::optim::Adam. Compiled as C++17 in himmelblau_adam_torch.cpp, like
// dense_layer_torch.cpp; this header does not include libtorch's headers.
#pragma once

#include "libtorch.hpp"

#include <array>
#include <cstddef>

namespace bench::libtorch {

// himmelblau_adam(start, steps): x = torch::tensor(start) with requires_grad, Adam(lr=1e-3), and
// `steps` times: pred = himmelblau(x); optimizer.zero_grad(); pred.backward(); optimizer.step().
// Returns the final x.
std::array<float, 2> himmelblau_adam(std::array<float, 2> start, std::size_t steps);

}  // namespace bench::libtorch
