// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The reverse pass of a fused region (detail/tape.hpp): one loop over its elements that hands
// each element's adjoint down the region's interior to its inputs (region_adjoint).
#pragma once

#include <ctgrad/detail/tape.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/slot.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <type_traits>

namespace ctgrad::detail {

// sweep(e, t, adjoint, slots): the reverse pass (sweep.hpp), which a region's inputs go on with.
template <class T, class E, class Env, class G, class Slots>
constexpr void sweep(const E& e, const tape<T, E, Env>& t, const G& adjoint, const Slots& slots);

// stored_or(r, i, recompute): element i of a region node's values if the forward loop stored
// them, else recompute().
template <class R, class F>
constexpr auto stored_or(const R& r, std::size_t i, F recompute) {
  if constexpr (R::stored)
    return r.value[i];
  else
    return recompute();
}

// region_element<T, E, S>: element i's values at E for that loop: an input's element, or an
// interior node's arguments' and its own, read where the forward loop stored it and recomputed
// where it did not.
template <class T, class E, class S, bool = in_region_v<E, S>>
struct region_element {
  T value;
  template <class R>
  constexpr region_element(const R& r, std::size_t i) : value(r.at(i)) {}
};
template <class T, class Op, class A, class S>
struct region_element<T, node<Op, A>, S, true> {
  region_element<T, A, S> a;
  T value;
  template <class R>
  constexpr region_element(const R& r, std::size_t i)
      : a(r.a, i), value(stored_or(r, i, [&] { return Op::apply(a.value); })) {}
};
template <class T, class Op, class A, class B, class S>
struct region_element<T, node<Op, A, B>, S, true> {
  region_element<T, A, S> a;
  region_element<T, B, S> b;
  T value;
  template <class R>
  constexpr region_element(const R& r, std::size_t i)
      : a(r.a, i), b(r.b, i), value(stored_or(r, i, [&] { return Op::apply(a.value, b.value); })) {}
};

// no_adjoint: what a region input keeps when its adjoint goes straight into a slot, or nowhere.
struct no_adjoint {};

// region_adjoint<T, E, S, Slots>: where the reverse loop of a fused region of shape S puts the
// adjoints of its inputs, made from E's part of the forward pass, r. add(slots, r, v, i, g) takes
// element i's adjoint g at E (r: E's part of the forward pass, v: its element's values) and hands
// it down the interior through the operations' pullbacks, to the inputs: an input of shape S that
// is a target variable or a let expression adds into its slot at once, and so does a slice of a
// target variable (into the elements it gathers); a smaller one (a scalar, a broadcast) sums its
// adjoint over the elements it was broadcast to, in order; any other keeps a tensor of adjoints,
// swept on by finish(e, r, slots) after the loop, as are the sums. (A scalar's sum in four lanes,
// as sum_elements adds, made GCC 12 interleave and spill the lanes in this loop: slower.)
template <class T, class E, class S, class Slots, bool = in_region_v<E, S>>
struct region_adjoint {
  using of = slots_of<Slots>;
  using in_shape = shape_of_t<E>;
  static constexpr bool depends = of::template depends<E>;
  static constexpr bool whole = std::is_same_v<in_shape, S>;
  static constexpr bool direct = whole && (!is_node_v<E> || is_let_v<E>);
  static constexpr bool gathered = whole && gathers_target_v<E, Slots>;
  using storage = std::conditional_t<depends && !direct && !gathered, value_of_t<T, E>, no_adjoint>;
  [[no_unique_address]] storage adjoint;

  template <class R>
  constexpr explicit region_adjoint(const R&) {
    if constexpr (depends && !whole)
      adjoint = storage{};  // sums start at 0
  }

  template <class R, class V>
  constexpr void add(const Slots& slots, const R&, const V&, std::size_t i, T g) {
    if constexpr (direct) {
      if constexpr (constexpr std::size_t k = of::template result_index<E>; k < of::size)
        hana::at_c<k>(slots).add_element(i, g);
      if constexpr (constexpr std::size_t k = of::template let_index<E>; k < of::size)
        hana::at_c<k>(slots).add_element(i, g);
    } else if constexpr (gathered) {
      if constexpr (constexpr std::size_t k = of::template result_index<E>; k < of::size)
        hana::at_c<k>(slots).add_element(i, g);
      add_gathered<E>(slots, i, g);
    } else if constexpr (whole) {
      adjoint[i] = g;
    } else if constexpr (in_shape::rank == 0) {
      adjoint += g;
    } else {
      adjoint[source_index<in_shape, S>(i)] += g;
    }
  }

