// Expression: the concept every ctgrad expression type models, and node<Op, Args...>, the type of
// an operation applied to sub-expressions. Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ctgrad {

template <std::intmax_t Num, std::intmax_t Den>
struct constant;

// expression_interface<Derived>: the members every expression has: evaluation by `f(x = 1.0)`
// (defined in evaluate.hpp), indexing by `p[2_c]` and `p[i]` (tensor/index.hpp) and the transpose
// `w.t()` (tensor/operations.hpp). Each expression type derives from its own
// expression_interface and from no common class: a node's arguments are empty or hold only their
// numbers, and can share its address ([[no_unique_address]]), which two base subobjects of one
// type could not (with a common base, each level of nesting added 4 bytes to a node).
template <class Derived>
struct expression_interface {
  template <class... Bindings>
  constexpr auto operator()(const Bindings&... bindings) const;

  template <std::intmax_t I>
  constexpr auto operator[](constant<I, 1>) const;
  template <std::integral I>
  constexpr auto operator[](I index) const;

  constexpr auto t() const;
};

// Variable templates. ctgrad's traits are variable templates declared constexpr, not inline
// constexpr. GCC 12 names every instantiation of an inline variable template, for a symbol it
// would share between translation units, even when only its value is used; the trait of a node is
// named after the node's whole type, and GCC's naming costs in proportion to the square of a
// name's length, so traits asked at every node of a long sum cost the cube of its length: most of
// GCC's time for the longest sums of docs/benchmarks.md. A constexpr variable template that is not
// inline gets no name from GCC unless something takes its address (its instantiations are local
// to the translation unit), and is as valid: a template may be defined in every translation unit.
// For the same reason, traits of the standard library that nodes are passed to are asked of their
// classes (std::is_base_of<...>::value, not std::is_base_of_v), and types of expressions are
// compared with the builtin __is_same (std::is_same_v is for small types only: shapes, numbers).
// tests/tools/check_variable_templates.cmake keeps `inline` out.

// Expression: a type that represents a formula (variables, constants, literals and nodes): one
// derived publicly from expression_interface, as std::derived_from says (asked of the traits'
// classes: see above).
namespace detail {
template <class U>
using cv_pointer_t = const volatile U*;
template <class U>
concept derives_expression =
    std::is_base_of<expression_interface<U>, U>::value && std::is_convertible<
        cv_pointer_t<U>, cv_pointer_t<expression_interface<U>>>::value;
}  // namespace detail
template <class T>
concept Expression = detail::derives_expression<std::remove_cvref_t<T>>;

// node<Op, Args...>: operation Op (a tag type in operations/) applied to Args. Built by the smart
// constructor make<Op>, never directly, so every node is already simplified.
template <class Op, Expression... Args>
struct node;

namespace detail {
// is_static_v<E>: E holds no runtime number, so its type alone determines its value.
// Leaves that store a runtime value specialise this to false (see literal.hpp).
template <class E>
constexpr bool is_static_v = true;
template <class Op, class... A>
constexpr bool is_static_v<node<Op, A...>> = (is_static_v<A> && ...);

// first_operand<A>, second_operand<B>: a node's arguments, e.a and e.b. An argument that holds a
// runtime number is a member; any other is a static member, its type being all there is to it,
// so that copying a node copies only runtime numbers. (Copying a long chain of nodes member by
// member would otherwise cost each addition to a sum time in proportion to its length, in
// constant evaluation too.)
template <class A, bool = is_static_v<A>>
struct first_operand {
  [[no_unique_address]] A a;
  constexpr first_operand() = default;
  constexpr explicit first_operand(const A& arg) : a(arg) {}
};
template <class A>
struct first_operand<A, true> {
  static constexpr A a{};
  constexpr first_operand() = default;
  constexpr explicit first_operand(const A&) {}
};
template <class B, bool = is_static_v<B>>
struct second_operand {
  [[no_unique_address]] B b;
  constexpr second_operand() = default;
  constexpr explicit second_operand(const B& arg) : b(arg) {}
};
template <class B>
struct second_operand<B, true> {
  static constexpr B b{};
  constexpr second_operand() = default;
  constexpr explicit second_operand(const B&) {}
};
}  // namespace detail

