// literal<T>: a runtime number inside an expression (`x * 2.5`), or a constant tensor
// (`softmax<0>(v) * std::array{1.0, 2.0, 3.0}`). It is stored by value (a std::span of a static
// extent, or a tensor_view, by reference to its numbers, which must outlive the expression) and
// takes the value type of the evaluation, so a float binding stays float. Examples:
// tests/static/core_static.cpp, tests/runtime/constant_tensor_test.cpp.
#pragma once

#include <ctgrad/expression.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <type_traits>

namespace ctgrad {

namespace detail {
// literal_value<T>: what a literal holds: a number, a tensor, or a view of numbers elsewhere.
template <class T>
concept literal_value = Number<T> || TensorValue<T> || is_tensor_view_v<T>;

// is_number_array_v<T>: T is a std::array of numbers, a constant vector in an expression.
template <class T>
constexpr bool is_number_array_v = false;
template <class T, std::size_t N>
constexpr bool is_number_array_v<std::array<T, N>> = Number<T>;

// is_number_span_v<T>: T is a std::span of numbers of a static extent, a constant vector of an
// expression held by reference.
template <class T>
constexpr bool is_number_span_v = false;
template <class T, std::size_t N>
constexpr bool is_number_span_v<std::span<T, N>> =
    (Number<std::remove_const_t<T>> && N != std::dynamic_extent);

// constant_tensor_v<T>: T is a value that an expression holds as a constant tensor.
template <class T>
constexpr bool constant_tensor_v =
    is_tensor_view_v<T> || is_number_array_v<T> || is_number_span_v<T>;
}  // namespace detail

// literal<T>: the number or tensor `value`, known only at run time (or in a constant expression).
template <detail::literal_value T>
struct literal : expression_interface<literal<T>> {
  using shape_type = detail::value_shape_t<T>;  // shape<> for a number
  T value{};
  constexpr literal() = default;
  constexpr explicit literal(T v) : value(v) {}
};

namespace detail {
template <class T>
constexpr bool is_static_v<literal<T>> = false;

template <class T>
constexpr bool is_literal_v = false;
template <class T>
constexpr bool is_literal_v<literal<T>> = true;
}  // namespace detail

// as_expression(v): v itself for an expression, literal(v) for a number or a tensor value, and
// for a std::array of numbers the literal of its copy as a tensor of shape<N>.
template <class T>
constexpr auto as_expression(const T& v) {
  if constexpr (Expression<T>) {
    return v;
  } else if constexpr (detail::is_number_array_v<T>) {
    tensor<typename T::value_type, shape<std::tuple_size_v<T>>> t{};
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = v[i];
    return literal(t);
  } else if constexpr (detail::is_number_span_v<T>) {
    using number = std::remove_const_t<typename T::element_type>;
    return literal(tensor_view<number, shape<T::extent>>{v.data()});
  } else {
    return literal<T>(v);
  }
}

}  // namespace ctgrad
