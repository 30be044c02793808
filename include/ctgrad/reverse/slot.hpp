// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The reverse sweep's slots: where the partial derivative by each target goes (a value, or the
// caller's memory: tensor_out), written or added into, and what the sweep asks of them
// (slots_of). slot<F, V, Count>(g) makes the slot of f's derivative by V.
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/occurrences.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/tuple.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <type_traits>

namespace ctgrad::detail {

// fit_dynamic<R>(value, dims): fit's work where a shape is dynamic: value broadcast to, or summed
// down to, dims (R a number when dims is empty).
template <class R, class V, std::size_t Rank>
constexpr R fit_dynamic(const V& value, const std::array<std::size_t, Rank>& dims) {
  if constexpr (Rank == 0) {
    return reduce_to<shape<>>(value);
  } else if constexpr (Number<V>) {
    return written<R>(dims, [&](R& r) { std::fill(r.begin(), r.end(), value); });
  } else if (element_product(dims) >= value.size()) {
    const source_map<Rank> at(value.dims(), dims);
    return written<R>(dims, [&](R& r) {
      for (std::size_t i = 0; i < r.size(); ++i)
        r[i] = value[at(i)];
    });
  } else {
    R r = written<R>(dims, [](R& z) { std::fill(z.begin(), z.end(), element_t<R>(0)); });
    const source_map<V::shape_type::rank> at(dims, value.dims());
    for (std::size_t i = 0; i < value.size(); ++i)
      r[at(i)] += value[i];
    return r;
  }
}

// fit<T, S>(v): an adjoint v (a number, a tensor or a constant) as a value of shape S: summed
// over the dimensions along which S was broadcast, or broadcast when it is smaller.
// For a dynamic S, like is a value of shape S whose dimensions the result takes.
template <class T, class S, class V, class Like = int>
constexpr value_t<T, S> fit(const V& v, const Like& like = 0) {
  const auto value = as_number<T>(v);
  using from = value_shape_t<std::remove_cvref_t<decltype(value)>>;
  if constexpr (!S::is_static) {
    return fit_dynamic<tensor<T, S>>(value, like.dims());
  } else if constexpr (!from::is_static) {
    return fit_dynamic<value_t<T, S>>(value, S::dims);
  } else if constexpr (std::is_same_v<from, S>) {
    return value;
  } else if constexpr (from::size == S::size) {  // the same values, shaped as S
    value_t<T, S> result;
    if constexpr (S::rank == 0)
      result = value[0];
    else if constexpr (from::rank == 0)
      result[0] = value;
    else
      result.data = value.data;
    return result;
  } else if constexpr (from::size > S::size) {
    return reduce_to<S>(value);
  } else {
    return map([](auto x, auto) { return x; }, value, tensor<T, S>{});
  }
}

// tensor_out<T, Shape>: a tensor's gradient written where the caller keeps it (into): Shape::size
// values of type T at data, row-major, not owned. What gradient_slot needs of a tensor: elements,
// and assignment and addition of a whole tensor.
template <class T, class Shape>
struct tensor_out {
  using value_type = T;
  using shape_type = Shape;
  T* data;

  static constexpr std::size_t size() { return Shape::size; }
  constexpr T& operator[](std::size_t i) const { return data[i]; }
  constexpr const tensor_out& operator=(const tensor<T, Shape>& v) const {
    std::copy(v.begin(), v.end(), data);
    return *this;
  }
  constexpr const tensor_out& operator+=(const tensor<T, Shape>& v) const {
    for (std::size_t i = 0; i < Shape::size; ++i)
      data[i] += v[i];
    return *this;
  }
};
template <class T, class S>
struct element_of<tensor_out<T, S>> {
  using type = T;
};

// slot_value_t<G>: the value a gradient_slot's target G takes: G itself, or a tensor for a
// tensor_out.
template <class G>
struct slot_value {
  using type = G;
};
template <class T, class S>
struct slot_value<tensor_out<T, S>> {
  using type = tensor<T, S>;
};
template <class G>
using slot_value_t = typename slot_value<G>::type;

// gradient_slot<V, G, Assign>: where the reverse sweep puts the partial derivative by V, a value
// G (or a tensor_out). With Assign (V's only contribution) it is written, else added
// (accumulated).
template <class V, class G, bool Assign>
struct gradient_slot {
  using variable = V;  // the sweep goes where V occurs
  using result = V;    // and adds V's adjoint here
  using let = void;
  using assigned = std::conditional_t<Assign, V, void>;  // or writes it, as its only one
  G* target;

