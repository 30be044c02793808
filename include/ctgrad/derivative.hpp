// d(f, v): the derivative of expression f by a variable or by a subexpression of f, as a new,
// simplified expression type. d<n>(f, v) for higher derivatives, d(f, u, v) for mixed partials.
// Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/variable.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctgrad {

namespace detail {

// check_target<F, V>(): true when f can be differentiated by v: v is a variable, or a
// subexpression of f without runtime numbers. Otherwise a compile error says why.
template <class T>
inline constexpr bool always_false_v = false;

template <class F, class V>
constexpr bool check_target() {
  if constexpr (!Expression<V>)
    static_assert(always_false_v<V>,
                  "ctgrad: differentiate by a variable (var<\"x\">) or a subexpression of f");
  else if constexpr (is_constant_v<V> || is_literal_v<V>)
    static_assert(always_false_v<V>, "ctgrad: cannot differentiate by a constant or a number");
  else if constexpr (!Variable<V> && !contains_v<F, V>)
    static_assert(always_false_v<V>,
                  "ctgrad: the target of differentiation is neither a variable nor a "
                  "subexpression of f");
  else if constexpr (!Variable<V> && !is_static_v<V>)
    static_assert(always_false_v<V>,
                  "ctgrad: a subexpression target must not hold runtime numbers (such as x*2.5), "
                  "because they cannot be matched at compile time; use a constant (c<5, 2>) or "
                  "a variable instead");
  return true;
}

template <class V, std::size_t I, class Op, class A, class B>
constexpr auto term(const node<Op, A, B>& e);

// derive<V>(e): de/dV by the chain rule: 1 at V itself, 0 where V does not occur, and at a node
// the sum over arguments i of Op::pullback(i, d(arg_i)/dV, args..., e).
template <class V, class E>
constexpr auto derive(const E& e) {
  if constexpr (std::is_same_v<E, V>)
    return c<1>;
  else if constexpr (!contains_v<E, V>)
    return c<0>;
  else if constexpr (arity_v<E> == 1)
    return op_t<E>::pullback(hana::size_c<0>, derive<V>(e.a), e.a, e);
  else
    return term<V, 0>(e) + term<V, 1>(e);
}

// term<V, I>(e): the chain-rule term of argument I of binary node e; 0 when I does not depend on V.
template <class V, std::size_t I, class Op, class A, class B>
constexpr auto term(const node<Op, A, B>& e) {
  using arg = std::conditional_t<I == 0, A, B>;
  if constexpr (!contains_v<arg, V>)
    return c<0>;
  else if constexpr (I == 0)
    return Op::pullback(hana::size_c<0>, derive<V>(e.a), e.a, e.b, e);
  else
    return Op::pullback(hana::size_c<1>, derive<V>(e.b), e.a, e.b, e);
}

}  // namespace detail

namespace detail {
// derive_all<V...>(f): f differentiated by each V in turn.
template <class... V, class F>
constexpr auto derive_all(const F& f) {
  if constexpr (sizeof...(V) == 0)
    return f;
  else
    return [&]<class Head, class... Tail>(std::type_identity<Head>, std::type_identity<Tail>...) {
      return derive_all<Tail...>(derive<Head>(f));
    }(std::type_identity<V>{}...);
}

// derive_n<N, V...>(f): derive_all<V...> applied N times.
template <std::size_t N, class... V, class F>
constexpr auto derive_n(const F& f) {
  if constexpr (N == 0)
    return f;
  else
    return derive_n<N - 1, V...>(derive_all<V...>(f));
}
}  // namespace detail

// d<N>(f, v1, v2, ...): the derivative of f by v1, then v2, ..., all of it N times. Each vi is a
// variable (the result is 0 where it does not occur) or a subexpression of f, which is then held
// fixed as if it were a variable (PyTorch's autograd.grad(f, [y1])).
template <std::size_t N = 1, Expression F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto d(const F& f, const V&...) {
  static_assert((detail::check_target<F, V>() && ...));
  return detail::derive_n<N, V...>(f);
}

}  // namespace ctgrad
