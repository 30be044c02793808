// Comparisons and selection with PyTorch's names, values and subgradients: x > y, x < y, x >= y,
// x <= y and logical_not(m) (masks, 1 where true and 0 elsewhere, with no gradient), where(m, a,
// b), minimum, maximum (a tie splits the gradient in half, as PyTorch does), clamp, clamp_min and
// clamp_max (the gradient passes where x is within the bounds, bounds included, as in PyTorch).
// Example: tests/runtime/binary_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>

namespace ctgrad {

namespace detail {
enum class comparison { greater, less, greater_equal, less_equal };

// compares<C>(a, b): a C b, for numbers and for exact fractions (constant folding).
template <comparison C, class T>
constexpr bool compares(const T& a, const T& b) {
  if constexpr (C == comparison::greater)
    return a > b;
  else if constexpr (C == comparison::less)
    return a < b;
  else if constexpr (C == comparison::greater_equal)
    return a >= b;
  else
    return a <= b;
}
template <comparison C>
constexpr bool compares(rational a, rational b) {  // denominators are positive
  return compares<C>(a.num * b.den, b.num * a.den);
}

// mask_value<T>(m): the number T(1) for true, T(0) for false.
template <class T>
constexpr T mask_value(bool m) {
  return m ? T(1) : T(0);
}
}  // namespace detail

// compare_op<C>: 1 where a C b, else 0 (torch.gt, lt, ge, le, as numbers); its derivative is 0.
template <detail::comparison C>
struct compare_op {
  static constexpr auto symbol = C == detail::comparison::greater         ? " > "
                                 : C == detail::comparison::less          ? " < "
                                 : C == detail::comparison::greater_equal ? " >= "
                                                                          : " <= ";
  static constexpr auto latex = C == detail::comparison::greater         ? " > "
                                : C == detail::comparison::less          ? " < "
                                : C == detail::comparison::greater_equal ? " \\geq "
                                                                         : " \\leq ";
  static constexpr auto level = detail::precedence::sum;
  static constexpr bool associative = false;
  static constexpr bool flat = true;
  template <class T>
  static constexpr T apply(T a, T b) {
    return detail::mask_value<T>(detail::compares<C>(a, b));
  }
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto, auto) { return c<0>; }
  static constexpr auto pullback(hana::size_t<1>, auto, auto, auto, auto) { return c<0>; }
  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b) {
    if constexpr (detail::is_constant_v<A> && detail::is_constant_v<B>)
      return constant_t<rational{detail::compares<C>(A::value, B::value) ? 1 : 0, 1}>{};
    else
      return node<compare_op, A, B>(a, b);
  }
};

// logical_not_op: 1 where a is 0, else 0 (torch.logical_not, as numbers); its derivative is 0.
struct logical_not_op {
  static constexpr auto name = "logical_not";
  static constexpr auto latex = "\\lnot";
  static constexpr bool flat = true;
  template <class T>
  static constexpr T apply(T a) {
    return detail::mask_value<T>(a == T(0));
  }
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto) { return c<0>; }
  static constexpr rational exact(rational a) { return {a.num == 0 ? 1 : 0, 1}; }
  static constexpr auto simplify(const auto& a) { return detail::fold_constant<logical_not_op>(a); }
};

// select_op: b where the mask a is not 0, else 0, even where b is infinite or NaN: where(m, a, b)
// is select(m, a) + select(logical_not(m), b). Its gradient is the adjoint where the mask is set.
struct select_op {
  static constexpr auto name = "select";
  static constexpr auto latex = "\\operatorname{select}";
  static constexpr std::size_t flat_argument = 0;
  template <class T>
  static constexpr T apply(T m, T b) {
    return m != T(0) ? b : T(0);
  }
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto, auto) { return c<0>; }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto m, auto, auto) {
    return detail::call<select_op>(m, g);
  }
  // A constant mask selects or drops; selecting 0 is 0.
  template <class A, class B>
  static constexpr auto simplify(const A& m, const B& b) {
    if constexpr (detail::is_zero_v<A> || detail::is_zero_v<B>)
      return c<0>;
    else if constexpr (detail::is_constant_v<A>)
      return b;
    else
      return node<select_op, A, B>(m, b);
  }
};