  constexpr void add(const slot_value_t<G>& adjoint) const {
    if constexpr (Assign)
      *target = adjoint;
    else
      *target += adjoint;
  }

  // add_element(i, adjoint): the adjoint of element i alone, from the loop of a fused region.
  constexpr void add_element(std::size_t i, const element_t<G>& adjoint) const {
    if constexpr (Assign)
      (*target)[i] = adjoint;
    else
      (*target)[i] += adjoint;
  }

  // accumulate(i, adjoint): adjoint added into element i, whatever Assign says: for the elements
  // of a target that a slice gathers (Op::gathers), which slot() zeroed first.
  constexpr void accumulate(std::size_t i, const element_t<G>& adjoint) const {
    (*target)[i] += adjoint;
  }

  // add_slice(i, adjoint): the adjoint of slice i of the target (p[i]) added into that slice
  // alone, rather than as a whole tensor that is zero elsewhere. A sliced target's slot adds:
  // slot() has set its start (takes_part_v).
  template <class Slice>
  constexpr void add_slice(std::size_t i, const Slice& adjoint) const {
    static_assert(!Assign, "ctgrad: internal: a sliced target's slot adds into it");
    constexpr std::size_t n = G::size() / G::shape_type::dims[0];
    for (std::size_t k = 0; k < n; ++k) {
      if constexpr (n == 1 && !TensorValue<Slice>)
        (*target)[i] += adjoint;
      else
        (*target)[i * n + k] += adjoint[k];
    }
  }
};

// slots_of<Slots>: what the sweep asks of its slots, a hana::tuple<S...>: the position of the slot
// that E's adjoint goes into, as a target (result_index), as a target whose only contribution it
// is (assigned_index) or as a let expression (let_index), or size; whether E holds a target
// (depends), or a target whose slot it writes (assigns). Computed for the tuple's type, not deduced
// from the pack of slots at every node.
template <class Slots>
struct slots_of;
template <class... S>
struct slots_of<hana::tuple<S...>> {
  static constexpr std::size_t size = sizeof...(S);
  template <class E>
  static constexpr std::size_t result_index = index_of_v<E, typename S::result...>;
  template <class E>
  static constexpr std::size_t assigned_index = index_of_v<E, typename S::assigned...>;
  template <class E>
  static constexpr std::size_t let_index = index_of_v<E, typename S::let...>;
  template <class E>
  static constexpr bool depends = depends_v<E, typename S::variable...>;
  // assigns<E>: E holds a target whose slot is written, not added to (its only contribution).
  template <class E>
  static constexpr bool assigns = depends_v<E, typename S::assigned...>;
};

// pulls_back_into_v<Op, A, Slots>: the position of the slot that Op's pullback to its argument A
// writes into directly (Op::pullback_into), or Slots' size: A is a target variable whose slot
// takes this contribution alone (assigned), of a tensor's shape, and Op can write its pullback
// into a place (a matrix product's: the gradient of w in x @ w.t()), so the sweep does not make
// the pullback as a tensor and copy it into the slot's place.
template <class Op>
concept pulls_back_into_op = requires {
  Op::pulls_back_into;
};
template <class Op, class A, class Slots>
constexpr std::size_t pulls_back_into_v = slots_of<Slots>::size;
template <pulls_back_into_op Op, class A, class Slots>
  requires(!is_node_v<A>)
constexpr std::size_t pulls_back_into_v<Op, A, Slots> = slots_of<Slots>::template assigned_index<A>;

// slices_target_v<E, Slots>: E takes a slice (Op::slices) of a variable of a static shape that is a
// target itself: the sweep adds the slice's adjoint into the target's slice directly.
template <class E, class Slots>
constexpr bool slices_target_v = false;
template <class Op, class A, class... B, class Slots>
  requires requires {
    Op::slices;
  }
constexpr bool slices_target_v<node<Op, A, B...>, Slots> =
    !is_node_v<A> && shape_of_t<A>::is_static
    && slots_of<Slots>::template result_index<A> < slots_of<Slots>::size;

// gathers_target_v<E, Slots>: E gathers elements (Op::gathers, a strided slice) of a variable of a
// static shape that is a target itself: the sweep adds each element's adjoint into the target's
// element directly.
template <class E, class Slots>
constexpr bool gathers_target_v = false;
template <class Op, class A, class Slots>
  requires requires {
    Op::gathers;
  }
constexpr bool gathers_target_v<node<Op, A>, Slots> =
    !is_node_v<A> && shape_of_t<A>::is_static
    && slots_of<Slots>::template result_index<A> < slots_of<Slots>::size;

// add_gathered<E>(slots, j, adjoint): the adjoint of element j of E, a slice of a target
// variable (gathers_target_v), added into the target's element that E took.
template <class E, class Slots, class G>
constexpr void add_gathered(const Slots& slots, std::size_t j, const G& adjoint) {
  using A = std::remove_cvref_t<decltype(std::declval<const E&>().a)>;
  hana::at_c<slots_of<Slots>::template result_index<A>>(slots).accumulate(
      op_t<E>::template source<shape_of_t<A>>(j), adjoint);
}

// slot<F, V, Count>(g): the slot of f's partial derivative by V, which occurs Count times in f
// (occurrences_in_v), in g, whose values may be uninitialized. When the sweep surely reaches all
// of V once, it writes g; when it may reach it more often, g starts at -0.0, which is exactly v
// when v is added (+0.0 is not, for v = -0.0), so the compiler drops the addition, and the first
// contribution's sign is kept, as PyTorch does. A target that no contribution can reach (f lacks
// it, or only reaches it through sign or heaviside, whose derivative is 0) is +0.0. So are the
// elements of a tensor target that f indexes or slices (takes_part_v) that no index or slice known
// at compile time takes (taken_v), so that the elements no part takes are +0.0; the others start
// at -0.0 too. g is written element by element, in place: a whole tensor of zeros assigned to a
// tensor_out was made on the stack and copied, and a loop of +0.0 alone becomes a memset, which
// GCC 12 expands as `rep stos` from 256 bytes on, slower than vector stores at those sizes.
template <class F, class V, std::size_t Count, class G>
constexpr auto slot(G& g) {
  using T = element_t<G>;
  using S = shape_of_t<V>;
  constexpr bool reachable = Count > 0 && !has_flat_v<F>;
  constexpr bool part = S::is_static && takes_part_v<F, V>;  // (a dynamic one is swept whole)
  constexpr bool assign = reachable && Count == 1 && !part;
  // all_taken: every element starts at -0.0 (a constant loop, which the compiler vectorizes; GCC
  // copied a local constexpr array of the elements' starts to the stack and looped over it)
  constexpr bool all_taken = [] {
    if constexpr (reachable && part) {
      for (std::size_t i = 0; i < S::size; ++i)
        if (!taken(taken_v<F, V>, i))
          return false;
    }
    return reachable;
  }();
  if constexpr (!assign && S::rank == 0) {
    g = reachable ? -T(0) : T(0);
  } else if constexpr (!assign && (all_taken || !reachable)) {
    for (std::size_t i = 0; i < g.size(); ++i)
      g[i] = reachable ? -T(0) : T(0);
  } else if constexpr (!assign) {
    for (std::size_t i = 0; i < S::size; ++i)
      g[i] = taken(taken_v<F, V>, i) ? -T(0) : T(0);
  }
  return gradient_slot<V, G, assign>{&g};
}

// let_slot<Slot>: where the sweep adds the adjoint of a let expression (Slot::variable), to be
// swept from there once all of it is in (sweep_root).
template <class Slot>
struct let_slot : Slot {
  using result = void;
  using assigned = void;
  using let = typename Slot::variable;
};

// let_slot_for<F, L, Count>(adjoint): the let slot of L, which occurs Count times in f, adding
// into adjoint.
template <class F, class L, std::size_t Count, class G>
constexpr auto let_slot_for(G& adjoint) {
  return let_slot<decltype(slot<F, L, Count>(adjoint))>{slot<F, L, Count>(adjoint)};
}

}  // namespace ctgrad::detail
