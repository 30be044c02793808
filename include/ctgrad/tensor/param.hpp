// param<T, Shape>: a trainable value with its accumulated gradient, PyTorch's tensor with
// requires_grad. Bind it like data (`w = W`); backward(loss, ...) adds d loss / d w into W.grad.
// Example: examples/mse_gradient.cpp.
#pragma once

#include <ctgrad/detail/values.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <string_view>

namespace ctgrad {

// param<T, Shape>: value and grad, both of Shape (a number for shape<>).
template <class T, class Shape = shape<>>
struct param {
  using element_type = T;
  using shape_type = Shape;

  // Each on its own 16 bytes: side by side, GCC 12 kept a float param's value and grad packed in
  // one 64-bit register and spent shifts on every step of an optimizer loop (the 20000-step Adam
  // run: 1.11-1.14 of hand-written code, 0.95-1.02 aligned).
  alignas(16) value_t<T, Shape> value{};
  alignas(16) value_t<T, Shape> grad{};

  constexpr param() = default;
  constexpr explicit param(const value_t<T, Shape>& initial) : value(initial) {}

  // param(values): the initial value from an array, vector, span or nested array, row-major.
  template <class R>
    requires(Shape::rank > 0 && !TensorValue<R> && Number<detail::scalar_of_t<R>>)
  constexpr explicit param(const R& values) {
    const auto t = detail::to_tensor<Shape>(values, "param");
    for (std::size_t i = 0; i < Shape::size; ++i)
      value[i] = static_cast<T>(t[i]);
  }

  // zero_grad(): sets grad to 0, as optimizer.zero_grad() does.
  constexpr void zero_grad() { grad = value_t<T, Shape>{}; }
};

// zero_grad(p...): p.zero_grad() for each param.
template <class... P>
constexpr void zero_grad(P&... params) {
  (params.zero_grad(), ...);
}

}  // namespace ctgrad
