// The rational operations + - * / unary minus and constant powers x^n, each with its evaluation,
// its derivative rule (pullback) and its rewrite rules. Rules are listed in docs/design.md.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>

#include <boost/hana/at.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/tuple.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

// Every operation tag Op provides:
//   Op::apply(values...)                  its value on numbers;
//   Op::pullback(size_c<I>, g, args..., r) g times the partial derivative by argument I, where r
//                                          is the operation's result. It is written once, with
//                                          ctgrad's generic functions, and serves both the
//                                          symbolic d() (on expressions) and the reverse sweep of
//                                          grad() (on numbers);
//   Op::simplify(args...)                 optional rewrite rules, applied by make<Op>.
// Printing is described by `symbol`/`name` members, read by print.hpp.

namespace ctgrad {

namespace hana = boost::hana;

template <std::intmax_t Num, std::intmax_t Den>
struct power_op;

namespace detail {
// precedence: binding strength for printing with minimal parentheses.
enum class precedence { sum = 1, prefix = 2, product = 3, power = 4, atom = 5 };
}  // namespace detail

// add_op: a + b.
struct add_op {
  static constexpr auto symbol = " + ";
  static constexpr auto latex = " + ";
  static constexpr auto level = detail::precedence::sum;
  static constexpr bool associative = true;
  static constexpr bool recompute = true;  // cheap: fused regions recompute it (tape.hpp)

  static constexpr auto apply(auto a, auto b) { return a + b; }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto, auto) { return g; }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto, auto, auto) { return g; }

  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b);
};

// sub_op: a - b.
struct sub_op {
  static constexpr auto symbol = " - ";
  static constexpr auto latex = " - ";
  static constexpr auto level = detail::precedence::sum;
  static constexpr bool associative = false;
  static constexpr bool recompute = true;  // cheap: fused regions recompute it (tape.hpp)

  static constexpr auto apply(auto a, auto b) { return a - b; }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto, auto) { return g; }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto, auto, auto) { return -g; }

  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b);
};

// mul_op: a * b.
struct mul_op {
  static constexpr auto symbol = "*";
  static constexpr auto latex = " \\cdot ";
  static constexpr auto level = detail::precedence::product;
  static constexpr bool associative = true;
  static constexpr bool recompute = true;  // cheap: fused regions recompute it (tape.hpp)

  static constexpr auto apply(auto a, auto b) { return a * b; }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto b, auto) { return g * b; }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto a, auto, auto) { return g * a; }

  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b);
};

// div_op: a / b. x/x is deliberately kept: it is NaN at 0, as in PyTorch.
struct div_op {
  static constexpr auto symbol = "/";
  static constexpr auto latex = "/";  // unused: LaTeX prints \frac
  static constexpr auto level = detail::precedence::product;
  static constexpr bool associative = false;

  static constexpr auto apply(auto a, auto b) { return a / b; }
  // grad / b, as PyTorch, and -(grad / b) * r where PyTorch has -grad * ((a / b) / b), r being
  // the result a / b: the same quotient grad / b in both, which the compiler computes once when
  // both are needed (one division in the reverse pass instead of PyTorch's two or three).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto b, auto) { return g / b; }
  static constexpr auto pullback(hana::size_t<1>, auto g, auto, auto b, auto r) {
    return -(g / b) * r;
  }
  // In a fused region whose divisor b is one number for every element (a scalar broadcast, as
  // sigma in (x - mu) / sigma), the reverse loop multiplies by inverse_b = 1 / b, computed once,
  // instead of dividing at every element (reverse/region.hpp, region_adjoint): adjoints that differ
  // from grad / b in the last bit; the values are divided as written.
  static constexpr auto pullback_by_reciprocal(hana::size_t<0>, auto g, auto, auto inverse_b,
                                               auto) {
    return g * inverse_b;
  }
  static constexpr auto pullback_by_reciprocal(hana::size_t<1>, auto g, auto, auto inverse_b,
                                               auto r) {
    return -(g * inverse_b) * r;
  }

