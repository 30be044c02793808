// Activation functions with PyTorch's names, values and backward formulas (torch.nn.functional):
// log1p, expm1, softplus, silu, logsigmoid, elu, selu, leaky_relu, hardtanh, mish and gelu, exact
// or with approximate="tanh". Parameters (softplus's beta and threshold, elu's alpha,
// leaky_relu's slope, hardtanh's bounds) are compile-time constants: leaky_relu(x, c<1, 5>). At a
// kink the derivative is PyTorch's (leaky_relu'(0) is the slope, hardtanh' is 0 at its bounds).
// Example: tests/runtime/elementary_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/operations/special.hpp>

#include <boost/hana/integral_constant.hpp>

namespace ctgrad {

namespace detail {
// as_value<R, T>(): the rational R in T, rounded once.
template <rational R, class T>
constexpr T as_value() {
  return constant_t<R>::template as<T>();
}

// elu_slope(a, negative, positive): the derivative of elu and selu, negative * e^a for a <= 0 and
// positive above, as heaviside(a) * positive + at_zero * negative + heaviside(-a) * negative * e^a
// (the small term last, so that 1 - heaviside(-a) cancels first), whose own derivative is negative
// * e^a for a < 0 and 0 from 0 on, PyTorch's double backward (at_zero: 1 - heaviside(a) -
// heaviside(-a), 1 only at a = 0).
template <class A, class N, class P>
constexpr auto elu_slope(const A& a, const N& negative, const P& positive) {
  const auto above = heaviside(a);
  const auto below = heaviside(-a);
  return above * positive + (c<1> - above - below) * negative + below * (negative * exp(a));
}
}  // namespace detail

// log1p_op: log(1 + a), accurate near 0 (torch.log1p).
struct log1p_op {
  static constexpr auto name = "log1p";
  static constexpr auto latex = "\\operatorname{log1p}";
  template <class T>
  static constexpr T apply(T a) {
    return math::log1p(a);
  }
  // PyTorch's formula: grad / (self + 1).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g / (a + c<1>); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<log1p_op, detail::zero, detail::zero>(a);
  }
};

// expm1_op: e^a - 1, accurate near 0 (torch.expm1).
struct expm1_op {
  static constexpr auto name = "expm1";
  static constexpr auto latex = "\\operatorname{expm1}";
  template <class T>
  static constexpr T apply(T a) {
    return math::expm1(a);
  }
  // PyTorch's formula: grad * (result + 1).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto r) { return g * (r + c<1>); }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<expm1_op, detail::zero, detail::zero>(a);
  }
};

template <Operand E>
constexpr auto log1p(const E& x) {
  return detail::call<log1p_op>(x);
}
template <Operand E>
constexpr auto expm1(const E& x) {
  return detail::call<expm1_op>(x);
}

// softplus_op<Beta, Threshold>: log(1 + e^(beta a)) / beta, and a where beta a > threshold
// (F.softplus).
template <rational Beta, rational Threshold>
struct softplus_op {
  static_assert(Beta.num > 0, "ctgrad: softplus needs beta > 0");
  static constexpr auto name = "softplus";
  template <class T>
  static constexpr T apply(T a) {
    const T z = a * detail::as_value<Beta, T>();
    return z > detail::as_value<Threshold, T>()
               ? a
               : math::log1p(math::exp(z)) / detail::as_value<Beta, T>();
  }
  // PyTorch's formula: beta a > threshold ? grad : grad * z / (z + 1) with z = e^(beta a), which
  // is sigmoid(beta a).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    constexpr auto beta = constant_t<Beta>{};
    const auto above = heaviside(beta * a - constant_t<Threshold>{});
    return g * (above + (c<1> - above) * sigmoid(beta * a));
  }
};

// softplus(x), softplus(x, beta, threshold): F.softplus, beta 1 and threshold 20 by default; beta
// and threshold are constants (2_c, c<1, 2>).
template <Operand E, std::intmax_t BN = 1, std::intmax_t BD = 1, std::intmax_t TN = 20,
          std::intmax_t TD = 1>
constexpr auto softplus(const E& x, constant<BN, BD> = {}, constant<TN, TD> = {}) {
  return detail::call<softplus_op<rational{BN, BD}, rational{TN, TD}>>(x);
}

// silu_op: a * sigmoid(a) (F.silu).
struct silu_op {
  static constexpr auto name = "silu";
  template <class T>
  static constexpr T apply(T a) {
    return a * math::sigmoid(a);
  }
  // PyTorch's formula: grad * sigmoid * (1 + self * (1 - sigmoid)).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    const auto s = sigmoid(a);
    return g * (s * (c<1> + a * (c<1> - s)));
  }
};

