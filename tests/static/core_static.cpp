// Compile-time checks of the core: the types d() returns, each rewrite rule, evaluation (values
// and value types), grad and value_and_grad in constant expressions, to_static_string, and the
// misuses that are rejected by overload resolution (SFINAE-friendly). Misuses that are rejected by
// a static_assert with a message are tested in tests/fail/.
#include <ctgrad/ctgrad.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

// A namespace of its own: <cmath> declares y0, y1, j0, ... in the global namespace.
namespace ctgrad_test_core_static {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"w"> w;
constexpr var<"w1"> w1;
constexpr var<"b1"> b1;
constexpr var<"w2"> w2;
constexpr var<"b2"> b2;

template <class E, class T>
inline constexpr bool is_v = std::is_same_v<std::remove_cvref_t<E>, T>;

using x_t = var<"x">;
using y_t = var<"y">;

// ---------------------------------------------------------------------------------------------
// The seed's chain rule: y1 = x*w1 + b1, y2 = y1*w2 + b2 at x = 1, w1 = 2, b1 = 1, w2 = 2, b2 = 1.

constexpr auto layer1 = x * w1 + b1;
constexpr auto layer2 = layer1 * w2 + b2;
constexpr auto at = bind(x = 1.0, w1 = 2.0, b1 = 1.0, w2 = 2.0, b2 = 1.0);

static_assert(is_v<decltype(d(layer1, w1)), var<"x">>);
static_assert(is_v<decltype(d(layer2, w1)), node<mul_op, var<"x">, var<"w2">>>);
static_assert(is_v<decltype(d(layer2, layer1)), var<"w2">>);  // by a subexpression
static_assert(is_v<decltype(d(layer2, b2)), constant<1>>);
static_assert(is_v<decltype(d(layer2, y)), constant<0>>);  // a variable that does not occur
static_assert(layer1(at) == 3.0 && layer2(at) == 7.0);
static_assert(d(layer2, layer1)(at) == 2.0);
static_assert(d(layer1, w1)(at) == 1.0);
static_assert(d(layer2, w1)(at) == 2.0);
static_assert(d(layer2, layer1)(at) * d(layer1, w1)(at) == d(layer2, w1)(at));
static_assert(d(layer2, w2)(at) == 3.0);
static_assert(to_static_string(d(layer2, w1)) == "x*w2");
static_assert(to_static_string(d(layer2, w2)) == "x*w1 + b1");
static_assert(to_static_latex(d(layer2, w1)) == "x \\cdot w_{2}");

// All partials in one reverse sweep, in a constant expression; bindings in any order.
static_assert(grad(layer2, layer1, w1, w2)(at) == std::tuple{2.0, 2.0, 3.0});
static_assert(grad(layer2, w1)(b2 = 1.0, w2 = 2.0, b1 = 1.0, w1 = 2.0, x = 1.0) == 2.0);
static_assert(value_and_grad(layer2, w1, b1)(at) == std::pair{7.0, std::tuple{2.0, 2.0}});
static_assert(grad(layer2, y)(at) == 0.0);

// The seed's mean squared error, (1 - x*w)^2 at x = 1, w = 2.
constexpr auto mse = square(1_c - x * w);
static_assert(to_static_string(mse) == "(1 - x*w)^2");
static_assert(to_static_string(d(mse, w)) == "-2*x*(1 - x*w)");
static_assert(d(mse, w)(x = 1.0, w = 2.0) == 2.0);
static_assert(value_and_grad(mse, w)(x = 1.0, w = 2.0) == std::pair{1.0, 2.0});

// ---------------------------------------------------------------------------------------------
// Higher and mixed derivatives.

static_assert(is_v<decltype(d<5>(pow<5>(x), x)), constant<120>>);
static_assert(is_v<decltype(d<6>(pow<5>(x), x)), constant<0>>);
static_assert(is_v<decltype(d<2>(pow<3>(x), x)), node<mul_op, constant<6>, x_t>>);
static_assert(is_v<decltype(d(x * y, x, y)), constant<1>>);
static_assert(is_v<decltype(d(pow<2>(x) * y, x, y)), node<mul_op, constant<2>, x_t>>);
static_assert(is_v<decltype(d<0>(sin(x), x)), decltype(sin(x))>);
static_assert(to_static_string(d(pow<1, 2>(x), x)) == "(1/2)*x^(-1/2)");
static_assert(to_static_string(d(sin(x), x)) == "cos(x)");
static_assert(to_static_string(d<2>(sin(x), x)) == "-sin(x)");
static_assert(to_static_string(d(abs(x), x)) == "sign(x)");
static_assert(to_static_string(d(relu(x), x)) == "heaviside(x)");
static_assert(is_v<decltype(d(sign(x), x)), constant<0>>);
static_assert(is_v<decltype(d(heaviside(x), x)), constant<0>>);

// ---------------------------------------------------------------------------------------------
// Rewrite rules (docs/design.md). Each rule on the smallest expression that triggers it.

// 0 and 1 are neutral.
static_assert(is_v<decltype(x + 0_c), x_t>);
static_assert(is_v<decltype(0_c + x), x_t>);
static_assert(is_v<decltype(x - 0_c), x_t>);
static_assert(is_v<decltype(0_c - x), node<neg_op, x_t>>);
static_assert(is_v<decltype(x * 1_c), x_t>);
static_assert(is_v<decltype(1_c * x), x_t>);
static_assert(is_v<decltype(x / 1_c), x_t>);
static_assert(is_v<decltype(pow<1>(x)), x_t>);
static_assert(is_v<decltype(pow(x, 1_c)), x_t>);
// 0 is absorbing; x^0 = 1.
static_assert(is_v<decltype(x * 0_c), constant<0>>);
static_assert(is_v<decltype(0_c * x), constant<0>>);
static_assert(is_v<decltype(0_c / x), constant<0>>);
static_assert(is_v<decltype(pow<0>(x)), constant<1>>);
// -1 and division by -1.
static_assert(is_v<decltype(c<-1> * x), node<neg_op, x_t>>);
static_assert(is_v<decltype(x / c<-1>), node<neg_op, x_t>>);

// Constant folding, exact in rationals.
static_assert(is_v<decltype(2_c + 3_c), constant<5>>);
static_assert(is_v<decltype(c<1, 2> + c<1, 3>), constant<5, 6>>);
static_assert(is_v<decltype(2_c - 5_c), constant<-3>>);
static_assert(is_v<decltype(2_c * c<3, 4>), constant<3, 2>>);
static_assert(is_v<decltype(1_c / 3_c), constant<1, 3>>);
static_assert(is_v<decltype(-c<1, 2>), constant<-1, 2>>);
static_assert(is_v<decltype(pow<3>(c<2, 3>)), constant<8, 27>>);
static_assert(is_v<decltype(pow<-2>(2_c)), constant<1, 4>>);
static_assert(is_v<decltype(pow(c<-2>, 3_c)), constant<-8>>);
static_assert(is_v<decltype(c<2, 4>), constant<1, 2>>);
static_assert(is_v<decltype(c<3, -6>), constant<-1, 2>>);
// ... and for the elementary functions where the value is rational.
static_assert(is_v<decltype(exp(0_c)), constant<1>>);
static_assert(is_v<decltype(log(1_c)), constant<0>>);
static_assert(is_v<decltype(sin(0_c)), constant<0>>);
static_assert(is_v<decltype(cos(0_c)), constant<1>>);
static_assert(is_v<decltype(tan(0_c)), constant<0>>);
static_assert(is_v<decltype(tanh(0_c)), constant<0>>);
static_assert(is_v<decltype(sigmoid(0_c)), constant<1, 2>>);
static_assert(is_v<decltype(sqrt(0_c)), constant<0>>);
static_assert(is_v<decltype(sqrt(1_c)), constant<1>>);
static_assert(is_v<decltype(abs(c<-3, 2>)), constant<3, 2>>);
static_assert(is_v<decltype(relu(c<-2>)), constant<0>>);
static_assert(is_v<decltype(relu(c<5, 3>)), constant<5, 3>>);
static_assert(is_v<decltype(sign(c<-5>)), constant<-1>>);
static_assert(is_v<decltype(sign(0_c)), constant<0>>);
static_assert(is_v<decltype(heaviside(0_c)), constant<0>>);
static_assert(is_v<decltype(heaviside(c<1, 9>)), constant<1>>);
// ... but not where it is irrational.
static_assert(!Constant<decltype(exp(1_c))>);
static_assert(!Constant<decltype(sqrt(2_c))>);
static_assert(!Constant<decltype(pow<1, 2>(2_c))>);

// e - e = 0 and e + e = 2*e, also for products in another order (like terms).
static_assert(is_v<decltype(x - x), constant<0>>);
static_assert(is_v<decltype(sin(x) - sin(x)), constant<0>>);
static_assert(is_v<decltype(x * y - y * x), constant<0>>);
static_assert(is_v<decltype(x + x), node<mul_op, constant<2>, x_t>>);
static_assert(is_v<decltype(sin(x) + sin(x)), node<mul_op, constant<2>, decltype(sin(x))>>);
static_assert(is_v<decltype(2_c * x + 3_c * x), node<mul_op, constant<5>, x_t>>);
static_assert(is_v<decltype(2_c * x - 3_c * x), node<neg_op, x_t>>);
static_assert(is_v<decltype(x * y + y * x), decltype(2_c * (x * y))>);
static_assert(is_v<decltype(x + y - x), y_t>);
// k*(p ± q) and -(p + q) are expanded when that brings like terms together, and only then.
static_assert(is_v<decltype(2_c * (x + y) - 2_c * x), node<mul_op, constant<2>, y_t>>);
static_assert(to_static_string(x + 3_c * (y - x)) == "-2*x + 3*y");
static_assert(is_v<decltype(-(x + y) + x), node<neg_op, y_t>>);
static_assert(to_static_string(w + 2_c * (x + y) - 2_c * y) == "w + 2*(x + y) - 2*y");
// sum_of adds as a balanced tree, (x + y) + (b1 + w), printed without parentheses; like terms are
// collected as with +, across the tree's branches too.
static_assert(is_v<decltype(sum_of(x, y, b1, w)),
                   node<add_op, node<add_op, x_t, y_t>, node<add_op, var<"b1">, var<"w">>>>);
static_assert(to_static_string(sum_of(x, y, b1, w)) == "x + y + b1 + w");
static_assert(to_static_string(sum_of(x, y, x, y)) == "2*x + 2*y");
static_assert(to_static_string(sum_of(x, 2_c * y, b1, 3_c * x, y)) == "4*x + 3*y + b1");
static_assert(sum_of(x, y, 1.5)(x = 1.0, y = 2.0) == 4.5);
// A like term is searched among the last 16 terms of a sum (a bounded search keeps long sums
// cheap to compile): x is found 16 terms back, not 17.
template <std::size_t... I>
constexpr auto sum_of_powers(std::index_sequence<I...>) {
  return (... + pow<I + 2>(y));
}
static_assert(to_static_string(x + sum_of_powers(std::make_index_sequence<15>{}) + x)
                  .view()
                  .starts_with("2*x + "));
static_assert(to_static_string(x + sum_of_powers(std::make_index_sequence<16>{}) + x)
                  .view()
                  .starts_with("x + y^2"));
// Runtime numbers are never matched: x*2.5 - x*3.5 is not 0, and its value is exact.
static_assert(!Constant<decltype(x * 2.5 - x * 3.5)>);
static_assert((x * 2.5 - x * 3.5)(x = 2.0) == -2.0);
static_assert((x * 2.5 + x * 2.5)(x = 2.0) == 10.0);

// e*e = e^2 and e^m * e^n = e^(m+n) for positive integers m, n; (e^m)^n = e^(mn).
static_assert(is_v<decltype(x * x), node<power_op<2, 1>, x_t>>);
static_assert(is_v<decltype(sin(x) * sin(x)), node<power_op<2, 1>, decltype(sin(x))>>);
static_assert(is_v<decltype(pow<2>(x) * pow<3>(x)), node<power_op<5, 1>, x_t>>);
static_assert(is_v<decltype(x * pow<2>(x)), node<power_op<3, 1>, x_t>>);
static_assert(is_v<decltype(pow<3>(pow<2>(x))), node<power_op<6, 1>, x_t>>);
// ... but x^(-1) * x is not 1: it is NaN at 0.
static_assert(!Constant<decltype(pow<-1>(x) * x)>);

// Signs: -(-e) = e, a + -b = a - b, a - -b = a + b, -(a - b) = b - a, (-a)*b = -(a*b),
// (-a)^2 = a^2, (-a)^3 = -(a^3), constants go left and combine.
static_assert(is_v<decltype(-(-x)), x_t>);
static_assert(is_v<decltype(-(-sin(x))), decltype(sin(x))>);
static_assert(is_v<decltype(x + -y), node<sub_op, x_t, y_t>>);
static_assert(is_v<decltype(x - -y), node<add_op, x_t, y_t>>);
static_assert(is_v<decltype(-(x - y)), node<sub_op, y_t, x_t>>);
static_assert(is_v<decltype(-x * y), node<neg_op, node<mul_op, x_t, y_t>>>);
static_assert(is_v<decltype(x * -y), node<neg_op, node<mul_op, x_t, y_t>>>);
static_assert(is_v<decltype(-x / y), node<neg_op, node<div_op, x_t, y_t>>>);
static_assert(is_v<decltype(pow<2>(-x)), node<power_op<2, 1>, x_t>>);
static_assert(is_v<decltype(pow<3>(-x)), node<neg_op, node<power_op<3, 1>, x_t>>>);
static_assert(is_v<decltype(x * 3_c), node<mul_op, constant<3>, x_t>>);
static_assert(is_v<decltype(2_c * (3_c * x)), node<mul_op, constant<6>, x_t>>);
static_assert(is_v<decltype(-(2_c * x)), node<mul_op, constant<-2>, x_t>>);
static_assert(is_v<decltype(y * (2_c * x)), node<mul_op, constant<2>, node<mul_op, y_t, x_t>>>);

// x/x is kept: it is NaN at 0, as in PyTorch (0/0 is not a constant expression: the NaN is
// checked in tests/runtime/binary_test.cpp).
static_assert(is_v<decltype(x / x), node<div_op, x_t, x_t>>);
static_assert((x / x)(x = 3.0) == 1.0);

// A constant exponent makes a constant power: pow(x, 2_c) is pow<2>(x) is square(x).
static_assert(is_v<decltype(pow(x, 2_c)), decltype(pow<2>(x))>);
static_assert(is_v<decltype(square(x)), node<power_op<2, 1>, x_t>>);
static_assert(is_v<decltype(pow(x, c<1, 2>)), node<power_op<1, 2>, x_t>>);
static_assert(is_v<decltype(pow<2, 4>(x)), node<power_op<1, 2>, x_t>>);
static_assert(is_v<decltype(pow(x, y)), node<pow_op, x_t, y_t>>);
// sqrt(x) and x^(1/2) are different nodes (they print differently).
static_assert(!is_v<decltype(sqrt(x)), decltype(pow<1, 2>(x))>);

// ---------------------------------------------------------------------------------------------
// An expression object holds its runtime numbers and nothing else: the types of its leaves and
// nodes are empty and share the addresses of the numbers (a common base class of all expressions
// made each level of nesting 4 bytes larger).

static_assert(std::is_empty_v<decltype(square(sin(x) * y - exp(x)))>);
static_assert(sizeof(100 * square(square(x) - y) + square(1 - x)) == 2 * sizeof(int));
static_assert(sizeof(value_and_grad(100 * square(square(x) - y) + square(1 - x), x, y))
              == 2 * sizeof(int));

// ---------------------------------------------------------------------------------------------
// Evaluation: values and value types.

static_assert((x * w1)(x = 3.0, w1 = 2.0) == 6.0);
static_assert(pow<3>(x)(x = -2.0) == -8.0);
static_assert(pow<-1>(x)(x = 4.0) == 0.25);
static_assert(pow<1, 2>(x)(x = 2.25) == 1.5);
static_assert(sqrt(x)(x = 2.25) == 1.5);
static_assert(abs(x)(x = -2.5) == 2.5);
static_assert(relu(x)(x = -2.5) == 0.0 && relu(x)(x = 2.5) == 2.5);
static_assert(sign(x)(x = -2.5) == -1.0 && sign(x)(x = 0.0) == 0.0 && sign(x)(x = 0.5) == 1.0);
static_assert(heaviside(x)(x = 0.0) == 0.0 && heaviside(x)(x = 1e-300) == 1.0);
static_assert(exp(x)(x = 0.0) == 1.0 && log(x)(x = 1.0) == 0.0 && sin(x)(x = 0.0) == 0.0);
static_assert(sigmoid(x)(x = 0.0) == 0.5 && tanh(x)(x = 0.0) == 0.0);
static_assert(pow(x, y)(x = 2.0, y = 10.0) == 1024.0);
static_assert(c<1, 4>() == 0.25);  // no variable: computes in double
static_assert((x * 2.5)(x = 2.0) == 5.0);
// Reusable bindings; variables that do not occur may be bound too.
constexpr auto env = bind(y = 3.0, x = 2.0);
static_assert((x - y)(env) == -1.0 && (y - x)(env) == 1.0 && (x * 2_c)(env) == 4.0);
// PyTorch's conventions at non-smooth points, in constant expressions too.
static_assert(d(abs(x), x)(x = 0.0) == 0.0 && grad(abs(x), x)(x = 0.0) == 0.0);
static_assert(d(relu(x), x)(x = 0.0) == 0.0 && grad(relu(x), x)(x = 0.0) == 0.0);
static_assert(d(relu(x), x)(x = 2.0) == 1.0 && d(abs(x), x)(x = -2.0) == -1.0);
static_assert(d(sqrt(x), x)(x = 4.0) == 0.25 && grad(sqrt(x), x)(x = 4.0) == 0.25);
static_assert(grad(exp(x) * sin(x), x)(x = 0.0) == 1.0);
static_assert(value_and_grad(log(x), x)(x = 1.0) == std::pair{0.0, 1.0});

// Float bindings compute in float, integers in double, mixed float and double in double.
static_assert(std::is_same_v<decltype((x * w1)(x = 1.0f, w1 = 2.0f)), float>);
static_assert(std::is_same_v<decltype((x * w1)(x = 1.0, w1 = 2.0)), double>);
static_assert(std::is_same_v<decltype((x * w1)(x = 1.0f, w1 = 2.0)), double>);
static_assert(std::is_same_v<decltype((x * w1)(x = 1, w1 = 2)), double>);
static_assert(std::is_same_v<decltype((x * w1)(x = 1.0L, w1 = 2.0L)), long double>);
static_assert(std::is_same_v<decltype(exp(x)(x = 1.0f)), float>);
// A literal takes the value type of the evaluation; an unused binding does not count.
static_assert(std::is_same_v<decltype((x * 2.5)(x = 1.0f)), float>);
static_assert(std::is_same_v<decltype((x * 2.5f)(x = 1.0)), double>);
static_assert(std::is_same_v<decltype(x(x = 1.0f, y = 2.0)), float>);
static_assert(std::is_same_v<decltype(grad(x * w1, w1)(x = 1.0f, w1 = 2.0f)), float>);
static_assert(
    std::is_same_v<decltype(grad(x * w1, x, w1)(x = 1.0f, w1 = 2.0f)), std::tuple<float, float>>);
static_assert(
    std::is_same_v<decltype(value_and_grad(mse, w)(x = 1.0f, w = 2.0f)), std::pair<float, float>>);
static_assert(mse(x = 1.0f, w = 2.0f) == 1.0f);
static_assert(value_and_grad(mse, w)(x = 1.0f, w = 2.0f) == std::pair{1.0f, 2.0f});
// ... and numbers give numbers of their own type.
static_assert(std::is_same_v<decltype(ctgrad::sin(1.0f)), float>);
static_assert(std::is_same_v<decltype(ctgrad::sin(1.0)), double>);
static_assert(std::is_same_v<decltype(ctgrad::sin(1)), double>);
static_assert(std::is_same_v<decltype(ctgrad::pow<3>(2.0f)), float>);
static_assert(ctgrad::pow<3>(2.0f) == 8.0f && ctgrad::square(-3.0) == 9.0);
static_assert(2_c * 1.5 == 3.0 && std::is_same_v<decltype(2_c * 1.5), double>);

// ---------------------------------------------------------------------------------------------
// Concepts and misuses rejected by overload resolution.

static_assert(Expression<decltype(x)> && Expression<decltype(sin(x) * 2.5)>);
static_assert(Expression<constant<1, 2>> && !Expression<double>);
static_assert(Variable<decltype(x)> && !Variable<decltype(x * y)> && !Variable<constant<1>>);
static_assert(Constant<decltype(2_c)> && !Constant<decltype(x)>);
static_assert(Binding<decltype(x = 1.0)> && !Binding<double>);

template <class F, class... V>
concept differentiable = requires(const F& f, const V&... v) {
  d(f, v...);
};
template <class F, class... V>
concept has_grad = requires(const F& f, const V&... v) {
  grad(f, v...);
};
template <class F, class... V>
concept has_value_and_grad = requires(const F& f, const V&... v) {
  value_and_grad(f, v...);
};
template <class V, class T>
concept bindable = requires(const V& v, const T& t) {
  v = t;
};
template <class A, class B>
concept multipliable = requires(const A& a, const B& b) {
  a* b;
};
template <class A>
concept has_sin = requires(const A& a) {
  ctgrad::sin(a);
};

static_assert(differentiable<x_t, x_t> && differentiable<decltype(x * y), y_t>);
static_assert(!differentiable<x_t>);  // no target
// A number is an expression folded to a number ((x - x) * 2.5): a constant, whose derivatives
// are 0 (tests/runtime/folding_test.cpp). Strings and bools are not.
static_assert(differentiable<double, x_t> && differentiable<float, x_t>);
static_assert(!differentiable<std::string, x_t> && !differentiable<bool, x_t>);
static_assert(!has_grad<x_t> && has_grad<double, x_t> && !has_grad<bool, x_t>);
static_assert(!has_value_and_grad<x_t> && has_value_and_grad<double, x_t>);
static_assert(bindable<x_t, double> && bindable<x_t, float> && bindable<x_t, int>);
static_assert(!bindable<x_t, bool> && !bindable<x_t, std::string>);
static_assert(multipliable<x_t, double> && !multipliable<x_t, bool>);
static_assert(!multipliable<x_t, std::string>);
static_assert(has_sin<double> && has_sin<x_t> && !has_sin<bool>);

// ---------------------------------------------------------------------------------------------
// to_static_string: the text at compile time.

static_assert(to_static_string(x + x) == "2*x");
static_assert(to_static_string(x * y - y * x) == "0");
static_assert(to_static_string(pow(x + 1_c, y)) == "(x + 1)^y");
static_assert(to_static_string(-(x + y)) == "-(x + y)");
static_assert(to_static_string(x / (y * w)) == "x/(y*w)");
static_assert(to_static_string(c<-3, 4>) == "-3/4");
static_assert(to_static_latex(sqrt(x) / abs(y)) == "\\frac{\\sqrt{x}}{\\left|y\\right|}");
static_assert(to_static_string(x).size() == 1 && to_static_string(sin(x)).view() == "sin(x)");

// ---------------------------------------------------------------------------------------------
// let: a named subexpression, computed once; its values and derivatives are those of the tree.
// With integer inputs every number below is exact, so the shared and the written-out forms agree
// exactly, whatever the order of the sums.

constexpr auto shared_u = let<"u">(x * y + x);
constexpr auto with_let = square(shared_u) + 3_c * shared_u * y;
constexpr auto written_out = square(x * y + x) + 3_c * (x * y + x) * y;
static_assert(with_let(x = 2.0, y = 3.0) == written_out(x = 2.0, y = 3.0));
static_assert(value_and_grad(with_let, x, y)(x = 2.0, y = 3.0)
              == value_and_grad(written_out, x, y)(x = 2.0, y = 3.0));
static_assert(d(with_let, x, y)(x = 2.0, y = 3.0) == d(written_out, x, y)(x = 2.0, y = 3.0));
static_assert(to_static_string(with_let) == "u^2 + 3*u*y");
static_assert(to_static_string(d(with_let, y)) == "2*x*u + 3*(x*y + u)");
// let of a leaf is the leaf; lets inside lets are listed inner first.
static_assert(std::is_same_v<decltype(let<"v">(x)), var<"x">>);
static_assert(
    detail::lets_v<
        decltype(let<"v">(shared_u * x)
                 + shared_u)> == hana::tuple_t<std::remove_cvref_t<decltype(shared_u)>, std::remove_cvref_t<decltype(let<"v">(shared_u * x))>>);

}  // namespace ctgrad_test_core_static