  template <class A, class B>
  static constexpr auto simplify(const A& a, const B& b);
};

// neg_op: -a.
struct neg_op {
  static constexpr auto name = "neg";  // torch.neg; printed -a (print.hpp)
  static constexpr auto level = detail::precedence::prefix;
  static constexpr bool recompute = true;

  static constexpr auto apply(auto a) { return -a; }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto) { return -g; }

  template <class A>
  static constexpr auto simplify(const A& a);
};

// power_op<Num, Den>: a^(Num/Den) with a compile-time exponent (pow<n>(x), square(x)).
template <std::intmax_t Num, std::intmax_t Den>
struct power_op {
  static constexpr rational exponent{Num, Den};
  static constexpr auto level = detail::precedence::power;
  static constexpr bool recompute = exponent == rational{2, 1} || exponent == rational{3, 1};

  // The same special cases as PyTorch's pow(tensor, scalar) kernel.
  template <class T>
  static constexpr T apply(T a) {
    if constexpr (exponent == rational{2, 1})
      return a * a;
    else if constexpr (exponent == rational{3, 1})
      return a * a * a;
    else if constexpr (exponent == rational{1, 2})
      return math::sqrt(a);
    else if constexpr (exponent == rational{-1, 1})
      return T(1) / a;
    else if constexpr (exponent == rational{-2, 1})
      return T(1) / (a * a);
    else if constexpr (exponent == rational{-1, 2})
      return T(1) / math::sqrt(a);
    else
      return math::pow(a, constant<Num, Den>::template as<T>());
  }
  // PyTorch's formula: grad * (n * a^(n-1)).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g
           * (constant<Num, Den>{}
              * detail::call<
                  power_op<(exponent - rational{1, 1}).num, (exponent - rational{1, 1}).den>>(a));
  }

  template <class A>
  static constexpr auto simplify(const A& a);
};

