// grad(f, v1, v2, ...) and value_and_grad(f, ...): every partial derivative of f in one reverse
// sweep over the expression type, sharing each node's value. Example: examples/mse_scalar.cpp.
#pragma once

#include <ctgrad/derivative.hpp>
#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/concat.hpp>
#include <boost/hana/filter.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad {

namespace detail {

// index_of_v<E, V...>: the position of E among V..., or sizeof...(V).
template <class E, class... V>
constexpr std::size_t index_of_v = [] {
  constexpr std::array<bool, sizeof...(V)> same{__is_same(E, V)...};  // see occurrences_in_v
  std::size_t i = 0;
  while (i < same.size() && !same[i])
    ++i;
  return i;
}();

// occurrences_in_v<E, V...>: how many times each of V... occurs in the tree E: one walk for all
// of them, so that a gradient by N variables costs one instantiation per subexpression, not N.
// The builtin __is_same (GCC and Clang have it) instantiates nothing.
template <class E, class... V>
constexpr std::array<std::size_t, sizeof...(V)> occurrences_in_v{std::size_t{__is_same(E, V)}...};
template <class Op, class... A, class... V>
constexpr std::array<std::size_t, sizeof...(V)> occurrences_in_v<node<Op, A...>, V...> = [] {
  std::array<std::size_t, sizeof...(V)> count{std::size_t{__is_same(node<Op, A...>, V)}...};
  const auto add = [&](const std::array<std::size_t, sizeof...(V)>& in_argument) {
    for (std::size_t i = 0; i < count.size(); ++i)
      count[i] += in_argument[i];
  };
  (add(occurrences_in_v<A, V...>), ...);
  return count;
}();

// depends_v<E, V...>: one of V... occurs in E.
template <class E, class... V>
constexpr bool depends_v = [] {
  for (const std::size_t n : occurrences_in_v<E, V...>)
    if (n > 0)
      return true;
  return false;
}();

// has_flat_v<E>: E has an operation whose derivative is the constant 0 (Op::flat).
template <class E>
constexpr bool has_flat_v = false;
template <class Op, class... A>
constexpr bool has_flat_v<node<Op, A...>> = requires {
  Op::flat;
}
|| (has_flat_v<A> || ...);

// fit<T, S>(v): an adjoint v (a number, a tensor or a constant) as a value of shape S: summed
// over the dimensions along which S was broadcast, or broadcast when it is smaller.
template <class T, class S, class V>
constexpr value_t<T, S> fit(const V& v) {
  const auto value = as_number<T>(v);
  using from = value_shape_t<std::remove_cvref_t<decltype(value)>>;
  if constexpr (std::is_same_v<from, S>) {
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
// (depends). Computed for the tuple's type, not deduced from the pack of slots at every node.
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

// slices_target_v<E, Slots>: E takes a slice (Op::slices) of a variable that is a target itself:
// the sweep adds the slice's adjoint into the target's slice directly.
template <class E, class Slots>
constexpr bool slices_target_v = false;
template <class Op, class A, class... B, class Slots>
  requires requires {
    Op::slices;
  }
constexpr bool slices_target_v<node<Op, A, B...>, Slots> =
    !is_node_v<A> && slots_of<Slots>::template result_index<A> < slots_of<Slots>::size;

// gathers_target_v<E, Slots>: E gathers elements (Op::gathers, a strided slice) of a variable that
// is a target itself: the sweep adds each element's adjoint into the target's element directly.
template <class E, class Slots>
constexpr bool gathers_target_v = false;
template <class Op, class A, class Slots>
  requires requires {
    Op::gathers;
  }
constexpr bool gathers_target_v<node<Op, A>, Slots> =
    !is_node_v<A> && slots_of<Slots>::template result_index<A> < slots_of<Slots>::size;

// add_gathered<E>(slots, j, adjoint): the adjoint of element j of E, a slice of a target
// variable (gathers_target_v), added into the target's element that E took.
template <class E, class Slots, class G>
constexpr void add_gathered(const Slots& slots, std::size_t j, const G& adjoint) {
  using A = std::remove_cvref_t<decltype(std::declval<const E&>().a)>;
  hana::at_c<slots_of<Slots>::template result_index<A>>(slots).accumulate(
      op_t<E>::template source<shape_of_t<A>>(j), adjoint);
}

// takes_part_v<E, V>: E indexes or slices the tensor V itself somewhere (Op::slices,
// Op::gathers), whose adjoint then reaches only some of V's elements. The rank is checked in a
// constraint: E is not walked for a scalar V, which has no parts.
template <class E, class V>
constexpr bool takes_part_v = false;
template <class Op, class A, class... B, class V>
  requires(shape_of_t<V>::rank > 0)
constexpr bool takes_part_v<node<Op, A, B...>, V> =
    (takes_part_op<Op> && __is_same(A, V)) || takes_part_v<A, V> || (takes_part_v<B, V> || ...);

// taken_v<E, V>: the elements of the tensor V that E takes directly by an index or a slice known
// at compile time (Op::index, Op::gathers), one bit each; not those of an index known only at run
// time. taken(bits, i): element i is taken. Each node ORs its arguments' bits with those its own
// operation takes of V (taken_here_v): no function or lambda per node, whose names GCC would
// mangle after the node's whole type (a lambda per node and a bool per element made the gradient
// of a chain of 200 indexed terms take twice as long to compile).
template <class V>
using taken_bits = std::array<std::uint64_t, (shape_of_t<V>::size + 63) / 64>;
template <std::size_t W>
constexpr bool taken(const std::array<std::uint64_t, W>& bits, std::size_t i) {
  return (bits[i / 64] >> (i % 64)) & 1;
}
template <std::size_t W, class... More>
constexpr std::array<std::uint64_t, W> bits_or(std::array<std::uint64_t, W> bits,
                                               const More&... more) {
  for (std::size_t w = 0; w < W; ++w)
    bits[w] = (bits[w] | ... | more[w]);
  return bits;
}
template <class Op, class A, class V>
constexpr taken_bits<V> taken_here_v{};
template <class Op, class V>
constexpr taken_bits<V> taken_here_v<Op, V, V> = [] {
  using S = shape_of_t<V>;
  taken_bits<V> bits{};
  const auto take = [&](std::size_t i) { bits[i / 64] |= std::uint64_t{1} << (i % 64); };
  if constexpr (requires { Op::index; }) {
    constexpr std::size_t row = S::size / S::dims[0];
    for (std::size_t k = 0; k < row; ++k)
      take(Op::index * row + k);
  } else if constexpr (requires { Op::gathers; }) {
    for (std::size_t j = 0; j < shape_of_t<node<Op, V>>::size; ++j)
      take(Op::template source<S>(j));
  }
  return bits;
}();
template <class E, class V>
constexpr taken_bits<V> taken_v{};
template <class Op, class A, class... B, class V>
constexpr taken_bits<V> taken_v<node<Op, A, B...>, V> = bits_or(taken_here_v<Op, A, V>,
                                                                taken_v<A, V>, taken_v<B, V>...);

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
  constexpr bool part = takes_part_v<F, V>;
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
    for (std::size_t i = 0; i < S::size; ++i)
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

// sweep(e, t, adjoint, slots): the reverse pass (defined below).
template <class T, class E, class Env, class G, class Slots>
constexpr void sweep(const E& e, const tape<T, E, Env>& t, const G& adjoint, const Slots& slots);

// The reverse pass of a fused region (tape.hpp), one loop over its elements.
//
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

// sweep(e, t, adjoint, slots) at a variable read in place (bound_tape): its adjoint goes into its
// slot, if it is a target.
template <class T, class E, class Env, class G, class Slots>
constexpr void sweep(const E&, const bound_tape<T, E, Env>&, const G& adjoint, const Slots& slots) {
  using of = slots_of<Slots>;
  if constexpr (constexpr std::size_t i = of::template result_index<E>; i < of::size) {
    if constexpr (std::is_same_v<G, value_of_t<T, E>>)
      hana::at_c<i>(slots).add(adjoint);
    else if constexpr (!is_zero_v<G>)
      hana::at_c<i>(slots).add(fit<T, shape_of_t<E>>(adjoint));
  }
}

// sweep(e, t, adjoint, slots): the reverse pass. It adds the adjoint of each target into its slot
// and hands each argument that depends on a target (slots_of::depends) its adjoint,
// Op::pullback(...), computed only then. An adjoint that is not of E's type is fitted to E's shape
// first, and dropped when it is the constant 0. One function template per node: the recursion is
// as deep as the expression (GCC stops at 900 instantiations deep, Clang 14 runs out of stack on
// a chain of about 1600 nodes when each level takes two), and every function template instantiated
// at a node is named after the node's whole type. For the same reason the adjoint is passed as a
// value, not as a lambda that computes it (a closure type and its call operator per argument).
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
    if constexpr (!is_zero_v<G>)
      sweep(e, t, fit<T, shape_of_t<E>>(adjoint), slots);
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

// uninitialized{}: converts to a number, a tensor or a std::tuple of them whose numbers are left
// uninitialized, for the result of a gradient, which the sweep's slots write before anything
// reads them: a std::pair or a std::tuple made by its default constructor is zero-filled first
// (8 KB for a gradient of 1024 doubles). In constant evaluation, where reading an uninitialized
// number is an error, the values are zero. A tensor is made in place (one variable, returned, for
// GCC's return value optimization; its own operator, since a second return would prevent that),
// so no tensor is zero-filled at run time. With CTGRAD_POISON_GRADIENTS defined (the runtime
// tests define it) the values start as NaN, so that an element the sweep leaves unwritten shows
// in the result.
struct uninitialized {
  template <Number G>
  constexpr operator G() const {
#ifdef CTGRAD_POISON_GRADIENTS
    if (!std::is_constant_evaluated())
      return std::numeric_limits<G>::quiet_NaN();
#endif
    return G(0);  // costs nothing; an uninitialized number would be a warning
  }
  template <TensorValue G>
  constexpr operator G() const {
    G g;
    if (std::is_constant_evaluated())
      g = G{};
#ifdef CTGRAD_POISON_GRADIENTS
    else
      g = fit<element_t<G>, value_shape_t<G>>(std::numeric_limits<element_t<G>>::quiet_NaN());
#endif
    return g;
  }
  template <class... G>
  constexpr operator std::tuple<G...>() const {
    return std::tuple<G...>(((void)sizeof(G), uninitialized{})...);
  }
};

// gradient_of<T, V...>::type: the gradient by V...: one value for one target, a std::tuple
// (structured bindings) for several.
template <class T, class... V>
struct gradient_of {
  using type = std::tuple<value_of_t<T, V>...>;
};
template <class T, class V>
struct gradient_of<T, V> {
  using type = value_of_t<T, V>;
};

// is_span_v<R>: R is a std::span.
template <class R>
constexpr bool is_span_v = false;
template <class E, std::size_t N>
constexpr bool is_span_v<std::span<E, N>> = true;

template <class Fn, class Out, class... V>
struct gradient_into_fn;

// computed_v<E>: how many numbers E's forward pass computes: the sizes of the values of its
// operations, leaves not counted.
template <class E>
constexpr std::size_t computed_v = 0;
template <class Op, class... A>
constexpr std::size_t computed_v<node<Op, A...>> = shape_of_t<node<Op, A...>>::size
                                                   + (computed_v<A> + ... + 0);

// out_of_line_v<F>: the call of f's gradient is kept out of line ([[gnu::noinline]]): f computes
// more than 48 numbers. GCC inlines a function called once into its caller whatever its size, and
// a large gradient inlined into the caller's loop spills its values around the loop's (measured in
// bench_peers: the normal log-pdf of 16 elements, 54 numbers, 1.79 times the hand-written code
// inlined, 1.57 not; Rosenbrock over 32 slices, 161, 2.05 and 1.33), where a small one gains from
// it (Himmelblau, 9: 0.98 and 1.22; Rosenbrock-8, 43: 1.31 and 1.42). The call itself costs a few
// nanoseconds, small beside such gradients.
template <class F>
constexpr bool out_of_line_v = computed_v<F> > 48;

// gradient_call<Self, F>: the call operator of a gradient function Self of f (gradient_fn,
// gradient_into_fn), which runs Self::call. flatten: the forward pass and the sweep are inlined
// into this one function, whatever their size, so that the compiler keeps the tape's values in
// registers rather than in a struct passed between functions (for 16 Rosenbrock pairs, 58 ns
// instead of 74 with GCC 12 -O3). The function itself is inlined into its caller only when f is
// small (out_of_line_v).
template <class Self, class F>
struct gradient_call {
  template <class... Args>
    requires(!out_of_line_v<F>)
  [[gnu::flatten]] constexpr auto operator()(const Args&... args) const {
    return static_cast<const Self&>(*this).call(args...);
  }
  template <class... Args>
    requires out_of_line_v<F>
  [[gnu::flatten, gnu::noinline]] constexpr auto operator()(const Args&... args) const {
    return static_cast<const Self&>(*this).call(args...);
  }
};

// gradient_fn<ValueToo, F, V...>: f's gradient by V..., a function of the bindings. The result is
// built first and the sweep writes into it: one value for one target, a std::tuple for several,
// and with ValueToo the std::pair {f's value, gradient}.
template <bool ValueToo, class F, class... V>
struct gradient_fn : gradient_call<gradient_fn<ValueToo, F, V...>, F> {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: grad needs a scalar function; reduce a tensor with sum or mean first");
  static constexpr bool value_too = ValueToo;
  F f;

  // call(bindings...): the gradient at the bindings (gradient_call's operator())
  template <class... Args>
  constexpr auto call(const Args&... args) const {
    const auto& env = as_bindings(args...);
    using Env = std::remove_cvref_t<decltype(env)>;
    using T = value_type_t<F, Env>;
    using gradient_type = typename gradient_of<T, V...>::type;
    if constexpr (ValueToo)
      return value_and_gradient<gradient_type, T>(env);
    else
      return gradient<gradient_type, T>(env);
  }

  // into(out...): the same function writing the gradient into out..., one place per variable in
  // the order of V... (gradient_into_fn). A std::span is kept by value, other places by reference;
  // so is this function when it is named (an lvalue), rather than copied at every call: the
  // result of into() must not outlive it, nor the places.
  template <class... Out>
  constexpr auto into(Out&&... out) const& {
    return make_into<const gradient_fn&>(*this, std::forward<Out>(out)...);
  }
  template <class... Out>
  constexpr auto into(Out&&... out) && {
    return make_into<gradient_fn>(std::move(*this), std::forward<Out>(out)...);
  }

  template <class Fn, class Self, class... Out>
  static constexpr auto make_into(Self&& self, Out&&... out) {
    static_assert(sizeof...(Out) == sizeof...(V),
                  "ctgrad: into takes one place per variable of the gradient, in the order grad "
                  "or value_and_grad names them");
    static_assert(((std::is_lvalue_reference_v<Out> || is_span_v<std::remove_cvref_t<Out>>)&&...),
                  "ctgrad: into writes into lvalues (a number, a tensor, a std::array, a "
                  "std::vector) or std::spans; what it wrote into a temporary would be lost");
    return gradient_into_fn<Fn, std::tuple<Out...>, V...>{
        {}, std::forward<Self>(self), std::tuple<Out...>(std::forward<Out>(out)...)};
  }

  // value_and_gradient<G, T>(env), gradient<G, T>(env): the result, each built where it is
  // returned (one variable at the outermost scope, which GCC constructs in place), and not
  // zero-filled first (uninitialized).
  template <class G, class T, class Env>
  constexpr auto value_and_gradient(const Env& env) const {
    std::pair<T, G> result(T(0), uninitialized{});
    result.first = sweep_into<T>(env, result.second);
    return result;
  }
  template <class G, class T, class Env>
  constexpr G gradient(const Env& env) const {
    G result = uninitialized{};
    sweep_into<T>(env, result);
    return result;
  }

  // sweep_into<T>(env, gradient): f's value, and one reverse sweep writing into gradient.
  template <class T, class Env, class G>
  constexpr T sweep_into(const Env& env, G& gradient) const {
    constexpr auto count = occurrences_in_v<F, V...>;
    if constexpr (sizeof...(V) == 1)
      return forward_and_sweep<T>(f, env, hana::make_tuple(slot<F, V..., count[0]>(gradient)));
    else
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return forward_and_sweep<T>(
            f, env, hana::make_tuple(slot<F, V, count[I]>(std::get<I>(gradient))...));
      }
    (std::index_sequence_for<V...>{});
  }
};

// FitsPlace<R, T, S>: into() can write a gradient of shape S in T into a contiguous range R: its
// elements are T, not const, and as many as S has when R's type fixes their number.
template <class R, class T>
constexpr bool elements_are_v =
    std::is_same_v<std::remove_reference_t<std::ranges::range_reference_t<R>>, T>;
template <class R>
constexpr std::size_t place_extent_v = static_extent_v<std::remove_cv_t<R>>;
template <class R, std::size_t N>
constexpr bool extent_fits_v = place_extent_v<R> == 0 || place_extent_v<R> == N;
template <class R, class T, class S>
concept FitsPlace =
    std::ranges::contiguous_range<R> && elements_are_v<R, T> && extent_fits_v<R, S::size>;

// number_out<T>: a scalar variable's gradient for into(), summed in a local variable that the
// compiler can keep in a register (the caller's number might alias a bound value, so adding into
// it would go through memory at every contribution), and written to *out at the end (finish).
template <class T>
struct number_out {
  T value;
  T* out;
  constexpr void finish() const { *out = value; }
};

// place<T, V>(out): where into() writes the gradient by V computed in T, given out: a
// number_out for a number, a pointer to a tensor of V's shape, or a tensor_out over a contiguous
// range of T with V's number of elements. A compile error naming V for anything else
// (misfit_place), and std::invalid_argument naming V for a range whose size, known only at run
// time, differs.
template <class T, class V, class O>
constexpr auto place(O& out) {
  using S = shape_of_t<V>;
  using R = std::remove_reference_t<O>;
  if constexpr (S::rank == 0 && std::is_same_v<R, T>) {
    return number_out<T>{T(0), &out};
  } else if constexpr (std::is_same_v<R, value_of_t<T, V>>) {
    return &out;
  } else if constexpr (S::rank == 0 || !FitsPlace<R, T, S>) {
    return (misfit_place<V>(), static_cast<value_of_t<T, V>*>(nullptr));
  } else {
    if constexpr (place_extent_v<R> == 0)
      if (const std::size_t given = std::ranges::size(out); given != S::size)
        throw std::invalid_argument(
            "ctgrad: into: the gradient by variable '" + std::string(V::name.view())
            + "' has shape " + shape_text<S>() + " (" + std::to_string(S::size)
            + " values), but the place given for it holds " + std::to_string(given));
    return tensor_out<T, S>{std::ranges::data(out)};
  }
}

// target_of(p): what place() gave, as the target of a slot: a number_out's value, the tensor a
// pointer points to, or the tensor_out itself.
template <class P>
constexpr auto& target_of(P& p) {
  if constexpr (std::is_pointer_v<P>)
    return *p;
  else if constexpr (requires { p.finish(); })
    return p.value;
  else
    return p;
}

// gradient_into_fn<Fn, Out, V...>: a gradient_fn (Fn, or a reference to one) writing the gradient
// into the caller's places, Out = std::tuple<places...> (gradient_fn::into): the sweep writes each
// partial derivative there as it would into a result (a number into a local variable first:
// number_out). Every place is checked before anything is written. Returns f's value
// (ValueToo) or nothing. The places must not overlap the bound values, which the sweep may read
// after writing a place.
template <class Fn, class Out, class... V>
struct gradient_into_fn
    : gradient_call<gradient_into_fn<Fn, Out, V...>, decltype(std::remove_cvref_t<Fn>::f)> {
  Fn fn;  // the gradient_fn, or a reference to it
  Out out;

  using F = decltype(std::remove_cvref_t<Fn>::f);

  // call(bindings...): writes the gradient at the bindings (gradient_call's operator())
  template <class... Args>
  constexpr auto call(const Args&... args) const {
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      auto places = std::tuple(place<T, V>(std::get<I>(out))...);
      const T value = [&] {
        if constexpr (sizeof...(V) == 1) {
          return fn.template sweep_into<T>(env, target_of(std::get<0>(places)));
        } else {
          std::tuple<decltype(target_of(std::get<I>(places)))...> targets(
              target_of(std::get<I>(places))...);
          return fn.template sweep_into<T>(env, targets);
        }
      }();
      const auto finish = [](const auto& p) {
        if constexpr (requires { p.finish(); })
          p.finish();
      };
      (finish(std::get<I>(places)), ...);
      if constexpr (std::remove_cvref_t<Fn>::value_too)
        return value;
    }
    (std::index_sequence_for<V...>{});
  }
};

// is_param_binding_v<B>: binding B refers to a param.
template <class B>
constexpr bool is_param_binding_v = is_param_ref_v<typename B::value_type>;

// param_slot<V>(env): the slot that adds into the .grad of the param bound to V.
template <class V, class Env>
constexpr auto param_slot(const Env& env) {
  auto& grad = env.template value<V>().target->grad;
  return gradient_slot<V, std::remove_reference_t<decltype(grad)>, false>{&grad};
}

// backward_into(f, env): the reverse sweep by every variable of f bound to a param, adding into
// the params' .grad directly.
template <class F, bool Owning, class... B>
[[gnu::flatten]] constexpr auto backward_into(const F& f, const basic_bindings<Owning, B...>& env) {
  using Env = basic_bindings<Owning, B...>;
  using T = value_type_t<F, Env>;
  constexpr auto targets = hana::filter(hana::tuple_t<B...>, [](auto b) {
    using binding = typename decltype(b)::type;
    return hana::bool_c < is_param_binding_v<binding> && contains_v < F,
           typename binding::variable >> ;
  });
  return hana::unpack(targets, [&](auto... b) {
    return forward_and_sweep<T>(
        f, env, hana::make_tuple(param_slot<typename decltype(b)::type::variable>(env)...));
  });
}

// jacobian_fn<F, V>: the Jacobian of f by v, a function of the bindings.
template <class F, class V>
struct jacobian_fn {
  F f;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    using out_shape = shape_of_t<F>;
    using in_shape = shape_of_t<V>;
    using result_shape = concat_shape_t<out_shape, in_shape>;
    const forward_t<T, F, std::remove_cvref_t<decltype(env)>> t(f, env);
    value_t<T, result_shape> result{};
    for (std::size_t k = 0; k < out_shape::size; ++k) {
      value_of_t<T, F> seed{};  // the adjoint that picks output k
      if constexpr (out_shape::rank == 0)
        seed = T(1);
      else
        seed[k] = T(1);
      value_of_t<T, V> row{};
      sweep_root(f, t, seed, hana::make_tuple(slot<F, V, occurrences_in_v<F, V>[0]>(row)));
      if constexpr (result_shape::rank == 0)
        result = row;
      else if constexpr (in_shape::rank == 0)
        result[k] = row;
      else
        for (std::size_t j = 0; j < in_shape::size; ++j)
          result[k * in_shape::size + j] = row[j];
    }
    return result;
  }
};

}  // namespace detail

// backward(loss, bindings...): like loss.backward() in PyTorch: one forward and one reverse
// sweep, adding d loss / d w into p.grad for every variable w bound to a param p (`w = p`).
// Plain data gets no gradient. Returns the loss.
template <Expression F, class... Args>
constexpr auto backward(const F& f, const Args&... args) {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: backward needs a scalar loss; reduce a tensor with sum or mean first");
  detail::check_lets(f);
  return detail::backward_into(f, detail::as_bindings(args...));
}

// jacobian(f, v): a function of the bindings that returns the Jacobian of f by v, of shape
// (f's shape, v's shape): one reverse sweep per element of f, sharing one forward pass.
template <Expression F, class V>
constexpr auto jacobian(const F& f, const V&) {
  static_assert(detail::check_target<F, V>());
  detail::check_lets(f);
  return detail::jacobian_fn<F, V>{f};
}

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

}  // namespace ctgrad
