// The libtorch variant of bench_dense_layer (benchmarks/dense_layer.cpp): the layer
// o = sigmoid(x @ w.t() + b), loss = mse_loss(o, y), with loss.backward(). It is compiled on its
// own, as C++17, in dense_layer_torch.cpp: libtorch 1.13's headers do not compile as C++20 with
// Clang 14, and they take long to compile. This header does not include them.
#pragma once

#include "libtorch.hpp"

#include <cstddef>
#include <memory>

namespace bench::libtorch {

// dense_layer: the tensors x (batch x in), w (out x in, requires grad), b (out, requires grad)
// and y (batch x out), copied from row-major arrays.
class dense_layer {
public:
  dense_layer(std::size_t batch, std::size_t in, std::size_t out, const float* x, const float* w,
              const float* b, const float* y);
  ~dense_layer();
  dense_layer(const dense_layer&) = delete;
  dense_layer& operator=(const dense_layer&) = delete;

  // step(): the gradients set to none (optimizer.zero_grad(set_to_none=True)), then the forward
  // pass and loss.backward(); returns the loss.
  float step();
  // w_grad(), b_grad(): the gradients of the last step, row-major.
  const float* w_grad() const;
  const float* b_grad() const;

private:
  struct tensors;
  std::unique_ptr<tensors> tensors_;
};

}  // namespace bench::libtorch