namespace detail {

// is_scaled_v<E>: E is k * r with a constant factor k.
template <class E>
constexpr bool is_scaled_v = false;
template <class K, class R>
constexpr bool is_scaled_v<node<mul_op, K, R>> = is_constant_v<K>;

// is_power_v<E>: E is a^n with a constant exponent n.
template <class E>
constexpr bool is_power_v = false;
template <std::intmax_t N, std::intmax_t D, class B>
constexpr bool is_power_v<node<power_op<N, D>, B>> = true;

// coefficient_split<K, R>: an expression as constant factor K times the rest R.
template <class K, class R>
struct coefficient_split {
  K k;
  R rest;
};
template <class K, class R>
coefficient_split(K, R) -> coefficient_split<K, R>;

// split_coefficient(e): {k, r} for k*r, {-1, r} for -r, {1, e} otherwise.
template <class E>
constexpr auto split_coefficient(const E& e) {
  if constexpr (is_scaled_v<E>)
    return coefficient_split{e.a, e.b};
  else if constexpr (is_node_of_v<E, neg_op>)
    return coefficient_split{c<-1>, e.a};
  else
    return coefficient_split{c<1>, e};
}

// power_of<E>: E as base^exponent: {n, b} for b^n with constant n, {1, e} otherwise.
template <class E>
struct power_of {
  using base_type = E;
  static constexpr rational exponent{1, 1};
  static constexpr const E& base(const E& e) { return e; }
};
template <std::intmax_t N, std::intmax_t D, class B>
struct power_of<node<power_op<N, D>, B>> {
  using base_type = B;
  static constexpr rational exponent{N, D};
  static constexpr const B& base(const node<power_op<N, D>, B>& e) { return e.a; }
};

template <rational R>
constexpr bool is_positive_integer_v = R.is_integer() && R.num > 0;

template <class E>
using power_base_t = typename power_of<E>::base_type;
template <class E>
constexpr bool positive_integer_power_v = is_positive_integer_v<power_of<E>::exponent>;

// CollectsPowers<A, B>: A = e^m and B = e^n with positive integer m, n (m or n may be 1).
template <class A, class B>
concept CollectsPowers =
    positive_integer_power_v<A> && positive_integer_power_v<B> && SameExpression<power_base_t<A>,
                                                                                 power_base_t<B>>;

// Like terms. Two terms are alike when they differ only in their constant coefficient, with
// products compared as multisets of factors (exp(x)*cos(x) is like cos(x)*exp(x)). A search for
// a like term in a sum visits at most like_term_depth of its terms, the last ones first, which
// keeps the cost of each addition bounded in long sums.
inline constexpr int like_term_depth = 16;

template <class... T>
struct type_list {};

// factors_t<E>: the factors of product E (E itself when it is not a product), as a type_list.
template <class E>
struct factors {
  using type = type_list<E>;
};
template <class... L, class... R>
type_list<L..., R...> concat(type_list<L...>, type_list<R...>);
template <class A, class B>
struct factors<node<mul_op, A, B>> {
  using type = decltype(concat(typename factors<A>::type{}, typename factors<B>::type{}));
};
template <class E>
using factors_t = typename factors<E>::type;

template <class T, class... L>
constexpr std::size_t count_v = (std::size_t{__is_same(T, L)} + ... + 0);

// same_factors_v<A, B>: products A and B have the same factors, in any order.
template <class A, class B>
constexpr bool same_factors_v = false;
template <class... A, class... B>
  requires(sizeof...(A) == sizeof...(B))
constexpr bool same_factors_v<type_list<A...>, type_list<B...>> =
    (... && (count_v<A, A...> == count_v<A, B...>));

template <class E>
using rest_t = std::remove_cvref_t<decltype(split_coefficient(std::declval<E>()).rest)>;
template <class E>
constexpr rational coefficient_v = decltype(split_coefficient(std::declval<E>()).k)::value;

// AlikeProducts<RA, RB>: RA and RB have the same factors in any order (equal, if not products).
template <class RA, class RB>
concept AlikeProducts = same_factors_v<factors_t<RA>, factors_t<RB>>;

// LikeTerms<A, B>: terms A and B are alike.
template <class A, class B>
concept LikeTerms =
    is_static_v<rest_t<A>> && is_static_v<rest_t<B>> && AlikeProducts<rest_t<A>, rest_t<B>>;

// is_reciprocal_v<E>: E is 1/b. is_constant_over_v<E>: E is k/b with a constant k.
template <class E>
constexpr bool is_constant_over_v = false;
template <class K, class B>
constexpr bool is_constant_over_v<node<div_op, K, B>> = is_constant_v<K>;
template <class E>
constexpr bool is_reciprocal_v = false;
template <class K, class B>
constexpr bool is_reciprocal_v<node<div_op, K, B>> = is_one_v<K>;

// has_negative_coefficient_v<E>: E is a negative constant, or k*r with a negative constant k.
template <class E>
constexpr bool negative_coefficient() {
  if constexpr (is_constant_v<E>)
    return E::value.num < 0;
  else if constexpr (is_scaled_v<E>)
    return coefficient_v<E>.num < 0;
  else
    return false;
}
template <class E>
constexpr bool has_negative_coefficient_v = negative_coefficient<E>();

template <class Op>
constexpr bool is_sum_op_v = std::is_same_v<Op, add_op> || std::is_same_v<Op, sub_op>;
template <class E>
constexpr bool is_sum_v = is_node_of_v<E, add_op> || is_node_of_v<E, sub_op>;

// terms_v<E>: the number of terms of sum E (1 when E is not a sum).
template <class E>
constexpr int terms_v = 1;
template <class Op, class A, class B>
  requires is_sum_op_v<Op>
constexpr int terms_v<node<Op, A, B>> = terms_v<A> + terms_v<B>;

// budget_v<E, Budget>: the part of a search budget spent on E, the right operand of a sum.
template <class E, int Budget>
constexpr int budget_v = terms_v<E> < Budget ? terms_v<E> : Budget;

// has_like_v<S, T>: sum S (or the single term S) has a term like T among the last Budget terms
// it is searched for, from the right: S = a + b is searched in b, then in a with what is left.
// So each search visits at most Budget terms, whatever the shape of the sums (chains or trees),
// and building a sum of n terms makes O(n) comparisons.
template <class S, class T, int Budget = like_term_depth>
constexpr bool has_like_v = Budget > 0 && LikeTerms<S, T>;
// (The budget is checked in the constraint: a `Budget > 0 &&` in the value would not stop the
// recursive instantiation.)
template <class Op, class A, class B, class T, int Budget>
  requires(is_sum_op_v<Op>&& Budget > 0)
constexpr bool has_like_v<node<Op, A, B>, T, Budget> =
    has_like_v<B, T, budget_v<B, Budget>> || has_like_v<A, T, Budget - budget_v<B, Budget>>;

// shares_like_v<S, T>: some term of sum T, among the last Budget terms, has a like term in S.
template <class S, class T, int Budget = like_term_depth>
constexpr bool shares_like_v = has_like_v<S, T>;
template <class S, class Op, class A, class B, int Budget>
  requires(is_sum_op_v<Op>&& Budget > 0)
constexpr bool shares_like_v<S, node<Op, A, B>, Budget> =
    shares_like_v<S, B, budget_v<B, Budget>> || shares_like_v<S, A, Budget - budget_v<B, Budget>>;

// expands_v<E>: expanded(e) rewrites E: E is k*(p ± q) or -(p + q).
template <class E>
constexpr bool expands_v = false;
template <class K, class S>
constexpr bool expands_v<node<mul_op, K, S>> = (is_scaled_v<node<mul_op, K, S>> && is_sum_v<S>);
template <class A>
constexpr bool expands_v<node<neg_op, A>> = is_node_of_v<A, add_op>;

// expanded(e): k*(p ± q) as k*p ± k*q, and -(p + q) as -p - q (expands_v); e itself otherwise.
// The sum rules expand a term only when that brings like terms together.
template <class E>
constexpr auto expanded(const E& e) {
  if constexpr (!expands_v<E>)
    return e;
  else if constexpr (is_node_of_v<E, neg_op>)
    return make<sub_op>(make<neg_op>(e.a.a), e.a.b);
  else
    return make<op_t<std::remove_cvref_t<decltype(e.b)>>>(make<mul_op>(e.a, e.b.a),
                                                          make<mul_op>(e.a, e.b.b));
}
template <class E>
using expanded_t = decltype(expanded(std::declval<E>()));

// expanded_or_t<E>: expanded_t<E> when E expands, else E itself, without instantiating expanded
// for it: the left operand of an addition to a long sum is the whole sum.
template <class E>
struct expansion {
  using type = expanded_t<E>;
};
template <class E>
using expanded_or_t =
    typename std::conditional_t<expands_v<E>, expansion<E>, std::type_identity<E>>::type;

// expands_like_v<A, B>: expanding A or B brings like terms of A and B together.
template <class A, class B>
constexpr bool expands_like_v = (expands_v<B> && shares_like_v<A, expanded_or_t<B>>)
                                || (expands_v<A> && shares_like_v<expanded_or_t<A>, B>);

// merge_like<Negate>(s, t): the like terms s + t (s - t when Negate) as one, (k_s ± k_t) * rest.
template <bool Negate, class S, class T>
constexpr auto merge_like(const S& s, const T&) {
  constexpr rational k =
      Negate ? coefficient_v<S> - coefficient_v<T> : coefficient_v<S> + coefficient_v<T>;
  return make<mul_op>(constant<k.num, k.den>{}, split_coefficient(s).rest);
}

// merge_term<Negate>(s, t): s + t (s - t when Negate), with t added into its like term in s,
// found where has_like_v<S, T, Budget> finds it.
template <bool Negate, int Budget = like_term_depth, class S, class T>
constexpr auto merge_term(const S& s, const T& t) {
  if constexpr (is_sum_v<S>) {
    using op = op_t<S>;
    using right = std::remove_cvref_t<decltype(s.b)>;
    constexpr bool flip = std::is_same_v<op, sub_op>;
    constexpr int spent = budget_v<right, Budget>;
    if constexpr (has_like_v<right, T, spent>)
      return make<op>(s.a, merge_term<(Negate != flip), spent>(s.b, t));
    else
      return make<op>(merge_term<Negate, Budget - spent>(s.a, t), s.b);
  } else {
    return merge_like<Negate>(s, t);
  }
}

}  // namespace detail

