// sgd: torch.optim.SGD, step for step: momentum, dampening, nesterov, weight_decay and maximize in
// the order and with the roundings of PyTorch 1.13's single-tensor SGD (torch/optim/sgd.py,
// _single_tensor_sgd). Example: tests/runtime/optimizer_test.cpp.
#pragma once

#include <ctgrad/optim/optimizer.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace ctgrad {

// sgd_options: torch.optim.SGD's options and defaults. lr has no default, as in PyTorch: leaving
// it out is an error. `sgd opt({.lr = 1e-3, .momentum = 0.9, .nesterov = true}, w);`
struct sgd_options {
  double lr = std::numeric_limits<double>::quiet_NaN();  // required
  double momentum = 0.0;
  double dampening = 0.0;
  double weight_decay = 0.0;
  bool nesterov = false;
  bool maximize = false;
};

namespace detail {

// sgd_state<T>: PyTorch's per-element momentum_buffer.
template <class T>
struct sgd_state {
  T momentum_buffer{};
};

// sgd_rule: SGD's update.
class sgd_rule {
public:
  // sgd_rule(options): throws std::invalid_argument naming an invalid or missing option, as
  // torch.optim.SGD's constructor raises ValueError.
  explicit sgd_rule(const sgd_options& o) : options_(o) {
    const auto fail = [](const std::string& what) {
      throw std::invalid_argument("ctgrad::sgd: " + what);
    };
    if (o.lr != o.lr)
      fail("the learning rate lr is required, as in torch.optim.SGD: sgd({.lr = 1e-3}, ...)");
    if (!(o.lr >= 0.0))
      fail("invalid learning rate lr (must be >= 0): " + std::to_string(o.lr));
    if (!(o.momentum >= 0.0))
      fail("invalid momentum (must be >= 0): " + std::to_string(o.momentum));
    if (!(o.weight_decay >= 0.0))
      fail("invalid weight_decay (must be >= 0): " + std::to_string(o.weight_decay));
    if (o.nesterov && (o.momentum <= 0.0 || o.dampening != 0.0))
      fail("nesterov momentum requires a momentum and zero dampening");
  }

  const sgd_options& options() const { return options_; }

  // dispatch(step, f): f(update) with update(param, grad, state) the element update of this step
  // (counted from 1; at the first, the momentum buffers are still None).
  template <class F>
  CTGRAD_OPTIM_INLINE void dispatch(std::size_t step, F&& f) const {
    const bool first = step == 1;
    f([this, first](auto& param, auto grad, auto& state) {
      this->update(param, grad, state, first);
    });
  }

private:
  // update(param, grad, state, first): one element's update, one PyTorch operation per statement.
  template <class T>
  void update(T& param, T grad, sgd_state<T>& s, bool first) const {
    const sgd_options& o = options_;
    T d_p = o.maximize ? -grad : grad;
    if (o.weight_decay != 0.0)
      d_p = std::fma(static_cast<T>(o.weight_decay), param, d_p);  // d_p.add(param, alpha=wd)
    if (o.momentum != 0.0) {
      if (first) {
        s.momentum_buffer = d_p;  // torch.clone(d_p)
      } else {
        // buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
        const T decayed = s.momentum_buffer * static_cast<T>(o.momentum);
        s.momentum_buffer = std::fma(static_cast<T>(1.0 - o.dampening), d_p, decayed);
      }
      // nesterov: d_p.add(buf, alpha=momentum); otherwise d_p = buf
      d_p = o.nesterov ? std::fma(static_cast<T>(o.momentum), s.momentum_buffer, d_p)
                       : s.momentum_buffer;
    }
    param = std::fma(static_cast<T>(-o.lr), d_p, param);  // param.add_(d_p, alpha=-lr)
  }

  sgd_options options_;
};

}  // namespace detail

// sgd<P...>: stochastic gradient descent over the parameters P..., which it refers to (they must
// outlive it), with its state as adam's: no virtual calls. Parameters and calls as for adam
// (optim/adam.hpp). Throws std::invalid_argument for a bad or missing option.
template <class... P>
class sgd : public detail::basic_optimizer<detail::sgd_rule, detail::sgd_state, P...> {
  using base = detail::basic_optimizer<detail::sgd_rule, detail::sgd_state, P...>;

public:
  using base::base;
};

template <class... P>
sgd(const sgd_options&, P&...) -> sgd<P...>;

}  // namespace ctgrad