  template <class R>
  constexpr void finish(const E& e, const R& r, const Slots& slots) const {
    if constexpr (depends && !direct && !gathered)
      sweep(e, r.t, adjoint, slots);
  }
};

// reaches_v<Op, I, T, N>: the pullback of Op (N arguments) to argument I is not the constant 0.
template <class Op, std::size_t I, class T, std::size_t N>
constexpr bool reaches_v = [] {
  if constexpr (N == 1)
    return !is_zero_v<decltype(Op::pullback(hana::size_c<I>, T{}, T{}, T{}))>;
  else
    return !is_zero_v<decltype(Op::pullback(hana::size_c<I>, T{}, T{}, T{}, T{}))>;
}();

template <class T, class Op, class A, class S, class Slots>
struct region_adjoint<T, node<Op, A>, S, Slots, true> {
  using of = slots_of<Slots>;
  static constexpr bool into_a = of::template depends<A> && reaches_v<Op, 0, T, 1>;
  region_adjoint<T, A, S, Slots> a;

  template <class R>
  constexpr explicit region_adjoint(const R& r) : a(r.a) {}

  template <class R, class V>
  constexpr void add(const Slots& slots, const R& r, const V& v, std::size_t i, T g) {
    if constexpr (constexpr std::size_t k = of::template result_index<node<Op, A>>; k < of::size)
      hana::at_c<k>(slots).add_element(i, g);
    if constexpr (into_a)
      a.add(slots, r.a, v.a, i, as_number<T>(Op::pullback(hana::size_c<0>, g, v.a.value, v.value)));
  }
  template <class R>
  constexpr void finish(const node<Op, A>& e, const R& r, const Slots& slots) const {
    if constexpr (into_a)
      a.finish(e.a, r.a, slots);
  }
};
template <class T, class Op, class A, class B, class S, class Slots>
struct region_adjoint<T, node<Op, A, B>, S, Slots, true> {
  using of = slots_of<Slots>;
  static constexpr bool into_a = of::template depends<A> && reaches_v<Op, 0, T, 2>;
  static constexpr bool into_b = of::template depends<B> && reaches_v<Op, 1, T, 2>;
  // by_reciprocal: Op divides by b, and b is one number for every element (a scalar input,
  // broadcast): the loop multiplies by its reciprocal, computed here once, instead of dividing at
  // every element (Op::pullback_by_reciprocal).
  static constexpr bool by_reciprocal =
      !in_region_v<B, S> && shape_of_t<B>::size == 1 && requires(T x) {
    Op::pullback_by_reciprocal(hana::size_c<0>, x, x, x, x);
  };
  struct no_reciprocal {};
  using reciprocal = std::conditional_t<by_reciprocal, T, no_reciprocal>;
  [[no_unique_address]] reciprocal inverse_b;
  region_adjoint<T, A, S, Slots> a;
  region_adjoint<T, B, S, Slots> b;

  template <class R>
  constexpr explicit region_adjoint(const R& r) : inverse_b(inverse_of(r.b)), a(r.a), b(r.b) {}
  template <class RB>
  static constexpr reciprocal inverse_of(const RB& rb) {
    if constexpr (by_reciprocal)
      return T(1) / rb.at(0);
    else
      return {};
  }

  // pullback<I>(g, v): Op's pullback to argument I for element values v.
  template <std::size_t I, class V>
  constexpr T pullback(T g, const V& v) const {
    if constexpr (by_reciprocal)
      return as_number<T>(
          Op::pullback_by_reciprocal(hana::size_c<I>, g, v.a.value, inverse_b, v.value));
    else
      return as_number<T>(Op::pullback(hana::size_c<I>, g, v.a.value, v.b.value, v.value));
  }

  template <class R, class V>
  constexpr void add(const Slots& slots, const R& r, const V& v, std::size_t i, T g) {
    if constexpr (constexpr std::size_t k = of::template result_index<node<Op, A, B>>; k < of::size)
      hana::at_c<k>(slots).add_element(i, g);
    if constexpr (into_a)
      a.add(slots, r.a, v.a, i, pullback<0>(g, v));
    if constexpr (into_b)
      b.add(slots, r.b, v.b, i, pullback<1>(g, v));
  }
  template <class R>
  constexpr void finish(const node<Op, A, B>& e, const R& r, const Slots& slots) const {
    if constexpr (into_a)
      a.finish(e.a, r.a, slots);
    if constexpr (into_b)
      b.finish(e.b, r.b, slots);
  }
};

// sweep_region<T>(e, t, adjoint, slots): the reverse pass of a fused region from its forward pass
// t (its tape, or a summed_region), whose adjoint is a tensor of its shape or one number for
// every element (sum's, mean's: Op::uniform_pullback).
template <class T, class E, class R, class G, class Slots>
constexpr void sweep_region(const E& e, const R& t, const G& adjoint, const Slots& slots) {
  using S = shape_of_t<E>;
  region_adjoint<T, E, S, Slots> adjoints(t);
  for (std::size_t i = 0; i < S::size; ++i) {
    const region_element<T, E, S> v(t, i);
    adjoints.add(slots, t, v, i, static_cast<T>(element<S>(adjoint, i)));
  }
  adjoints.finish(e, t, slots);
}

}  // namespace ctgrad::detail
