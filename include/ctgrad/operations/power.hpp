// Powers: pow<n>(x) and pow(x, c<1, 2>) with compile-time exponents, pow(x, y) with an expression
// exponent, square, sqrt, reciprocal and rsqrt. Each operation carries its derivative rule (see
// arithmetic.hpp).
#pragma once

#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>

namespace ctgrad {

// xlogy_op: a * log(b), and 0 where a == 0 (torch.xlogy), so that 0 * log(0) is 0.
struct xlogy_op {
  static constexpr auto name = "xlogy";
  static constexpr auto latex = "\\operatorname{xlogy}";

  template <class T>
  static constexpr T apply(T a, T b) {
    return a == T(0) && !math::isnan(b) ? T(0) : a * math::log(b);
  }
  // PyTorch's formulas, without the mask of the first where a == 0: grad * log(b), grad * a / b.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto b, auto) { return g * log(b); }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto a, auto b, auto) {
    return g * a / b;
  }

  // xlogy(0, b) = 0, xlogy(a, 1) = 0.
  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b) {
    if constexpr (detail::is_zero_v<A> || detail::is_one_v<B>)
      return c<0>;
    else
      return node<xlogy_op, A, B>(a, b);
  }
};

// xlogy(a, b): a * log(b), and 0 where a == 0 (NaN b stays NaN), as torch.xlogy.
template <Operand A, Operand B>
constexpr auto xlogy(const A& a, const B& b) {
  return detail::call<xlogy_op>(a, b);
}

// pow_op: a^b with an expression exponent.
struct pow_op {
  static constexpr auto name = "pow";  // printed a^b (print.hpp)
  static constexpr auto level = detail::precedence::power;

  template <class T>
  static constexpr T apply(T a, T b) {
    return math::pow(a, b);
  }
  // PyTorch's formulas: grad * (b * a^(b-1)) and grad * (r * log(a)), the latter as xlogy(r, a)
  // so that it is 0 where a == 0 and b > 0, as PyTorch's masked formula gives. (PyTorch also
  // masks the first to 0 where b == 0, and the second where a == 0 and b == 0; ctgrad does not.)
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto b, auto) {
    return g * (b * detail::call<pow_op>(a, b - c<1>));
  }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto a, auto, auto r) {
    return g * xlogy(r, a);
  }

  // A constant exponent makes a power_op: pow(x, 2_c) is x^2.
  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b) {
    if constexpr (detail::is_constant_v<B>)
      return make<power_op<B::value.num, B::value.den>>(a);
    else
      return node<pow_op, A, B>(a, b);
  }
};

// sqrt_op: the square root.
struct sqrt_op {
  static constexpr auto name = "sqrt";
  static constexpr auto level = detail::precedence::atom;

  template <class T>
  static constexpr T apply(T a) {
    return math::sqrt(a);
  }
  // PyTorch's formula: grad / (2 * r).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) { return g / (c<2> * r); }

  template <class A>
  static constexpr auto simplify(const A& a) {
    if constexpr (detail::is_zero_v<A> || detail::is_one_v<A>)
      return a;  // sqrt(0) = 0, sqrt(1) = 1
    else
      return node<sqrt_op, A>(a);
  }
};

// pow<Num, Den>(x): x^(Num/Den) with a compile-time exponent.
template <std::intmax_t Num, std::intmax_t Den = 1, Operand E>
constexpr auto pow(const E& x) {
  constexpr rational n = rational::make(Num, Den);
  return detail::call<power_op<n.num, n.den>>(x);
}

// pow(x, y): x^y; a constant exponent (2_c, c<1, 2>) gives the same as pow<n>(x).
template <Operand A, Operand B>
constexpr auto pow(const A& x, const B& y) {
  return detail::call<pow_op>(x, y);
}

// square(x): x^2.
template <Operand E>
constexpr auto square(const E& x) {
  return pow<2>(x);
}

// reciprocal(x): 1 / x, as x^-1 (torch.reciprocal).
template <Operand E>
constexpr auto reciprocal(const E& x) {
  return pow<-1>(x);
}

// rsqrt(x): 1 / sqrt(x), as x^(-1/2) (torch.rsqrt).
template <Operand E>
constexpr auto rsqrt(const E& x) {
  return pow<-1, 2>(x);
}

// sqrt(x): the square root (x^(1/2) has the same value but prints differently).
template <Operand E>
constexpr auto sqrt(const E& x) {
  return detail::call<sqrt_op>(x);
}

}  // namespace ctgrad
