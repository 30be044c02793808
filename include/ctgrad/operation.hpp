// Operation<Op, Args...>: Op is an operation tag that can be applied to expressions Args, and
// make<Op>(args...), its smart constructor, which every operator and function builds nodes with.
// A malformed operation fails where it is made, with the missing member named. Example:
// examples/custom_operation.cpp.
#pragma once

#include <ctgrad/expression.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

// The operation protocol
//
// An operation is an empty tag type whose static members say what it computes. Minimal complete
// definition, checked by Operation at make<Op>:
//   a spelling                  name ("exp": printed exp(x)), or symbol for an infix operator;
//   Op::apply(values...)        its value. An elementwise operation (the default) is given
//                               numbers and applies to tensors element by element; one with
//                               elementwise = false is given its arguments' values (numbers or
//                               tensor<T, Shape>) and returns its result's value;
//   Op::pullback(size_c<I>, g, values..., r)
//                               for each argument I: g (the adjoint of the result) times the
//                               partial derivative by argument I, where r is the result. Written
//                               once with ctgrad's generic functions, it serves both the symbolic
//                               d (on expressions) and the reverse sweep (on numbers and tensors).
//
// Optional hooks. Each is detected where it is read; without it, the default holds.
//   hook                   meaning                                          read by       default
//   simplify(args...)      rewrite rules: the expression for Op(args...)     make          node
//   elementwise = false    applies to whole tensors, not element by element  make, apply,  true
//                                                                           detail/tape
//   result_shape<S...>     the result's shape from the arguments' shapes     shape_of_t broadcast
//   latex                  the LaTeX spelling                                print         name
//   symbol, level,         an infix operator, its precedence and whether     print         a call
//     associative          (a op b) op c needs no parentheses
//   exponent               a constant power, printed x^n                     print         -
//   transposed[I]          argument I is read transposed (printed t(w))      print         -
//   recompute = true       cheap: a fused loop's reverse pass recomputes it  detail/tape   stored
//                          instead of storing its values
//   exact(rational)        its exact value on a constant (constant folding)  operations    -
//   flat                   its derivative is the constant 0 (sign, step)     reverse/      -
//                                                                           occurrences
//   flat_argument = I      its derivative by argument I is the constant 0    reverse/      -
//                          (the mask of select)                              occurrences
//   of_sum(total, a),      a sum or mean: its value from the sum of a fused  detail/tape,  -
//     uniform_pullback     argument's elements, and the same adjoint at      reverse/
//     (g, a)               every element                                     region, sweep
//   pullback_by_           the pullback given 1 / b, computed once, for a    reverse/      pullback
//     reciprocal           divisor b shared by every element of a loop       region
//   pulls_back_into,       writes its pullback to a target straight into     reverse/slot, -
//     pullback_into        the target's gradient place (matrix products)     sweep
//   reads_in_place         reads its arguments where they are bound, without evaluate,     -
//                          a copy (matmul's large factors)                   detail/tape
//   slices, position(v..)  takes slice position(...) of its first argument:  evaluate,     -
//                          the sweep adds into that slice of a target        reverse/
//   index                  the same, at an index known at compile time       print, ...    -
//   gathers, source<S>(j)  element j of its result is element source<S>(j)   evaluate,     -
//     start, stop, step    of its argument (a strided slice, printed x[a:b]) reverse/,     -
//                                                                           print
//   let_name, broadcast,   printed as a name, as its argument, or as p[i]   print         -
//     runtime_index