// Rewrite rules. Each returns a simpler expression, or the node itself when no rule applies.

template <class A, class B>
constexpr auto add_op::simplify(const A& a, const B& b) {
  using namespace detail;
  if constexpr (is_zero_v<A>)
    return b;  // 0 + b = b
  else if constexpr (is_zero_v<B>)
    return a;  // a + 0 = a
  else if constexpr (is_constant_v<A> && is_constant_v<B>)
    return constant_t<A::value + B::value>{};  // folding
  else if constexpr (is_node_of_v<B, neg_op>)
    return make<sub_op>(a, b.a);  // a + -b = a - b
  else if constexpr (has_like_v<A, B>)
    return merge_term<false>(a, b);  // ... + k1*e + k2*e = ... + (k1+k2)*e
  else if constexpr (has_negative_coefficient_v<B>)
    return make<sub_op>(a, make<neg_op>(b));              // a + (-k)*b = a - k*b
  else if constexpr (is_sum_v<B> && shares_like_v<A, B>)  // a + (p ± q) = (a + p) ± q
    return make<op_t<B>>(make<add_op>(a, b.a), b.b);
  else if constexpr (expands_like_v<A, B>)  // k*(p + q) = k*p + k*q, when that collects terms
    return make<add_op>(expanded(a), expanded(b));
  else
    return node<add_op, A, B>(a, b);
}