// extremum_op<Max>: maximum(a, b) (torch.maximum) or minimum(a, b) (torch.minimum); a NaN
// argument gives NaN. On a tie each argument gets half the adjoint, as in PyTorch:
// d maximum / d a = (1 + H(a - b) - H(b - a)) / 2 with H = heaviside.
template <bool Max>
struct extremum_op {
  static constexpr auto name = Max ? "maximum" : "minimum";
  template <class T>
  static constexpr T apply(T a, T b) {
    if (math::isnan(a) || math::isnan(b))
      return a + b;
    return (Max ? a > b : a < b) ? a : b;
  }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto b, auto) {
    return g * (share(a, b) / c<2>);
  }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto a, auto b, auto) {
    return g * (share(b, a) / c<2>);
  }
  // share(u, v): twice the share of the adjoint that goes to u: 2, 1 on a tie, or 0.
  static constexpr auto share(const auto& u, const auto& v) {
    if constexpr (Max)
      return c<1> + heaviside(u - v) - heaviside(v - u);
    else
      return c<1> + heaviside(v - u) - heaviside(u - v);
  }
  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b) {
    if constexpr (__is_same(A, B) && (Variable<A> || detail::is_constant_v<A>))
      return a;  // maximum(x, x) = x, whose gradient is PyTorch's two halves
    else if constexpr (detail::is_constant_v<A> && detail::is_constant_v<B>) {
      if constexpr (detail::compares<detail::comparison::greater>(A::value, B::value) == Max)
        return a;
      else
        return b;
    } else
      return node<extremum_op, A, B>(a, b);
  }
};

// Comparisons of expressions (with expressions or numbers): masks of 1 and 0.
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator>(const A& a, const B& b) {
  return detail::call<compare_op<detail::comparison::greater>>(a, b);
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator<(const A& a, const B& b) {
  return detail::call<compare_op<detail::comparison::less>>(a, b);
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator>=(const A& a, const B& b) {
  return detail::call<compare_op<detail::comparison::greater_equal>>(a, b);
}
template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator<=(const A& a, const B& b) {
  return detail::call<compare_op<detail::comparison::less_equal>>(a, b);
}

// logical_not(m): 1 where m is 0, else 0.
template <Operand M>
constexpr auto logical_not(const M& m) {
  return detail::call<logical_not_op>(m);
}

// where(m, a, b): a where the mask m (a comparison, or any expression: not 0 is true) is set,
// else b, broadcast together (torch.where). The gradient goes to a where m is set and to b
// elsewhere; the branch not taken may be infinite or NaN without making the value NaN.
template <Operand M, Operand A, Operand B>
constexpr auto where(const M& m, const A& a, const B& b) {
  return detail::call<select_op>(m, a) + detail::call<select_op>(logical_not(m), b);
}

// maximum(a, b), minimum(a, b): elementwise, broadcast (torch.maximum, torch.minimum).
template <Operand A, Operand B>
constexpr auto maximum(const A& a, const B& b) {
  return detail::call<extremum_op<true>>(a, b);
}
template <Operand A, Operand B>
constexpr auto minimum(const A& a, const B& b) {
  return detail::call<extremum_op<false>>(a, b);
}

// clamp_min(x, lo), clamp_max(x, hi), clamp(x, lo, hi): x limited to [lo, hi] (torch.clamp), the
// bounds numbers, constants or expressions. min(max(x, lo), hi): hi where lo > hi, as in PyTorch.
// The gradient goes to x where lo <= x <= hi, and to a bound where x is beyond it.
template <Operand X, Operand L>
constexpr auto clamp_min(const X& x, const L& lo) {
  return where(detail::call<compare_op<detail::comparison::less>>(x, lo), lo, x);
}
template <Operand X, Operand H>
constexpr auto clamp_max(const X& x, const H& hi) {
  return where(detail::call<compare_op<detail::comparison::greater>>(x, hi), hi, x);
}
template <Operand X, Operand L, Operand H>
constexpr auto clamp(const X& x, const L& lo, const H& hi) {
  return clamp_max(clamp_min(x, lo), hi);
}

}  // namespace ctgrad