template <class Op, Expression A>
struct node<Op, A> : expression_interface<node<Op, A>>, detail::first_operand<A> {
  constexpr node() = default;
  constexpr explicit node(const A& arg) : detail::first_operand<A>(arg) {}
};

template <class Op, Expression A, Expression B>
struct node<Op, A, B>
    : expression_interface<node<Op, A, B>>, detail::first_operand<A>, detail::second_operand<B> {
  constexpr node() = default;
  constexpr node(const A& lhs, const B& rhs)
      : detail::first_operand<A>(lhs), detail::second_operand<B>(rhs) {}
};

namespace detail {

// is_node_v<E>: E is an operation node. is_node_of_v<E, Op>: E is a node of operation Op.
template <class E>
constexpr bool is_node_v = false;
template <class Op, class... A>
constexpr bool is_node_v<node<Op, A...>> = true;

template <class E, class Op>
constexpr bool is_node_of_v = false;
template <class Op, class... A>
constexpr bool is_node_of_v<node<Op, A...>, Op> = true;

// op_t<E>: the operation of node E. arity_v<E>: its number of arguments (0 for a leaf).
template <class E>
struct node_traits {
  static constexpr std::size_t arity = 0;
};
template <class Op, class... A>
struct node_traits<node<Op, A...>> {
  using op = Op;
  static constexpr std::size_t arity = sizeof...(A);
};
template <class E>
using op_t = typename node_traits<E>::op;
template <class E>
constexpr std::size_t arity_v = node_traits<E>::arity;

// shape_of_t<E>: the shape of E's value: a leaf's shape_type (shape<> by default), and for a node
// Op::result_shape<argument shapes...> or, for elementwise operations, their broadcast.
template <class E>
struct shape_of {
  using type = shape<>;
};
template <class E>
  requires requires {
    typename E::shape_type;
  }
struct shape_of<E> {
  using type = typename E::shape_type;
};
template <class Op, class... S>
struct result_shape {
  using type = broadcast_all_t<S...>;
};
template <class Op, class... S>
  requires requires {
    typename Op::template result_shape<S...>;
  }
struct result_shape<Op, S...> {
  using type = typename Op::template result_shape<S...>;
};
template <class Op, class... A>
struct shape_of<node<Op, A...>> {
  using type = typename result_shape<Op, typename shape_of<A>::type...>::type;
};

// contains_v<E, T>: T occurs in E (E itself or any sub-expression).
template <class E, class T>
constexpr bool contains_v = __is_same(E, T);
template <class Op, class... A, class T>
constexpr bool contains_v<node<Op, A...>, T> = __is_same(node<Op, A...>, T)
                                               || (contains_v<A, T> || ...);

// SameExpression<A, B>: A and B are the same formula whatever the bindings: equal static types.
template <class A, class B>
concept SameExpression = is_static_v<A> && __is_same(A, B);

}  // namespace detail

template <class E>
using shape_of_t = typename detail::shape_of<std::remove_cvref_t<E>>::type;

template <class Shape>
struct expand_op;

namespace detail {
// is_broadcast_scalar_v<E>: E is a scalar broadcast to a shape (ones<2, 3> is 1 broadcast).
template <class E>
constexpr bool is_broadcast_scalar_v = false;
template <class S, class C>
constexpr bool is_broadcast_scalar_v<node<expand_op<S>, C>> = shape_of_t<C>::rank == 0;

// unbroadcast(e): the scalar inside a broadcast scalar, e itself otherwise.
template <class E>
constexpr auto unbroadcast(const E& e) {
  if constexpr (is_broadcast_scalar_v<E>)
    return e.a;
  else
    return e;
}

// expand_to<S>(e): e, broadcast to S when its own shape is smaller.
template <class S, class E>
constexpr auto expand_to(const E& e) {
  if constexpr (std::is_same_v<shape_of_t<E>, S>)
    return e;
  else
    return node<expand_op<S>, E>(e);
}
}  // namespace detail

}  // namespace ctgrad
