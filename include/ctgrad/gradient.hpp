// grad(f, v1, v2, ...) and value_and_grad(f, ...): every partial derivative of f in one reverse
// sweep over the expression type, sharing each node's value. Example: examples/mse_scalar.cpp.
#pragma once

#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/reverse/backward.hpp>  // IWYU pragma: export
#include <ctgrad/reverse/gradient_fn.hpp>
#include <ctgrad/reverse/hessian.hpp>   // IWYU pragma: export
#include <ctgrad/reverse/jacobian.hpp>  // IWYU pragma: export
#include <ctgrad/reverse/jvp.hpp>       // IWYU pragma: export

namespace ctgrad {

// grad(f, v1, v2, ...): a function of the bindings that returns df/dv1, df/dv2, ... computed by
// one forward and one reverse pass; one target gives a number, several a std::tuple.
// `auto [dx, dy] = grad(f, x, y)(x = 1.0, y = 2.0);`
template <Expression F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto grad(const F& f, const V&...) {
  static_assert(detail::all_of({detail::check_target<F, V>()...}));
  detail::check_lets(f);
  return detail::gradient_fn<false, F, V...>{{}, f};
}

// value_and_grad(f, v1, ...): like grad, but returns the pair {f's value, gradient}.
template <Expression F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto value_and_grad(const F& f, const V&...) {
  static_assert(detail::all_of({detail::check_target<F, V>()...}));
  detail::check_lets(f);
  return detail::gradient_fn<true, F, V...>{{}, f};
}

// grad and value_and_grad of an expression folded to a number (see d).
template <Number F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto grad(const F& f, const V&... v) {
  return grad(as_expression(f), v...);
}
template <Number F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto value_and_grad(const F& f, const V&... v) {
  return value_and_grad(as_expression(f), v...);
}

}  // namespace ctgrad
