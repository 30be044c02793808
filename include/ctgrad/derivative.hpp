// d(f, v): the derivative of expression f by a variable or by a subexpression of f, as a new,
// simplified expression type. d<n>(f, v) for higher derivatives, d(f, u, v) for mixed partials.
// Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/variable.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctgrad {

namespace detail {

template <class V, std::size_t I, class Op, class A, class B>
constexpr auto term(const node<Op, A, B>& e);

// derive<V>(e): de/dV by the chain rule: 1 at V itself, 0 where V does not occur, and at a node
// the sum over arguments i of Op::pullback(i, d(arg_i)/dV, args..., e).
template <class V, class E>
constexpr auto derive(const E& e) {
  if constexpr (__is_same(E, V))
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

// has_tensor_v<E>: E or one of its subexpressions is a tensor.
template <class E>
constexpr bool has_tensor_v = shape_of_t<E>::rank > 0;
template <class Op, class... A>
constexpr bool has_tensor_v<node<Op, A...>> = shape_of_t<node<Op, A...>>::rank > 0
                                              || (has_tensor_v<A> || ...);

// fit_expression<S>(x): the adjoint expression x as one of shape S: summed when S is a scalar,
// expanded when x is one, else summed over the dimensions along which S was broadcast (a bias
// of shape<4> added to a shape<3, 4> gets the sum over the 3 rows).
template <class S, class X>
constexpr auto fit_expression(const X& x) {
  using from = shape_of_t<X>;
  if constexpr (std::is_same_v<from, S>)
    return x;
  else if constexpr (S::rank == 0)
    return make<sum_op>(x);
  else if constexpr (from::rank == 0)
    return make<expand_op<S>>(x);
  else
    return make<sum_to_op<S>>(x);
}

template <class V, std::size_t I, class Op, class A, class B, class G>
constexpr auto reverse_term(const node<Op, A, B>& e, const G& adjoint);

// derive_reverse<V>(e, adjoint): the part of d(root)/dV that flows through e, whose adjoint (an
// expression of e's shape) is `adjoint`: the reverse sweep, run on expressions. It serves
// tensors, where the forward rule of derive would need Jacobians.
template <class V, class E, class G>
constexpr auto derive_reverse(const E& e, const G& adjoint) {
  if constexpr (__is_same(E, V)) {
    return adjoint;
  } else if constexpr (!contains_v<E, V>) {
    return c<0>;
  } else if constexpr (arity_v<E> == 1) {
    using A = std::remove_cvref_t<decltype(e.a)>;
    const auto pulled = op_t<E>::pullback(hana::size_c<0>, adjoint, e.a, e);
    if constexpr (is_zero_v<std::remove_cvref_t<decltype(pulled)>>)
      return c<0>;
    else
      return derive_reverse<V>(e.a, fit_expression<shape_of_t<A>>(pulled));
  } else {
    return reverse_term<V, 0>(e, adjoint) + reverse_term<V, 1>(e, adjoint);
  }
}

// reverse_term<V, I>(e, adjoint): derive_reverse through argument I of binary node e.
template <class V, std::size_t I, class Op, class A, class B, class G>
constexpr auto reverse_term(const node<Op, A, B>& e, const G& adjoint) {
  using arg = std::conditional_t<I == 0, A, B>;
  if constexpr (!contains_v<arg, V>) {
    return c<0>;
  } else {
    const auto pulled = Op::pullback(hana::size_c<I>, adjoint, e.a, e.b, e);
    if constexpr (is_zero_v<std::remove_cvref_t<decltype(pulled)>>)
      return c<0>;
    else if constexpr (I == 0)
      return derive_reverse<V>(e.a, fit_expression<shape_of_t<A>>(pulled));
    else
      return derive_reverse<V>(e.b, fit_expression<shape_of_t<B>>(pulled));
  }
}

// derive_any<V>(f): d f / dV: the forward rule on scalars, the reverse sweep where tensors occur.
template <class V, class F>
constexpr auto derive_any(const F& f) {
  if constexpr (has_tensor_v<F> || shape_of_t<V>::rank > 0) {
    static_assert(shape_of_t<F>::rank == 0,
                  "ctgrad: d needs a scalar expression; for a tensor, use jacobian");
    return fit_expression<shape_of_t<V>>(derive_reverse<V>(f, c<1>));
  } else {
    return derive<V>(f);
  }
}

// derive_all<V...>(f): f differentiated by each V in turn.
template <class... V, class F>
constexpr auto derive_all(const F& f) {
  if constexpr (sizeof...(V) == 0)
    return f;
  else
    return [&]<class Head, class... Tail>(std::type_identity<Head>, std::type_identity<Tail>...) {
      return derive_all<Tail...>(derive_any<Head>(f));
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
  static_assert(detail::all_of({detail::check_target<F, V>()...}));
  return detail::derive_n<N, V...>(f);
}

// An expression whose operands all simplify to numbers is folded to that number: relu((y - y) *
// -4.0) is a double. The entry points take such a number as the expression holding it
// (literal), so that generic code need not know which of its expressions fold.
template <std::size_t N = 1, Number F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto d(const F& f, const V&... v) {
  return d<N>(as_expression(f), v...);
}

}  // namespace ctgrad
