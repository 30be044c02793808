// libtorch's C++ API (libtorch-dev): dynamic reverse mode. Each evaluation makes the inputs leaf
// tensors that require a gradient (a copy of the point), runs the formula as a PyTorch user writes
// it (whole tensors where the objective has vectors), calls backward() and copies the gradients.
// Double precision, one thread. Compiled as C++17 (libtorch 1.13's headers are not C++20-clean
// with Clang 14), without ctgrad.
#include "peers.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace bench::peers {

// The normal CDF's branch, elementwise.
template <>
struct branch<torch::Tensor> {
  static torch::Tensor select_positive(const torch::Tensor& x, const torch::Tensor& a,
                                       const torch::Tensor& b) {
    return torch::where(x > 0.0, a, b);
  }
};

namespace with_libtorch {

const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);

// leaf(p, sizes): a copy of the values at p, requiring a gradient.
torch::Tensor leaf(const double* p, at::IntArrayRef sizes) {
  return torch::from_blob(const_cast<double*>(p), sizes, f64).clone().requires_grad_();
}

// store(g, t): the gradient of the leaf t at g; returns the position after it.
double* store(double* g, const torch::Tensor& t) {
  const torch::Tensor grad = t.grad().contiguous();
  return std::copy_n(grad.data_ptr<double>(), grad.numel(), g);
}

// backward(f, g, leaves...): f.backward(), the leaves' gradients stored one after another.
template <class... Leaves>
double backward(const torch::Tensor& f, double* g, const Leaves&... leaves) {
  f.backward();
  ((g = store(g, leaves)), ...);
  return f.item<double>();
}

template <kind K, std::size_t N>
struct kernel {
  static constexpr auto n = static_cast<std::int64_t>(N);

  double operator()(const double* p, double* g) const {
    if constexpr (K == kind::himmelblau || K == kind::black_scholes) {
      // The formula of objectives.hpp on the elements of one leaf vector.
      const torch::Tensor x = leaf(p, {static_cast<std::int64_t>(input_count(K, N))});
      if constexpr (K == kind::himmelblau)
        return backward(himmelblau(x[0], x[1]), g, x);
      else
        return backward(black_scholes(x[0], x[1], x[2], x[3], x[4]), g, x);
    } else if constexpr (K == kind::rosenbrock) {
      const torch::Tensor x = leaf(p, {n});
      const torch::Tensor even = x.slice(0, 0, n, 2);
      const torch::Tensor u = even * even - x.slice(0, 1, n, 2);
      const torch::Tensor v = 1.0 - even;
      return backward((100.0 * (u * u) + v * v).sum(), g, x);
    } else if constexpr (K == kind::log_sum_exp) {
      const torch::Tensor x = leaf(p, {n});
      return backward(torch::log(torch::exp(x).sum()), g, x);
    } else if constexpr (K == kind::normal_log_pdf) {
      const torch::Tensor x = leaf(p, {n});
      const torch::Tensor mu = leaf(p + N, {});
      const torch::Tensor sigma = leaf(p + N + 1, {});
      const torch::Tensor z = (x - mu) / sigma;
      const double count = static_cast<double>(N);
      const torch::Tensor f =
          -0.5 * (z * z).sum() - count * torch::log(sigma) - count * 0.9189385332046728;
      return backward(f, g, x, mu, sigma);
    } else if constexpr (K == kind::activations) {
      namespace F = torch::nn::functional;
      const torch::Tensor x = leaf(p, {n});
      return backward((F::softplus(x) + F::gelu(x)).sum(), g, x);
    } else if constexpr (K == kind::sigmoid_layer) {
      const torch::Tensor x =
          torch::from_blob(const_cast<double*>(sigmoid_layer_x().data()), {1, 10}, f64);
      const torch::Tensor w = leaf(p, {2, 10});
      const torch::Tensor o = torch::sigmoid(torch::matmul(x, w.t()));
      return backward(torch::mse_loss(o, torch::ones({1, 2}, f64)), g, w);
    } else {
      using namespace mlp_size;
      const auto size = [](std::size_t s) { return static_cast<std::int64_t>(s); };
      const mlp_data& d = the_mlp_data();
      const torch::Tensor x =
          torch::from_blob(const_cast<double*>(d.x.data()), {size(batch), size(in)}, f64);
      const torch::Tensor y =
          torch::from_blob(const_cast<int*>(d.y.data()), {size(batch)}, torch::kInt32)
              .to(torch::kInt64);
      const torch::Tensor w1 = leaf(p + mlp_size::w1, {size(in), size(hidden)});
      const torch::Tensor b1 = leaf(p + mlp_size::b1, {size(hidden)});
      const torch::Tensor w2 = leaf(p + mlp_size::w2, {size(hidden), size(classes)});
      const torch::Tensor b2 = leaf(p + mlp_size::b2, {size(classes)});
      const torch::Tensor h = torch::tanh(torch::matmul(x, w1) + b1);
      const torch::Tensor logits = torch::matmul(h, w2) + b2;
      return backward(torch::nn::functional::cross_entropy(logits, y), g, w1, b1, w2, b2);
    }
  }
};

}  // namespace with_libtorch

void add_libtorch() {
  using namespace with_libtorch;
  at::set_num_threads(1);
  for_each_objective([](auto o) {
    add(decltype(o)::get(), "libtorch", kernel<decltype(o)::k, decltype(o)::n>{});
  });
}

}  // namespace bench::peers
