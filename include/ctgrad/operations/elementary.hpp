// Elementary functions: exp, log, exp2, log2, log10, sin, cos, tan, tanh, sigmoid, abs, relu, and
// the step functions sign and heaviside that their derivatives need. Each operation carries its
// evaluation, its derivative rule (pullback, with PyTorch's formula) and its constant folding. To
// add one, copy the shape of sin_op and its function below, then list it in docs/design.md.
// Inverse trigonometric functions are in trigonometric.hpp, hyperbolic ones in hyperbolic.hpp,
// erf and erfc in special.hpp.
#pragma once

#include <ctgrad/operations/arithmetic.hpp>

namespace ctgrad {

namespace detail {
// fold_at<Op, At, Value>(a): the constant Value when a is the constant At, else node Op(a).
template <class Op, rational At, rational Value, class A>
constexpr auto fold_at(const A& a) {
  if constexpr (is_value_v<A, At>)
    return constant_t<Value>{};
  else
    return node<Op, A>(a);
}

// fold_constant<Op>(a): Op's exact value on a constant argument (Op::exact), else node Op(a).
template <class Op, class A>
constexpr auto fold_constant(const A& a) {
  if constexpr (is_constant_v<A>)
    return constant_t<Op::exact(A::value)>{};
  else
    return node<Op, A>(a);
}

inline constexpr rational zero{0, 1};
inline constexpr rational one{1, 1};

// The irrational constants of derivatives, rounded to double (detail::like rounds them to float).
inline constexpr double ln2 = 0.693147180559945309417232121458176568;
inline constexpr double ln10 = 2.30258509299404568401799145468436421;

// like(g, v): the irrational constant v in the type of the numbers of g (a number or a tensor),
// so that a float sweep stays float; v itself (a literal, once it meets an expression) when g is
// an expression.
template <class G>
constexpr auto like(const G&, double v) {
  if constexpr (Number<G> || TensorValue<G>)
    return static_cast<element_t<G>>(v);
  else
    return v;
}
}  // namespace detail

template <Operand E>
constexpr auto sin(const E& x);
template <Operand E>
constexpr auto cos(const E& x);
template <Operand E>
constexpr auto sign(const E& x);
template <Operand E>
constexpr auto heaviside(const E& x);

// exp_op: e^a.
struct exp_op {
  static constexpr auto name = "exp";
  static constexpr auto latex = "\\exp";
  static constexpr auto apply(auto a) { return math::exp(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) { return g * r; }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<exp_op, detail::zero, detail::one>(a);
  }
};

// log_op: the natural logarithm.
struct log_op {
  static constexpr auto name = "log";
  static constexpr auto latex = "\\log";
  static constexpr auto apply(auto a) { return math::log(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g / a; }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<log_op, detail::one, detail::zero>(a);
  }
};

// exp2_op: 2^a (torch.exp2).
struct exp2_op {
  static constexpr auto name = "exp2";
  static constexpr auto latex = "\\operatorname{exp2}";
  static constexpr auto apply(auto a) { return math::exp2(a); }
  // PyTorch's formula: grad * r * ln 2.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) {
    return g * r * detail::like(g, detail::ln2);
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<exp2_op, detail::zero, detail::one>(a);
  }
};

// log2_op: the base-2 logarithm (torch.log2).
struct log2_op {
  static constexpr auto name = "log2";
  static constexpr auto latex = "\\log_2";
  static constexpr auto apply(auto a) { return math::log2(a); }
  // PyTorch's formula: grad / (a * ln 2).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g / (a * detail::like(g, detail::ln2));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<log2_op, detail::one, detail::zero>(a);
  }
};

// log10_op: the base-10 logarithm (torch.log10).
struct log10_op {
  static constexpr auto name = "log10";
  static constexpr auto latex = "\\log_{10}";
  static constexpr auto apply(auto a) { return math::log10(a); }
  // PyTorch's formula: grad / (a * ln 10).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g / (a * detail::like(g, detail::ln10));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<log10_op, detail::one, detail::zero>(a);
  }
};