template <Operand E>
constexpr auto silu(const E& x) {
  return detail::call<silu_op>(x);
}

// logsigmoid_op: log(sigmoid(a)), as min(a, 0) - log1p(e^-|a|) (F.logsigmoid).
struct logsigmoid_op {
  static constexpr auto name = "logsigmoid";
  template <class T>
  static constexpr T apply(T a) {
    return (a < T(0) ? a : T(0)) - math::log1p(math::exp(-math::abs(a)));
  }
  // PyTorch's formula: grad * (max_deriv - sign * z / (1 + z)) with z = e^-|a|: 1 / (1 + z) for
  // a < 0, z / (1 + z) from 0 on, which is sigmoid(-a) without overflow. Written with
  // z = e^((2 heaviside(-a) - 1) a), so that its own derivative, -z / (1 + z)^2, keeps its digits
  // where sigmoid(-a)'s, (r - 1) r, cancels (a << 0), and is -1/4 at 0, where that of |a| is 0.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    const auto negative = heaviside(-a);
    const auto z = exp((c<2> * negative - c<1>)*a);
    return g * (negative / (c<1> + z) + (c<1> - negative) * (z / (c<1> + z)));
  }
};

template <Operand E>
constexpr auto logsigmoid(const E& x) {
  return detail::call<logsigmoid_op>(x);
}

// elu_op<Alpha>: a > 0 ? a : alpha * (e^a - 1) (F.elu).
template <rational Alpha>
struct elu_op {
  static constexpr auto name = "elu";
  template <class T>
  static constexpr T apply(T a) {
    return a > T(0) ? a : detail::as_value<Alpha, T>() * math::expm1(a);
  }
  // PyTorch's formula (elu_backward of the input): a <= 0 ? grad * alpha * e^a : grad. Written
  // with the three steps of heaviside so that its own derivative is PyTorch's double backward
  // too, alpha e^a for a < 0 and 0 from a = 0 on (detail::elu_slope).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * detail::elu_slope(a, constant_t<Alpha>{}, c<1>);
  }
};

// elu(x), elu(x, alpha): F.elu, alpha 1 by default, a constant.
template <Operand E, std::intmax_t AN = 1, std::intmax_t AD = 1>
constexpr auto elu(const E& x, constant<AN, AD> = {}) {
  return detail::call<elu_op<rational{AN, AD}>>(x);
}

// selu_op: scale * elu(a, alpha) with PyTorch's alpha = 1.6732632423543772848170429916717 and
// scale = 1.0507009873554804934193349852946 (F.selu).
struct selu_op {
  static constexpr auto name = "selu";
  static constexpr double alpha = 1.6732632423543772848170429916717;
  static constexpr double scale = 1.0507009873554804934193349852946;
  template <class T>
  static constexpr T apply(T a) {
    return a > T(0) ? T(scale) * a : T(scale) * (T(alpha) * math::expm1(a));
  }
  // PyTorch's formula (elu_backward with scale): a <= 0 ? grad * (alpha * scale) * e^a :
  // grad * scale (detail::elu_slope).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * detail::elu_slope(a, detail::like(g, alpha * scale), detail::like(g, scale));
  }
};

template <Operand E>
constexpr auto selu(const E& x) {
  return detail::call<selu_op>(x);
}

// leaky_relu_op<Slope>: a > 0 ? a : slope * a (F.leaky_relu).
template <rational Slope>
struct leaky_relu_op {
  static constexpr auto name = "leaky_relu";
  template <class T>
  static constexpr T apply(T a) {
    return a > T(0) ? a : a * detail::as_value<Slope, T>();
  }
  // PyTorch's formula: self > 0 ? grad : grad * negative_slope (the slope at 0).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    constexpr auto slope = constant_t<Slope>{};
    return g * (slope + (c<1> - slope) * heaviside(a));
  }
};

// leaky_relu(x), leaky_relu(x, slope): F.leaky_relu, slope 0.01 by default, a constant.
template <Operand E, std::intmax_t SN = 1, std::intmax_t SD = 100>
constexpr auto leaky_relu(const E& x, constant<SN, SD> = {}) {
  return detail::call<leaky_relu_op<rational{SN, SD}>>(x);
}