namespace ctgrad {

namespace hana = boost::hana;

namespace detail {

// elementwise_v<Op>: Op applies to each element (the default; Op::elementwise = false opts out).
template <class Op>
constexpr bool elementwise_v = !requires {
  requires !Op::elementwise;
};

// spelled<Op>: Op says how it is printed (a name, an infix symbol, or one of print.hpp's special
// forms).
template <class Op>
concept spelled = requires {
  Op::name;
}
|| requires {
  Op::symbol;
}
|| requires {
  Op::let_name;
}
|| requires {
  Op::exponent;
}
|| requires {
  Op::index;
}
|| requires {
  Op::gathers;
}
|| requires {
  Op::broadcast;
}
|| requires {
  Op::runtime_index;
};

// operand_value_t<Op, A>: what Op::apply is given for an argument A, in double: a number for an
// elementwise operation, else A's value.
template <class Op, class A>
using operand_value_t =
    std::conditional_t<elementwise_v<Op>, double, value_t<double, shape_of_t<A>>>;

// applies_to<Op, V...>: Op::apply takes the values V....
template <class Op, class... V>
concept applies_to = requires(const V&... v) {
  Op::apply(v...);
};

// pulls_back<Op, R, I, V...>: Op::pullback(size_c<I>, g, values..., r) for an adjoint and a
// result R.
template <class Op, class R, std::size_t I, class... V>
concept pulls_back = requires(const R& r, const V&... v) {
  Op::pullback(hana::size_c<I>, r, v..., r);
};

template <class Op, class R, class Indices, class... V>
constexpr bool pulls_back_all_v = false;
template <class Op, class R, std::size_t... I, class... V>
constexpr bool
    pulls_back_all_v<Op, R, std::index_sequence<I...>, V...> = (pulls_back<Op, R, I, V...> && ...);

// result_value_t<Op, A...>: the value of Op on A..., in double, as pullback is given it.
template <class Op, class... A>
using result_value_t =
    std::conditional_t<elementwise_v<Op>, double, value_t<double, shape_of_t<node<Op, A...>>>>;

}  // namespace detail

// Operation<Op, Args...>: Op is an operation on the expressions Args: an empty tag with a
// spelling, apply and a pullback by each argument (the protocol above).
template <class Op, class... Args>
concept Operation = std::is_empty_v<Op> && detail::spelled<Op> && detail::
    applies_to<Op, detail::operand_value_t<Op, Args>...> && detail::pulls_back_all_v<
        Op, detail::result_value_t<Op, Args...>, std::index_sequence_for<Args...>,
        detail::operand_value_t<Op, Args>...>;

namespace diagnostic {
// operation_<Op>: the operation that make<Op> was given; its members state what it lacks. A
// static_assert message must be a literal, so the operation (and an argument's position) is
// spelled into the condition instead, which GCC and Clang print in full.
template <class Op>
struct operation_ {
  static constexpr bool is_an_empty_tag_type = false;
  static constexpr bool has_a_name_or_symbol = false;
  static constexpr bool has_an_apply_for_its_arguments = false;
  template <std::size_t I>
  static constexpr bool has_a_pullback_by_argument = false;
};
}  // namespace diagnostic

namespace detail {
// report_pullback<Op, I, Defined>(): a compile error naming Op and argument I, unless Defined.
template <class Op, std::size_t I, bool Defined>
constexpr bool report_pullback() {
  if constexpr (!Defined)
    static_assert(diagnostic::operation_<Op>::template has_a_pullback_by_argument<I>,
                  "ctgrad: the operation lacks a static member function "
                  "pullback(size_c<I>, g, args..., r) for argument I (from 0)");
  return Defined;
}

// check_operation<Op, Args...>(): a compile error naming Op and what it lacks to be an Operation
// on Args (the protocol above); true when nothing is missing.
template <class Op, class... Args>
constexpr bool check_operation() {
  using operation = diagnostic::operation_<Op>;
  if constexpr (!std::is_empty_v<Op>) {
    static_assert(operation::is_an_empty_tag_type,
                  "ctgrad: an operation is an empty tag type whose members are static");
  } else if constexpr (!spelled<Op>) {
    static_assert(operation::has_a_name_or_symbol,
                  "ctgrad: the operation has no spelling: give it a static member `name` "
                  "(printed name(x)) or `symbol` (an infix operator)");
  } else if constexpr (!applies_to<Op, operand_value_t<Op, Args>...>) {
    static_assert(operation::has_an_apply_for_its_arguments,
                  "ctgrad: the operation lacks a static member function apply(values...) that "
                  "takes its arguments' values (numbers, for an elementwise operation)");
  } else {
    using R = result_value_t<Op, Args...>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return (report_pullback<Op, I, pulls_back<Op, R, I, operand_value_t<Op, Args>...>>() && ...);
    }
    (std::index_sequence_for<Args...>{});
  }
  return false;
}
}  // namespace detail

// make<Op>(args...): the smart constructor of operation Op. It applies Op::simplify when the
// operation has rewrite rules, and otherwise builds node<Op, Args...>. The result's shape is
// computed, and so checked, here, where the expression is built (matmul of 1x10 by 2x10). A rule
// never changes the shape: where one gives a smaller shape (0 for w - w), the result is expanded
// to the node's. For elementwise operations, scalars broadcast to a shape (ones<2>) take part in
// the rules as the scalars they are: ones<2> * w is w. An Op that is no Operation on Args is a
// compile error naming what it lacks (check_operation).
template <class Op, Expression... Args>
constexpr auto make(const Args&... args) {
  if constexpr (!Operation<Op, Args...>) {
    detail::check_operation<Op, Args...>();  // a compile error naming what Op lacks
    return node<Op, Args...>(args...);
  } else {
    using natural = shape_of_t<node<Op, Args...>>;
    if constexpr (detail::elementwise_v<Op> && (detail::is_broadcast_scalar_v<Args> || ...))
      return detail::expand_to<natural>(make<Op>(detail::unbroadcast(args)...));
    else if constexpr (requires { Op::simplify(args...); })
      return detail::expand_to<natural>(Op::simplify(args...));
    else
      return node<Op, Args...>(args...);
  }
}

}  // namespace ctgrad
