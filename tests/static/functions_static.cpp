// The functions of #29 (operations/special.hpp, trigonometric.hpp, hyperbolic.hpp and the new
// ones of elementary.hpp and activations.hpp) in constant evaluation: their derivatives are
// expression types that print as PyTorch's formulas, and static_assert checks their values
// (ctgrad::math computes them correctly rounded in constant evaluation, on GCC and Clang).
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_functions_static {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;

// The derivatives, printed.
static_assert(prints_as<to_static_string(d(atan(x), x)), "1/(x^2 + 1)">);
// (erf's derivative holds the runtime number 2 / sqrt(pi), so it has no to_static_string.)
static_assert(prints_as<to_static_string(d(atan2(y, x), x)), "-y/(y^2 + x^2)">);
static_assert(prints_as<to_static_string(d(hypot(x, y), x)), "x/hypot(x, y)">);
static_assert(prints_as<to_static_string(d(acosh(x), x)), "(x^2 - 1)^(-1/2)">);

// Constant folding at the points where the value is exact.
static_assert(std::is_same_v<std::remove_const_t<decltype(erf(0_c))>, constant<0>>);
static_assert(std::is_same_v<std::remove_const_t<decltype(erfc(0_c))>, constant<1>>);
static_assert(std::is_same_v<std::remove_const_t<decltype(cosh(0_c))>, constant<1>>);
static_assert(std::is_same_v<std::remove_const_t<decltype(log2(1_c))>, constant<0>>);
static_assert(std::is_same_v<std::remove_const_t<decltype(acos(1_c))>, constant<0>>);

// Values and derivatives in constant evaluation, exact where the formula's roundings are.
static_assert(d(atan(x), x)(x = 1.0) == 0.5);
static_assert(d(atan2(y, x), x)(x = 1.0, y = 1.0) == -0.5);
static_assert(d(atan2(y, x), y)(x = 1.0, y = 1.0) == 0.5);
static_assert(d(hypot(x, y), x)(x = 3.0, y = 4.0) == 0.6);
static_assert(hypot(x, y)(x = 3.0, y = 4.0) == 5.0);
static_assert(d(asinh(x), x)(x = 0.0) == 1.0);
static_assert(d(erf(x), x)(x = 0.0) == 1.1283791670955126);
static_assert(d(log2(x), x)(x = 1.0) == 1 / 0.6931471805599453);
static_assert(d(exp2(x), x)(x = 0.0) == 0.6931471805599453);
static_assert(log10(x)(x = 1000.0) == 3.0 && exp2(x)(x = 10.0) == 1024.0);
static_assert(4 * atan(x)(x = 1.0) == 3.141592653589793);
static_assert(d(sinh(x), x)(x = 0.0) == 1.0 && d(cosh(x), x)(x = 0.0) == 0.0);
static_assert(d<2>(atanh(x), x)(x = 0.0) == 0.0);
static_assert(d(gelu(x), x)(x = 0.0) == 0.5);

// Float stays float.
static_assert(std::is_same_v<decltype(d(erf(x), x)(x = 1.0f)), float>);
static_assert(std::is_same_v<decltype(atan2(y, x)(x = 1.0f, y = 2.0f)), float>);

}  // namespace ctgrad_functions_static