template <class A, class B>
constexpr auto sub_op::simplify(const A& a, const B& b) {
  using namespace detail;
  if constexpr (is_zero_v<B>)
    return a;  // a - 0 = a
  else if constexpr (is_zero_v<A>)
    return make<neg_op>(b);  // 0 - b = -b
  else if constexpr (is_constant_v<A> && is_constant_v<B>)
    return constant_t<A::value - B::value>{};  // folding
  else if constexpr (is_node_of_v<B, neg_op>)
    return make<add_op>(a, b.a);  // a - -b = a + b
  else if constexpr (has_like_v<A, B>)
    return merge_term<true>(a, b);  // ... + k1*e - k2*e = ... + (k1-k2)*e
  else if constexpr (has_negative_coefficient_v<B>)
    return make<add_op>(a, make<neg_op>(b));                          // a - (-k)*b = a + k*b
  else if constexpr (is_node_of_v<B, add_op> && shares_like_v<A, B>)  // a - (p + q) = a - p - q
    return make<sub_op>(make<sub_op>(a, b.a), b.b);
  else if constexpr (is_node_of_v<B, sub_op> && shares_like_v<A, B>)  // a - (p - q) = a - p + q
    return make<add_op>(make<sub_op>(a, b.a), b.b);
  else if constexpr (expands_like_v<A, B>)  // k*(p + q) = k*p + k*q, when that collects terms
    return make<sub_op>(expanded(a), expanded(b));
  else
    return node<sub_op, A, B>(a, b);
}

