// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The reverse sweep: sweep(e, t, adjoint, slots) walks the tape t of e from its root, adding the
// adjoint of every target into its slot; sweep_root stops at each let expression and sweeps it
// once all of its adjoint is in.
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/region.hpp>
#include <ctgrad/reverse/slot.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/bool.hpp>
#include <boost/hana/concat.hpp>
#include <boost/hana/filter.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// sweep(e, t, adjoint, slots) at a variable read in place (bound_tape): its adjoint goes into its
// slot, if it is a target.
template <class T, class E, class Env, class G, class Slots>
constexpr void sweep(const E&, const bound_tape<T, E, Env>& t, const G& adjoint,
                     const Slots& slots) {
  using of = slots_of<Slots>;
  if constexpr (constexpr std::size_t i = of::template result_index<E>; i < of::size) {
    if constexpr (std::is_same_v<G, value_of_t<T, E>>)
      hana::at_c<i>(slots).add(adjoint);
    else if constexpr (!is_zero_v<G> || of::template assigns<E>)
      hana::at_c<i>(slots).add(fit<T, shape_of_t<E>>(adjoint, t.value));
  }
}

// sweep(e, t, adjoint, slots): the reverse pass. It adds the adjoint of each target into its slot
// and hands each argument that depends on a target (slots_of::depends) its adjoint,
// Op::pullback(...), computed only then. An adjoint that is not of E's type is fitted to E's shape
// first, and dropped when it is the constant 0 (but for a target written, not added to). One
// function template per node: the recursion is as deep as the expression (GCC stops at 900
// instantiations deep, Clang 14 runs out of stack on a chain of about 1600 nodes when each level
// takes two), and every function template instantiated at a node is named after the node's whole
// type. For the same reason the adjoint is passed as a value, not as a lambda that computes it (a
// closure type and its call operator per argument).
template <class T, class E, class Env, class G, class Slots>
constexpr void sweep(const E& e, const tape<T, E, Env>& t, const G& adjoint, const Slots& slots) {
  using of = slots_of<Slots>;
  constexpr bool as_is = std::is_same_v<G, value_of_t<T, E>>;
  if constexpr (constexpr std::size_t i = of::template result_index<E>; as_is && i < of::size)
    hana::at_c<i>(slots).add(adjoint);
  // The binary operations first: a long chain such as a + b + c + ... recurses through here, and
  // each else-if before it would add frames to Clang's stack at every level of the chain.
  if constexpr (as_is && arity_v<E> == 2 && !fused_v<E> && !slices_target_v<E, Slots>) {
    using op = op_t<E>;
    using A = std::remove_cvref_t<decltype(e.a)>;
    using B = std::remove_cvref_t<decltype(e.b)>;
    const auto& a = t.a.value;
    const auto& b = t.b.value;
    if constexpr (constexpr std::size_t k = pulls_back_into_v<op, A, Slots>; k < of::size)
      op::pullback_into(hana::size_c<0>, adjoint, a, b, t.value, *hana::at_c<k>(slots).target);
    else if constexpr (of::template depends<A>)
      sweep(e.a, t.a, op::pullback(hana::size_c<0>, adjoint, a, b, t.value), slots);
    if constexpr (constexpr std::size_t k = pulls_back_into_v<op, B, Slots>; k < of::size)
      op::pullback_into(hana::size_c<1>, adjoint, a, b, t.value, *hana::at_c<k>(slots).target);
    else if constexpr (of::template depends<B>)
      sweep(e.b, t.b, op::pullback(hana::size_c<1>, adjoint, a, b, t.value), slots);
  } else if constexpr (!as_is) {
    // a zero adjoint is dropped, unless a slot below takes it as its only contribution, and must
    // be written (with zeros) all the same
    if constexpr (!is_zero_v<G> || of::template assigns<E>)
      sweep(e, t, fit<T, shape_of_t<E>>(adjoint, t.value), slots);
  } else if constexpr (fused_v<E>) {
    sweep_region<T>(e, t, adjoint, slots);
  } else if constexpr (is_let_v<E>) {
    if constexpr (constexpr std::size_t i = of::template let_index<E>; i < of::size)
      hana::at_c<i>(slots).add(adjoint);
  } else if constexpr (gathers_target_v<E, Slots>) {
    for (std::size_t j = 0; j < shape_of_t<E>::size; ++j)
      add_gathered<E>(slots, j, adjoint[j]);
  } else if constexpr (slices_target_v<E, Slots>) {
    constexpr std::size_t i = of::template result_index<std::remove_cvref_t<decltype(e.a)>>;
    if constexpr (arity_v<E> == 1)
      hana::at_c<i>(slots).add_slice(op_t<E>::position(t.a.value), adjoint);
    else
      hana::at_c<i>(slots).add_slice(op_t<E>::position(t.a.value, t.b.value), adjoint);
  } else if constexpr (arity_v<E> == 1) {
    using op = op_t<E>;
    using A = std::remove_cvref_t<decltype(e.a)>;
    if constexpr (sums_region<op, T, A>) {  // a summed_region: one adjoint for every element
      if constexpr (of::template depends<A>)
        sweep_region<T>(e.a, t.a, op::uniform_pullback(adjoint, e.a), slots);
    } else if constexpr (of::template depends<A>) {
      sweep(e.a, t.a, op::pullback(hana::size_c<0>, adjoint, t.a.value, t.value), slots);
    }
  }
}

// sweep_root(f, forward, seed, slots): the reverse pass of f from its forward pass. With let
// expressions, the sweep stops at each and adds its adjoint into a slot of its own; once all of a
// let expression's adjoint is in (those that contain it come later in lets_v), one sweep goes on
// into its argument.
template <class T, class F, class Env, class... S>
constexpr void sweep_root(const F& f, const tape<T, F, Env>& t, const value_of_t<T, F>& seed,
                          const hana::tuple<S...>& slots) {
  sweep(f, t, seed, slots);
}
template <class T, class F, class Env, class... S>
constexpr void sweep_root(const F& f, const let_forward<T, F, Env>& forward,
                          const value_of_t<T, F>& seed, const hana::tuple<S...>& slots) {
  constexpr auto swept = hana::filter(lets_v<F>, [](auto l) {
    return hana::bool_c<depends_v<typename decltype(l)::type, typename S::variable...>>;
  });
  hana::unpack(swept, [&](auto... l) {
    hana::tuple<value_of_t<T, typename decltype(l)::type>...> adjoints{};
    constexpr auto count = occurrences_in_v<F, typename decltype(l)::type...>;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      const auto all = hana::concat(
          slots, hana::make_tuple(let_slot_for<F, typename decltype(l)::type, count[I]>(
                     hana::at_c<I>(adjoints))...));
      sweep(f, forward.main, seed, all);
      constexpr std::size_t n = sizeof...(I);
      const auto into = [&](auto k) {
        using L = typename decltype(+hana::at_c<decltype(k)::value>(swept))::type;
        const auto& link = forward.lets.template get<L>();
        sweep(link.e, link.t, hana::at_c<decltype(k)::value>(adjoints), all);
      };
      (into(hana::size_c<n - 1 - I>), ...);
    }
    (std::make_index_sequence<sizeof...(l)>{});
  });
}

}  // namespace ctgrad::detail
