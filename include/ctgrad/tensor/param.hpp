// param<T, Shape>: a trainable value with its accumulated gradient, PyTorch's tensor with
// requires_grad. Bind it like data (`w = W`); backward(loss, ...) adds d loss / d w into W.grad.
// Example: examples/mse_gradient.cpp.
#pragma once

#include <ctgrad/detail/values.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ctgrad {

// param<T, Shape>: value and grad, both of Shape (a number for shape<>). A Shape with dyn
// dimensions (shape<784, dyn>) takes its dimensions when it is made, from param(dims) (zeros) or
// from the initial values, and keeps them: value and grad always have the same dimensions.
template <class T, class Shape = shape<>>
struct param {
  using element_type = T;
  using shape_type = Shape;
  using dims_type = std::array<std::size_t, Shape::rank>;

  // Each on its own 16 bytes: side by side, GCC 12 kept a float param's value and grad packed in
  // one 64-bit register and spent shifts on every step of an optimizer loop (the 20000-step Adam
  // run: 1.11-1.14 of hand-written code, 0.95-1.02 aligned).
  alignas(16) value_t<T, Shape> value{};
  alignas(16) value_t<T, Shape> grad{};

  constexpr param() = default;
  constexpr explicit param(const value_t<T, Shape>& initial) requires(Shape::is_static)
      : value(initial) {}
  // (for a dynamic Shape a template, so that param({2, 5}) means the dims)
  template <std::same_as<value_t<T, Shape>> V>
    requires(!Shape::is_static)
  constexpr explicit param(const V& initial) : value(initial), grad(initial.dims()) {}

  // param(dims): a param of a dynamic Shape with these dimensions (each static one as Shape says),
  // its value and grad zero: torch.zeros(dims, requires_grad=True).
  constexpr explicit param(const dims_type& dims) requires(!Shape::is_static)
      : value(checked(dims)), grad(dims) {}

  // param(values): the initial value from an array, vector, span or nested array, row-major; for a
  // dynamic Shape the values give the dims, as they do when bound to a variable.
  template <class R>
    requires(Shape::rank > 0 && !Number<R> && !TensorValue<R> && Number<detail::scalar_of_t<R>>)
  constexpr explicit param(const R& values) {
    const auto t = detail::to_tensor<Shape>(values, "param");
    if constexpr (!Shape::is_static)
      *this = param(t.dims());
    for (std::size_t i = 0; i < t.size(); ++i)
      value[i] = static_cast<T>(t[i]);
  }

  // dims(): the dimensions of value and grad.
  constexpr const dims_type& dims() const { return value.dims(); }

  // zero_grad(): sets grad to 0, as optimizer.zero_grad() does.
  constexpr void zero_grad() {
    if constexpr (Shape::is_static)
      grad = value_t<T, Shape>{};
    else
      std::fill(grad.begin(), grad.end(), T{});
  }

private:
  // checked(dims): dims, if each static dimension is as Shape says; else std::invalid_argument.
  static dims_type checked(const dims_type& dims) {
    for (std::size_t d = 0; d < Shape::rank; ++d)
      if (Shape::dims[d] != dyn && dims[d] != Shape::dims[d])
        throw std::invalid_argument("ctgrad: a param of shape " + detail::shape_text<Shape>()
                                    + " cannot have the dimensions " + detail::dims_text(dims));
    return dims;
  }
};

// zero_grad(p...): p.zero_grad() for each param.
template <class... P>
constexpr void zero_grad(P&... params) {
  (params.zero_grad(), ...);
}

}  // namespace ctgrad