template <class A, class B>
constexpr auto mul_op::simplify(const A& a, const B& b) {
  using namespace detail;
  using pa = power_of<A>;
  using pb = power_of<B>;
  if constexpr (is_zero_v<A> || is_zero_v<B>)
    return c<0>;  // 0 * b = a * 0 = 0
  else if constexpr (is_one_v<A>)
    return b;  // 1 * b = b
  else if constexpr (is_one_v<B>)
    return a;  // a * 1 = a
  else if constexpr (is_constant_v<A> && is_constant_v<B>)
    return constant_t<A::value * B::value>{};  // folding
  else if constexpr (is_value_v<A, rational{-1, 1}>)
    return make<neg_op>(b);  // -1 * b = -b
  else if constexpr (is_constant_v<B>)
    return make<mul_op>(b, a);  // a * k = k * a: constants go left
  else if constexpr (is_constant_v<A> && is_scaled_v<B>)
    return make<mul_op>(constant_t<A::value * coefficient_v<B>>{}, b.b);  // k1*(k2*r) = k*r
  else if constexpr (is_scaled_v<B> && !is_constant_v<A>)
    return make<mul_op>(b.a, make<mul_op>(a, b.b));  // a * (k*r) = k * (a*r)
  else if constexpr (is_scaled_v<A> && !is_constant_v<B>)
    return make<mul_op>(a.a, make<mul_op>(a.b, b));  // (k*r) * b = k * (r*b)
  else if constexpr (is_reciprocal_v<B>)
    return make<div_op>(a, b.b);  // a * (1/b) = a/b
  else if constexpr (is_reciprocal_v<A>)
    return make<div_op>(b, a.b);  // (1/a) * b = b/a
  else if constexpr (is_constant_v<A> && is_constant_over_v<B>)
    return make<div_op>(constant_t<A::value* decltype(b.a)::value>{}, b.b);  // k1*(k2/b) = k/b
  else if constexpr (is_node_of_v<A, neg_op>)
    return make<neg_op>(make<mul_op>(a.a, b));  // (-a) * b = -(a*b)
  else if constexpr (is_node_of_v<B, neg_op>)
    return make<neg_op>(make<mul_op>(a, b.a));  // a * (-b) = -(a*b)
  else if constexpr (CollectsPowers<A, B>) {
    constexpr rational n = pa::exponent + pb::exponent;  // e^m * e^n = e^(m+n), m, n > 0 integers
    return make<power_op<n.num, n.den>>(pa::base(a));
  } else
    return node<mul_op, A, B>(a, b);
}

template <class A, class B>
constexpr auto div_op::simplify(const A& a, const B& b) {
  using namespace detail;
  if constexpr (is_one_v<B>)
    return a;  // a / 1 = a
  else if constexpr (is_value_v<B, rational{-1, 1}>)
    return make<neg_op>(a);  // a / -1 = -a
  else if constexpr (is_constant_v<A> && is_constant_v<B>) {
    static_assert(!is_zero_v<B>, "ctgrad: division by the constant 0");
    return constant_t<A::value / B::value>{};  // folding
  } else if constexpr (is_zero_v<A>)
    return c<0>;  // 0 / b = 0
  else if constexpr (is_constant_v<A> && is_scaled_v<B>) {
    constexpr rational k = A::value / coefficient_v<B>;
    if constexpr (k.is_integer())
      return make<div_op>(constant<k.num>{}, b.b);  // k1/(k2*b) = (k1/k2)/b, an integer quotient
    else
      return node<div_op, A, B>(a, b);
  } else if constexpr (is_scaled_v<A> && !is_constant_v<B>)
    return make<mul_op>(a.a, make<div_op>(a.b, b));  // (k*a) / b = k * (a/b)
  else if constexpr (is_node_of_v<A, neg_op>)
    return make<neg_op>(make<div_op>(a.a, b));  // (-a) / b = -(a/b)
  else if constexpr (is_node_of_v<B, neg_op>)
    return make<neg_op>(make<div_op>(a, b.a));  // a / (-b) = -(a/b)
  else
    return node<div_op, A, B>(a, b);
}

template <class A>
constexpr auto neg_op::simplify(const A& a) {
  using namespace detail;
  if constexpr (is_constant_v<A>)
    return constant_t<-A::value>{};  // folding
  else if constexpr (is_node_of_v<A, neg_op>)
    return a.a;  // -(-a) = a
  else if constexpr (is_scaled_v<A>)
    return make<mul_op>(constant_t<-decltype(a.a)::value>{}, a.b);  // -(k*r) = (-k)*r
  else if constexpr (is_node_of_v<A, sub_op>)
    return make<sub_op>(a.b, a.a);  // -(a - b) = b - a
  else
    return node<neg_op, A>(a);
}