// sin_op: the sine.
struct sin_op {
  static constexpr auto name = "sin";
  static constexpr auto latex = "\\sin";
  static constexpr auto apply(auto a) { return math::sin(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * cos(a); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<sin_op, detail::zero, detail::zero>(a);
  }
};

// cos_op: the cosine.
struct cos_op {
  static constexpr auto name = "cos";
  static constexpr auto latex = "\\cos";
  static constexpr auto apply(auto a) { return math::cos(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * -sin(a); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<cos_op, detail::zero, detail::one>(a);
  }
};

// tan_op: the tangent.
struct tan_op {
  static constexpr auto name = "tan";
  static constexpr auto latex = "\\tan";
  static constexpr auto apply(auto a) { return math::tan(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) {
    return g * (c<1> + detail::call<power_op<2, 1>>(r));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<tan_op, detail::zero, detail::zero>(a);
  }
};

// tanh_op: the hyperbolic tangent.
struct tanh_op {
  static constexpr auto name = "tanh";
  static constexpr auto latex = "\\tanh";
  static constexpr auto apply(auto a) { return math::tanh(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) {
    return g * (c<1> - detail::call<power_op<2, 1>>(r));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<tanh_op, detail::zero, detail::zero>(a);
  }
};

// sigmoid_op: the logistic function 1/(1 + e^-a).
struct sigmoid_op {
  static constexpr auto name = "sigmoid";
  static constexpr auto latex = "\\sigma";
  static constexpr auto apply(auto a) { return math::sigmoid(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) {
    return g * (c<1> - r) * r;
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<sigmoid_op, detail::zero, rational{1, 2}>(a);
  }
};

// abs_op: the absolute value; its derivative at 0 is 0, as in PyTorch.
struct abs_op {
  static constexpr auto name = "abs";
  static constexpr auto apply(auto a) { return math::abs(a); }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * sign(a); }
  static constexpr rational exact(rational a) { return a.num < 0 ? -a : a; }
  static constexpr auto simplify(const auto& a) { return detail::fold_constant<abs_op>(a); }
};

// relu_op: max(a, 0); its derivative at 0 is 0, as in PyTorch. NaN stays NaN.
struct relu_op {
  static constexpr auto name = "relu";
  static constexpr auto latex = "\\operatorname{relu}";
  template <class T>
  static constexpr T apply(T a) {
    return a <= T(0) ? T(0) : a;
  }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * heaviside(a); }
  static constexpr rational exact(rational a) { return a.num < 0 ? rational{} : a; }
  static constexpr auto simplify(const auto& a) { return detail::fold_constant<relu_op>(a); }
};

// sign_op: -1, 0 or 1; its derivative is 0.
struct sign_op {
  static constexpr auto name = "sign";
  static constexpr auto latex = "\\operatorname{sign}";
  template <class T>
  static constexpr T apply(T a) {
    return a > T(0) ? T(1) : (a < T(0) ? T(-1) : a);
  }
  static constexpr bool flat = true;  // the derivative is 0 everywhere
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto) { return c<0>; }
  static constexpr rational exact(rational a) { return {a.num > 0 ? 1 : (a.num < 0 ? -1 : 0), 1}; }
  static constexpr auto simplify(const auto& a) { return detail::fold_constant<sign_op>(a); }
};

// heaviside_op: 1 for a > 0, else 0 (the derivative of relu); its derivative is 0.
struct heaviside_op {
  static constexpr auto name = "heaviside";
  static constexpr auto latex = "H";
  template <class T>
  static constexpr T apply(T a) {
    return a > T(0) ? T(1) : T(0);
  }
  static constexpr bool flat = true;  // the derivative is 0 everywhere
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto) { return c<0>; }
  static constexpr rational exact(rational a) { return {a.num > 0 ? 1 : 0, 1}; }
  static constexpr auto simplify(const auto& a) { return detail::fold_constant<heaviside_op>(a); }
};

// The functions: an expression for expression arguments, a number for numbers.

template <Operand E>
constexpr auto exp(const E& x) {
  return detail::call<exp_op>(x);
}
template <Operand E>
constexpr auto log(const E& x) {
  return detail::call<log_op>(x);
}
template <Operand E>
constexpr auto exp2(const E& x) {
  return detail::call<exp2_op>(x);
}
template <Operand E>
constexpr auto log2(const E& x) {
  return detail::call<log2_op>(x);
}
template <Operand E>
constexpr auto log10(const E& x) {
  return detail::call<log10_op>(x);
}
template <Operand E>
constexpr auto sin(const E& x) {
  return detail::call<sin_op>(x);
}
template <Operand E>
constexpr auto cos(const E& x) {
  return detail::call<cos_op>(x);
}
template <Operand E>
constexpr auto tan(const E& x) {
  return detail::call<tan_op>(x);
}
template <Operand E>
constexpr auto tanh(const E& x) {
  return detail::call<tanh_op>(x);
}
template <Operand E>
constexpr auto sigmoid(const E& x) {
  return detail::call<sigmoid_op>(x);
}
template <Operand E>
constexpr auto abs(const E& x) {
  return detail::call<abs_op>(x);
}
template <Operand E>
constexpr auto relu(const E& x) {
  return detail::call<relu_op>(x);
}
template <Operand E>
constexpr auto sign(const E& x) {
  return detail::call<sign_op>(x);
}
template <Operand E>
constexpr auto heaviside(const E& x) {
  return detail::call<heaviside_op>(x);
}

}  // namespace ctgrad
