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
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

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

// adam_rule: Adam's update. The numbers that do not change between steps are computed once, in
// double as Python holds them and rounded to float as each PyTorch operation rounds its scalar;
// each step adds its bias corrections.
class adam_rule {
public:
  // adam_rule(options): throws std::invalid_argument naming an invalid option, as
  // torch.optim.Adam's constructor raises ValueError.
  explicit adam_rule(const adam_options& o)
      : options_(o), exact_{o.betas[0], 1.0 - o.betas[0], o.betas[1], 1.0 - o.betas[1],
                            o.eps,      o.weight_decay},
        single_(exact_.rounded<float>()),
        plain_(o.weight_decay == 0.0 && !o.amsgrad && !o.maximize) {
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

  const adam_options& options() const { return options_; }

  // dispatch(step, f): f(update) with update(param, grad, state) the element update of this step
  // (counted from 1), without the branches of weight decay, amsgrad and maximize when they are
  // off.
  template <class F>
  CTGRAD_OPTIM_INLINE void dispatch(std::size_t step, F&& f) const {
    // _single_tensor_adam: step = step_t.item(), a Python float, and in double:
    //   bias_correction1 = 1 - beta1 ** step; bias_correction2 = 1 - beta2 ** step
    //   step_size = lr / bias_correction1; bias_correction2_sqrt = math.sqrt(bias_correction2)
    const double t = static_cast<double>(static_cast<std::int64_t>(step));
    const double bias_correction1 = 1.0 - std::pow(exact_.beta1, t);
    const double bias_correction2 = 1.0 - std::pow(exact_.beta2, t);
    const per_step<double> d{-(options_.lr / bias_correction1), std::sqrt(bias_correction2)};
    const per_step<float> f32{static_cast<float>(d.neg_step_size),
                              static_cast<float>(d.bias_correction2_sqrt)};
    const auto at = [&]<class T>(std::type_identity<T>) -> per_step<T> {
      if constexpr (std::is_same_v<T, float>)
        return f32;
      else
        return {static_cast<T>(d.neg_step_size), static_cast<T>(d.bias_correction2_sqrt)};
    };
    if (plain_)
      f([&](auto& param, auto grad, auto& state) {
        update<true>(param, grad, state, at(std::type_identity<decltype(grad)>{}));
      });
    else
      f([&](auto& param, auto grad, auto& state) {
        update<false>(param, grad, state, at(std::type_identity<decltype(grad)>{}));
      });
  }

private:
  // scalars<T>: the numbers that stay, in T.
  template <class T>
  struct scalars {
    T beta1, one_minus_beta1, beta2, one_minus_beta2, eps, weight_decay;

    template <class U>
    constexpr scalars<U> rounded() const {
      return {static_cast<U>(beta1), static_cast<U>(one_minus_beta1),
              static_cast<U>(beta2), static_cast<U>(one_minus_beta2),
              static_cast<U>(eps),   static_cast<U>(weight_decay)};
    }
  };

  // per_step<T>: -step_size and bias_correction2_sqrt, in T.
  template <class T>
  struct per_step {
    T neg_step_size, bias_correction2_sqrt;
  };

  template <class T>
  scalars<T> as() const {
    if constexpr (std::is_same_v<T, float>)
      return single_;
    else
      return exact_.rounded<T>();
  }

  // update<Plain>(param, grad, state, step): one element's update; Plain leaves out weight decay,
  // amsgrad and maximize. Each statement is one PyTorch operation, rounded once (std::fma where
  // the kernel fuses), so no compiler contracts two.
  template <bool Plain, class T>
  void update(T& param, T grad, adam_state<T>& s, per_step<T> step) const {
    const scalars<T> c = as<T>();
    T g = grad;
    if constexpr (!Plain) {
      if (options_.maximize)
        g = -g;
      if (exact_.weight_decay != 0.0)
        g = std::fma(c.weight_decay, param, g);  // grad.add(param, alpha=weight_decay)
    }
    // exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    const T decayed_avg = s.exp_avg * c.beta1;
    s.exp_avg = std::fma(c.one_minus_beta1, g, decayed_avg);
    // exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    const T decayed_sq = s.exp_avg_sq * c.beta2;
    const T scaled_grad = c.one_minus_beta2 * g;
    s.exp_avg_sq = std::fma(scaled_grad, g, decayed_sq);
    T second_moment = s.exp_avg_sq;
    if constexpr (!Plain) {
      if (options_.amsgrad) {
        s.max_exp_avg_sq = maximum(s.max_exp_avg_sq, s.exp_avg_sq);
        second_moment = s.max_exp_avg_sq;
      }
    }
    // denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
    const T root = std::sqrt(second_moment);
    const T corrected = root / step.bias_correction2_sqrt;
    const T denom = corrected + c.eps;
    // param.addcdiv_(exp_avg, denom, value=-step_size)
    const T scaled_avg = step.neg_step_size * s.exp_avg;
    const T delta = scaled_avg / denom;
    param = param + delta;
  }

  adam_options options_;
  scalars<double> exact_;  // as Python holds them
  scalars<float> single_;  // rounded once, not at every step
  bool plain_;             // no weight decay, amsgrad or maximize
};

}  // namespace detail

// adam<P...>: Adam over the parameters P..., which it refers to (they must outlive it), with its
// state inline up to 4 KB and on the heap above, allocated once: no virtual calls.
//   param<float> px, py;
//   adam opt({.lr = 1e-3}, px, py);   // torch.optim.Adam([x], lr=1e-3)
//   opt.zero_grad(); backward(f, x = px, y = py); opt.step();
// Parameters are params, std::arrays of params, or plain floating-point values (a number,
// std::array or tensor) whose gradients step(gradients...) takes. See docs/optimizers.md.
template <class... P>
class adam : public detail::basic_optimizer<detail::adam_rule, detail::adam_state, P...> {
  using base = detail::basic_optimizer<detail::adam_rule, detail::adam_state, P...>;

public:
  using base::base;
  // adam(params...): the default options.
  explicit adam(P&... params) : base(adam_options{}, params...) {}
};

template <class... P>
adam(const adam_options&, P&...) -> adam<P...>;

}  // namespace ctgrad