namespace detail {
// power_of_constant(r, n): r^n exactly for an integer n.
constexpr rational power_of_constant(rational r, std::intmax_t n) {
  rational result{1, 1};
  for (std::intmax_t i = 0; i < (n < 0 ? -n : n); ++i)
    result = result * r;
  return n < 0 ? rational{1, 1} / result : result;
}
}  // namespace detail

template <std::intmax_t Num, std::intmax_t Den>
template <class A>
constexpr auto power_op<Num, Den>::simplify(const A& a) {
  using namespace detail;
  if constexpr (exponent == rational{0, 1})
    return c<1>;  // a^0 = 1
  else if constexpr (exponent == rational{1, 1})
    return a;  // a^1 = a
  else if constexpr (is_constant_v<A> && exponent.is_integer()) {
    constexpr rational r = power_of_constant(A::value, Num);  // folding
    return constant<r.num, r.den>{};
  } else if constexpr (is_node_of_v<A, neg_op> && exponent.is_integer()) {
    if constexpr (Num % 2 == 0)
      return make<power_op>(a.a);  // (-a)^n = a^n, n even
    else
      return make<neg_op>(make<power_op>(a.a));  // (-a)^n = -(a^n), n odd
  } else if constexpr (is_power_v<A> && exponent.is_integer()
                       && power_of<A>::exponent.is_integer()) {
    constexpr rational n = exponent * power_of<A>::exponent;  // (a^m)^n = a^(m*n), integers
    return make<power_op<n.num, n.den>>(a.a);
  } else
    return node<power_op, A>(a);
}

// Operators on expressions and numbers. A constant with a number is a number (2_c * 1.5 == 3.0).

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator+(const A& a, const B& b) {
  return detail::call<add_op>(a, b);
}

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator-(const A& a, const B& b) {
  return detail::call<sub_op>(a, b);
}

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator*(const A& a, const B& b) {
  return detail::call<mul_op>(a, b);
}

template <Operand A, Operand B>
  requires(Expression<A> || Expression<B>)
constexpr auto operator/(const A& a, const B& b) {
  return detail::call<div_op>(a, b);
}

template <Expression A>
constexpr auto operator-(const A& a) {
  return make<neg_op>(a);
}

template <Expression A>
constexpr auto operator+(const A& a) {
  return a;
}

namespace detail {
// sum_of_arguments_v<E...>: every E is an operand and one at least an expression (braced lists,
// not folds: see detail/pack.hpp).
template <class... E>
constexpr bool sum_of_arguments_v = all_of({Operand<E>...}) && any_of({Expression<E>...});

// balanced_sum<B, E>(terms): terms B to E - 1 of a hana::tuple added as a balanced tree. (Hana's
// tuple reaches an element in one step; std::get on a std::tuple of n terms instantiates O(n)
// bases per element, which made sum_of quadratic to compile.)
template <std::size_t B, std::size_t E, class Terms>
constexpr auto balanced_sum(const Terms& terms) {
  if constexpr (E - B == 1)
    return hana::at_c<B>(terms);
  else
    return call<add_op>(balanced_sum<B, (B + E) / 2>(terms), balanced_sum<(B + E) / 2, E>(terms));
}
}  // namespace detail

// sum_of(e1, ..., en): e1 + ... + en added as a balanced tree, (e1 + e2) + (e3 + e4), rather than
// the chain ((e1 + e2) + e3) + e4 that `+` or a fold expression builds. The value and the
// derivatives are the same; the tree is log2(n) deep instead of n, and compile time grows as
// n log n instead of n^2, which matters from about a hundred terms (docs/benchmarks.md). Like terms
// are collected as with `+`.
template <class... E>
  requires(detail::sum_of_arguments_v<E...>)
constexpr auto sum_of(const E&... e) {
  return detail::balanced_sum<0, sizeof...(E)>(hana::make_tuple(e...));
}

}  // namespace ctgrad
