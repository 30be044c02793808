// adam: torch.optim.Adam, step for step. The update follows PyTorch 1.13's single-tensor Adam
// (torch/optim/adam.py, _single_tensor_adam) operation by operation, with its roundings: the bias
// corrections in double, as Python computes them, then every tensor operation in the parameter's
// type, rounded once, fused where PyTorch's CPU kernels fuse (add with alpha, addcmul).
// Example: examples/himmelblau.cpp.
#pragma once

#include <ctgrad/optim/optimizer.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace ctgrad {

// adam_options: torch.optim.Adam's options and defaults. Numbers are double, as PyTorch's Python
// floats are; each is rounded to the parameter's type where PyTorch rounds it.
// `adam opt({.lr = 1e-2, .amsgrad = true}, w);`
struct adam_options {
  double lr = 1e-3;
  std::array<double, 2> betas{0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
  bool maximize = false;
};

namespace detail {

// adam_state<T>: PyTorch's per-element state exp_avg, exp_avg_sq and max_exp_avg_sq.
template <class T>
struct adam_state {
  T exp_avg{};
  T exp_avg_sq{};
  T max_exp_avg_sq{};
};

// maximum(a, b): torch.maximum, which propagates a NaN of either argument.
template <class T>
T maximum(T a, T b) {
  return a != a || a > b ? a : b;
}

// adam_step: the scalars of one step, computed in double as Python does.
struct adam_step {
  // check(options): throws std::invalid_argument naming an invalid option, as torch.optim.Adam's
  // constructor raises ValueError.
  static void check(const adam_options& o) {
    const auto fail = [](const char* what, double value) {
      throw std::invalid_argument(std::string("ctgrad::adam: invalid ") + what + ": "
                                  + std::to_string(value));
    };
    if (!(o.lr >= 0.0))
      fail("learning rate lr (must be >= 0)", o.lr);
    if (!(o.eps >= 0.0))
      fail("eps (must be >= 0)", o.eps);
    if (!(o.betas[0] >= 0.0 && o.betas[0] < 1.0))
      fail("betas[0] (must be in [0, 1))", o.betas[0]);
    if (!(o.betas[1] >= 0.0 && o.betas[1] < 1.0))
      fail("betas[1] (must be in [0, 1))", o.betas[1]);
    if (!(o.weight_decay >= 0.0))
      fail("weight_decay (must be >= 0)", o.weight_decay);
  }

  double beta1, one_minus_beta1, beta2, one_minus_beta2;
  double neg_step_size;          // -lr / bias_correction1
  double bias_correction2_sqrt;  // sqrt(1 - beta2^step)
  double eps, weight_decay;
  bool amsgrad, maximize;

  adam_step(const adam_options& o, std::size_t step) {
    const double t = static_cast<double>(step);  // step_t.item(), a Python float
    beta1 = o.betas[0];
    beta2 = o.betas[1];
    one_minus_beta1 = 1.0 - beta1;
    one_minus_beta2 = 1.0 - beta2;
    neg_step_size = -(o.lr / (1.0 - std::pow(beta1, t)));
    bias_correction2_sqrt = std::sqrt(1.0 - std::pow(beta2, t));
    eps = o.eps;
    weight_decay = o.weight_decay;
    amsgrad = o.amsgrad;
    maximize = o.maximize;
  }

  // operator()(param, grad, state): one element's update. Each statement is one PyTorch
  // operation, rounded once (std::fma where the kernel fuses), so no compiler contracts two.
  template <class T>
  void operator()(T& param, T grad, adam_state<T>& s) const {
    T g = maximize ? -grad : grad;
    if (weight_decay != 0.0)
      g = std::fma(static_cast<T>(weight_decay), param, g);  // grad.add(param, alpha=wd)
    // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    const T decayed_avg = s.exp_avg * static_cast<T>(beta1);
    s.exp_avg = std::fma(static_cast<T>(one_minus_beta1), g, decayed_avg);
    // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    const T decayed_sq = s.exp_avg_sq * static_cast<T>(beta2);
    const T scaled_grad = static_cast<T>(one_minus_beta2) * g;
    s.exp_avg_sq = std::fma(scaled_grad, g, decayed_sq);
    T second_moment = s.exp_avg_sq;
    if (amsgrad) {
      s.max_exp_avg_sq = maximum(s.max_exp_avg_sq, s.exp_avg_sq);
      second_moment = s.max_exp_avg_sq;
    }
    // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    const T root = std::sqrt(second_moment);
    const T corrected = root / static_cast<T>(bias_correction2_sqrt);
    const T denom = corrected + static_cast<T>(eps);
    // param.addcdiv_(exp_avg, denom, value=-step_size)
    const T scaled_avg = static_cast<T>(neg_step_size) * s.exp_avg;
    const T delta = scaled_avg / denom;
    param = param + delta;
  }
};

}  // namespace detail

// adam<P...>: Adam over the parameters P..., which it refers to (they must outlive it), with its
// state inline: no heap, no virtual calls.
//   param<float> px, py;
//   adam opt({.lr = 1e-3}, px, py);   // torch.optim.Adam([x], lr=1e-3)
//   opt.zero_grad(); backward(f, x = px, y = py); opt.step();
// Parameters are params, std::arrays of params, or plain floating-point values (a number,
// std::array or tensor) whose gradients step(gradients...) takes. See docs/optimizers.md.
template <class... P>
class adam
    : public detail::basic_optimizer<adam_options, detail::adam_state, detail::adam_step, P...> {
  using base = detail::basic_optimizer<adam_options, detail::adam_state, detail::adam_step, P...>;

public:
  using base::base;
  // adam(params...): the default options.
  explicit adam(P&... params) : base(adam_options{}, params...) {}
};

template <class... P>
adam(const adam_options&, P&...) -> adam<P...>;

}  // namespace ctgrad
