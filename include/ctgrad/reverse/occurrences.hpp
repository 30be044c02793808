// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// What the reverse sweep knows of f and its targets before it runs: how often each target
// occurs in f, which subexpressions depend on one, and which elements of a tensor target f takes
// by an index or a slice. Type-level only.
#pragma once

#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace ctgrad::detail {

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

// has_flat_v<E>: E has an operation whose derivative, or whose derivative by one argument, is the
// constant 0 (Op::flat, Op::flat_argument), so that a target may get no adjoint at all.
template <class E>
constexpr bool has_flat_v = false;
template <class Op, class... A>
constexpr bool has_flat_v<node<Op, A...>> = requires {
  Op::flat;
}
|| requires {
  Op::flat_argument;
}
|| (has_flat_v<A> || ...);

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

}  // namespace ctgrad::detail
