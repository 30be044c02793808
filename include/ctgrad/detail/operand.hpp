// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/tensor/tensor.hpp>
#include <ctgrad/variable.hpp>

#include <type_traits>

namespace ctgrad {

// Operand: what an operation accepts: an expression, a plain number, or a tensor value; and, as
// constant tensors of an expression, a std::array of numbers (copied) or a std::span of a static
// extent or a tensor_view (held by reference).
template <class T>
concept Operand = Expression<T> || Number<T> || TensorValue<T> || detail::constant_tensor_v<T>;

namespace detail {

// promoted_t<T>: the floating-point type a number computes in (integers compute in double).
template <class T>
using promoted_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

// element_t<V>: the number type of a value (a number's own type, a tensor's element type).
template <class V>
struct element_of {
  using type = V;
};
template <class T, class S>
struct element_of<tensor<T, S>> {
  using type = T;
};
template <class T, class S>
struct element_of<tensor_view<T, S>> {
  using type = T;
};
template <class P>
struct element_of<param_ref<P>> {
  using type = typename P::element_type;
};
template <class V>
using element_t = typename element_of<V>::type;

// any_shape_t<X>: the shape of an expression or of a value.
template <class X>
struct any_shape {
  using type = value_shape_t<X>;
};
template <Expression X>
struct any_shape<X> {
  using type = shape_of_t<X>;
};
template <class X>
using any_shape_t = typename any_shape<X>::type;

template <class T>
concept value_or_constant = Number<T> || TensorValue<T> || is_constant_v<T>;

// numeric_v<Args...>: the call is on values (at least one number or tensor, the rest values or
// constants), so it computes a value rather than building an expression.
template <class... Args>
constexpr bool numeric_v = ((Number<Args> || TensorValue<Args>) || ...)
                           && (value_or_constant<Args> && ...);

template <class... Args>
using numeric_t = std::common_type_t<
    promoted_t<element_t<std::conditional_t<is_constant_v<Args>, float, Args>>>...>;

// as_number<T>(v): v in type T, for a number or a constant; a tensor stays as it is.
template <class T, class V>
constexpr auto as_number(const V& v) {
  if constexpr (is_constant_v<V>)
    return V::template as<T>();
  else if constexpr (TensorValue<V>)
    return v;
  else
    return static_cast<T>(v);
}

// apply<Op>(values...): Op's value. Operations on numbers (Op::apply) apply elementwise to
// tensors, broadcast together, unless they handle tensors themselves (Op::elementwise is false).
template <class Op, class... V>
constexpr auto apply(const V&... values) {
  if constexpr ((Number<V> && ...))
    return Op::apply(values...);
  else if constexpr (requires { requires !Op::elementwise; })
    return Op::apply(values...);
  else
    return map([](auto... v) { return Op::apply(v...); }, values...);
}

// call<Op>(args...): Op on values computes a value; otherwise it builds the simplified
// expression make<Op>(args...), turning numbers into literals.
template <class Op, Operand... Args>
constexpr auto call(const Args&... args) {
  if constexpr (numeric_v<Args...>) {
    using T = numeric_t<Args...>;
    return apply<Op>(as_number<T>(args)...);
  } else {
    return make<Op>(as_expression(args)...);
  }
}

}  // namespace detail
}  // namespace ctgrad
