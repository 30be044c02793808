// The libtorch variant of bench_dense_layer; see dense_layer_torch.hpp.
#include "dense_layer_torch.hpp"

#include <torch/types.h>

#include <cstdint>

namespace bench::libtorch {

struct dense_layer::tensors {
  torch::Tensor x, w, b, y;
};

namespace {
// from(values, sizes): a float tensor holding a copy of the row-major values.
torch::Tensor from(const float* values, at::IntArrayRef sizes) {
  return torch::from_blob(const_cast<float*>(values), sizes, torch::kFloat32).clone();
}
}  // namespace

dense_layer::dense_layer(std::size_t batch, std::size_t in, std::size_t out, const float* x,
                         const float* w, const float* b, const float* y) {
  const auto n = static_cast<std::int64_t>(batch);
  const auto i = static_cast<std::int64_t>(in);
  const auto o = static_cast<std::int64_t>(out);
  tensors_.reset(new tensors{from(x, {n, i}), from(w, {o, i}).requires_grad_(),
                             from(b, {o}).requires_grad_(), from(y, {n, o})});
}

dense_layer::~dense_layer() = default;

float dense_layer::step() {
  tensors& t = *tensors_;
  t.w.mutable_grad().reset();
  t.b.mutable_grad().reset();
  const torch::Tensor o = torch::sigmoid(torch::matmul(t.x, t.w.t()) + t.b);
  const torch::Tensor loss = torch::mse_loss(o, t.y);
  loss.backward();
  return loss.item<float>();
}

// The gradients that backward creates are contiguous, of the parameters' shapes.
const float* dense_layer::w_grad() const {
  return tensors_->w.grad().data_ptr<float>();
}

const float* dense_layer::b_grad() const {
  return tensors_->b.grad().data_ptr<float>();
}

}  // namespace bench::libtorch
