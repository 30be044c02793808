// minimize(f, params, optimizer, steps, callback): the training loop of PyTorch's examples
// (zero_grad, backward, step), stopping with non_finite_error when the loss or a gradient is NaN
// or infinite. Example: examples/himmelblau.cpp.
#pragma once

#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/gradient.hpp>

#include <cmath>
#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace ctgrad {

// non_finite_error: minimize met a NaN or infinite loss or gradient at step(), before applying
// that step, so the parameters keep the values the previous steps gave them.
class non_finite_error : public std::runtime_error {
public:
  non_finite_error(std::size_t step, const std::string& what)
      : std::runtime_error("ctgrad::minimize: " + what + " at step " + std::to_string(step)
                           + "; stopped before applying it, the parameters keep their values"),
        step_(step) {}

  // step(): the step (counted from 0) whose loss or gradient was not finite.
  std::size_t step() const noexcept { return step_; }

private:
  std::size_t step_;
};

// Optimizer<O>: an optimizer of params that minimize can drive (adam, sgd).
template <class O>
concept Optimizer = requires(O& o) {
  o.zero_grad();
  o.step();
  { o.first_non_finite_grad() } -> std::same_as<std::size_t>;
  { O::parameter_count } -> std::convertible_to<std::size_t>;
};

// minimize_result<T>: the number of steps taken and the loss before the last of them.
template <class T>
struct minimize_result {
  std::size_t steps;
  T loss;
};

namespace detail {

// no_callback: minimize's default callback.
struct no_callback {
  constexpr void operator()(std::size_t, const auto&) const {}
};

// non_finite_text(v): "nan", "inf" or "-inf".
template <class T>
std::string non_finite_text(T v) {
  return v != v ? "nan" : (v > 0 ? "inf" : "-inf");
}

}  // namespace detail

// minimize(f, params, optimizer, steps, callback): `steps` times, as PyTorch's loop does:
//   optimizer.zero_grad(); loss = backward(f, params); optimizer.step(); callback(step, loss);
// f is a scalar expression, params its bindings (`bind(x = xs, w = W)`, the params among them
// being those of the optimizer), step counts from 0 and loss is f before the step. A callback
// that returns bool stops the loop by returning false. Before each step the loss and the
// gradients are checked: a NaN or infinity throws non_finite_error naming the step, and the
// parameters keep their last values. Returns the steps taken and the last loss.
template <Expression F, class Bindings, Optimizer O, class Callback = detail::no_callback>
auto minimize(const F& f, const Bindings& params, O& optimizer, std::size_t steps,
              Callback&& callback = {}) {
  static_assert(detail::is_bindings_v<Bindings>,
                "ctgrad: minimize takes the bindings as one object: bind(x = xs, w = W)");
  using T = std::remove_cvref_t<decltype(backward(f, params))>;
  static_assert(std::is_invocable_v<Callback&, std::size_t, T>,
                "ctgrad: minimize calls its callback as callback(step, loss), with the step a "
                "std::size_t and the loss a number");
  minimize_result<T> result{0, T(0)};
  for (std::size_t step = 0; step < steps; ++step) {
    optimizer.zero_grad();
    const T loss = backward(f, params);
    if (!std::isfinite(loss))
      throw non_finite_error(step, "the loss is " + detail::non_finite_text(loss));
    if (const std::size_t i = optimizer.first_non_finite_grad(); i != O::parameter_count)
      throw non_finite_error(step, "the gradient of the optimizer's parameter " + std::to_string(i)
                                       + " (counted from 0) has a NaN or an infinity");
    optimizer.step();
    result = {step + 1, loss};
    if constexpr (std::is_same_v<std::invoke_result_t<Callback&, std::size_t, T>, bool>) {
      if (!callback(step, loss))
        break;
    } else {
      callback(step, loss);
    }
  }
  return result;
}

}  // namespace ctgrad
