// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// forward_and_sweep<T>(f, env, slots): f's value and one reverse sweep of f, the entry point of
// every gradient; a long scalar sum goes term by term (value_and_sweep).
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/reverse/slot.hpp>
#include <ctgrad/reverse/sweep.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>

namespace ctgrad::detail {

// Long sums. A sum of N terms built by + and - is a chain of N - 1 nodes, each nested in the
// next, and every function the forward pass and the sweep instantiate at a node is named after the
// node's whole type. GCC's name mangling compares each part of a name with the parts before it,
// so its cost grows as the cube of N: two thirds of GCC's time for the extended Rosenbrock
// function of 256 variables written with + (docs/benchmarks.md). value_and_sweep runs the sum's
// terms one after the other instead, computing each and sweeping it at once, since a term's adjoint
// (the sum's, or its negation) needs no value: one function per node of the chain instead of two
// (the tape's constructor and the sweep), and no tape of the chain.
//
// sweeps_terms_v<E>: value_and_sweep runs E term by term: a scalar sum of at least 16 terms
// (terms_v; shorter ones compile as fast either way, and the normal log-pdf's three terms ran 5%
// faster with the whole forward pass first). Expressions with let expressions do not come here
// (forward_and_sweep).
template <class E>
constexpr bool sweeps_terms_v = terms_v<E> >= 16 && shape_of_t<E>::rank == 0;

// value_and_sweep<T>(e, env, adjoint, slots): e's value, and the reverse sweep of e from adjoint
// into slots: term by term down a long sum (above), else from e's tape. The slots receive the
// same adjoints in the same order as from the whole tape, and the values are the same.
template <class T, class E, class Env, class Slots>
constexpr T value_and_sweep(const E& e, const Env& env, const T& adjoint, const Slots& slots) {
  using of = slots_of<Slots>;
  if constexpr (sweeps_terms_v<E>) {
    using op = op_t<E>;
    const T a =
        value_and_sweep<T>(e.a, env, T(op::pullback(hana::size_c<0>, adjoint, 0, 0, 0)), slots);
    return op::apply(
        a, value_and_sweep<T>(e.b, env, T(op::pullback(hana::size_c<1>, adjoint, 0, 0, 0)), slots));
  } else {
    const tape<T, E, Env> t(e, env);
    if constexpr (of::template depends<E>)
      sweep(e, t, adjoint, slots);
    return t.value;
  }
}

// forward_and_sweep<T>(f, env, slots): f's value, and one reverse sweep of f seeded with 1 into
// slots: after the forward pass that computes each let expression once, or value_and_sweep.
template <class T, class F, class Env, class Slots>
constexpr T forward_and_sweep(const F& f, const Env& env, const Slots& slots) {
  if constexpr (has_let_v<F>) {
    const let_forward<T, F, Env> t(f, env);
    sweep_root(f, t, T(1), slots);
    return t.value;
  } else {
    return value_and_sweep<T>(f, env, T(1), slots);
  }
}

}  // namespace ctgrad::detail