// hardtanh_op<Min, Max>: a clamped to [min, max] (F.hardtanh).
template <rational Min, rational Max>
struct hardtanh_op {
  static_assert(Min.num * Max.den < Max.num * Min.den, "ctgrad: hardtanh needs min < max");
  static constexpr auto name = "hardtanh";
  template <class T>
  static constexpr T apply(T a) {
    const T low = detail::as_value<Min, T>();
    const T high = detail::as_value<Max, T>();
    return a < low ? low : (a > high ? high : a);
  }
  // PyTorch's formula: (self <= min || self >= max) ? 0 : grad.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * (heaviside(a - constant_t<Min>{}) * heaviside(constant_t<Max>{} - a));
  }
};

// hardtanh(x), hardtanh(x, min, max): F.hardtanh, [-1, 1] by default, constants.
template <Operand E, std::intmax_t LN = -1, std::intmax_t LD = 1, std::intmax_t HN = 1,
          std::intmax_t HD = 1>
constexpr auto hardtanh(const E& x, constant<LN, LD> = {}, constant<HN, HD> = {}) {
  return detail::call<hardtanh_op<rational{LN, LD}, rational{HN, HD}>>(x);
}

// mish_op: a * tanh(softplus(a)) (F.mish).
struct mish_op {
  static constexpr auto name = "mish";
  template <class T>
  static constexpr T apply(T a) {
    return a * math::tanh(softplus_op<rational{1, 1}, rational{20, 1}>::apply(a));
  }
  // PyTorch's formula: grad * (tanh_softplus + self * sigmoid * (1 - tanh_softplus^2)).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    const auto tanh_softplus = tanh(softplus(a));
    return g * (tanh_softplus + a * sigmoid(a) * (c<1> - square(tanh_softplus)));
  }
};

template <Operand E>
constexpr auto mish(const E& x) {
  return detail::call<mish_op>(x);
}

// gelu_tanh_op: 0.5 a (1 + tanh(sqrt(2 / pi) (a + 0.044715 a^3))), F.gelu with
// approximate="tanh".
struct gelu_tanh_op {
  static constexpr auto name = "gelu_tanh";
  static constexpr double beta = 0.7978845608028654;  // sqrt(2) * (2 / sqrt(pi)) * 0.5
  static constexpr double kappa = 0.044715;
  template <class T>
  static constexpr T apply(T a) {
    const T inner = T(beta) * (a + T(kappa) * (a * a * a));
    return T(0.5) * a * (T(1) + math::tanh(inner));
  }
  // PyTorch's formula: grad * (0.5 (1 + tanh_inner) + 0.5 a (1 - tanh_inner^2) beta
  // (1 + 3 kappa a^2)).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    const auto b = detail::like(g, beta);
    const auto tanh_inner = tanh(b * (a + detail::like(g, kappa) * pow<3>(a)));
    const auto left = c<1, 2> * a;
    const auto right = c<1> + tanh_inner;
    return g
           * (c<1, 2> * right
              + left * (c<1> - square(tanh_inner)) * b
                    * (c<1> + detail::like(g, 3 * kappa) * square(a)));
  }
};

// gelu_op: a Phi(a) = 0.5 a (1 + erf(a / sqrt(2))), F.gelu (approximate="none").
struct gelu_op {
  static constexpr auto name = "gelu";
  static constexpr double sqrt1_2 = 0.707106781186547524400844362104849039;  // 1 / sqrt(2)
  static constexpr double beta = 0.398942280401432677939946059934381868;     // 1 / sqrt(2 pi)
  template <class T>
  static constexpr T apply(T a) {
    return T(0.5) * a * (T(1) + math::erf(a * T(sqrt1_2)));
  }
  // PyTorch's formula: grad * (0.5 (1 + erf(a / sqrt(2))) + a e^(-a^2 / 2) / sqrt(2 pi)).
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    const auto cdf = c<1, 2> * (c<1> + erf(a * detail::like(g, sqrt1_2)));
    return g * (cdf + a * (exp(c<-1, 2> * square(a)) * detail::like(g, beta)));
  }
  static constexpr auto simplify(const auto& a) {
    return detail::fold_at<gelu_op, detail::zero, detail::zero>(a);
  }
};

// gelu(x): x Phi(x) with Phi the normal distribution function, F.gelu(x).
template <Operand E>
constexpr auto gelu(const E& x) {
  return detail::call<gelu_op>(x);
}

// gelu(x, tanh_approximation): F.gelu(x, approximate="tanh").
struct tanh_approximation_t {};
inline constexpr tanh_approximation_t tanh_approximation{};

template <Operand E>
constexpr auto gelu(const E& x, tanh_approximation_t) {
  return detail::call<gelu_tanh_op>(x);
}

}  // namespace ctgrad
