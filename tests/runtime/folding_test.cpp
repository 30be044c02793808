#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <cmath>
#include <string>
#include <tuple>
#include <type_traits>

// An expression whose operands all simplify to numbers folds to a plain number: (y - y) is 0_c,
// and 0_c times the runtime number -4.0 is a double. d, grad, value_and_grad, jacobian, hessian,
// backward, evaluate and printing take that number as the expression holding it, so generic code
// that builds such an expression still compiles and gets the derivatives of a constant.

namespace {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;

// folded(scale): the expressions of the trial that found the problem, each with a runtime number.
auto folded(double scale) {
  return std::tuple{relu((y - y) * (-scale)), (x - x) * scale, pow(exp(y - y), scale),
                    pow(1_c + exp(-(y - y) / 2_c), scale * 0.2)};
}

BOOST_AUTO_TEST_CASE(folded_expressions_are_numbers_that_differentiate_as_constants) {
  const auto [f1, f2, f3, f4] = folded(4.0);
  static_assert(std::is_same_v<std::remove_const_t<decltype(f1)>, double>);
  static_assert(std::is_same_v<std::remove_const_t<decltype(f4)>, double>);
  BOOST_TEST(evaluate(f1, x = 1.0, y = 2.0) == 0.0);
  BOOST_TEST(evaluate(f3, x = 1.0, y = 2.0) == 1.0);
  BOOST_TEST(evaluate(f4, x = 1.0) == std::pow(2.0, 0.8));
  const auto check = [](const auto& f) {
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(d(f, x))>, constant<0, 1>>);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(d<2>(f, x))>, constant<0, 1>>);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(d(f, x, y))>, constant<0, 1>>);
    const auto [gx, gy] = grad(f, x, y)(x = 1.0, y = 2.0);
    BOOST_TEST(gx == 0.0);
    BOOST_TEST(gy == 0.0);
    BOOST_TEST(grad(f, x)(x = 1.0f) == 0.0f);
    const auto [value, gradient] = value_and_grad(f, x)(x = 1.0);
    BOOST_TEST(value == double(f));
    BOOST_TEST(gradient == 0.0);
    const auto h = hessian(f, x, y)(x = 1.0, y = 2.0);
    BOOST_TEST((h[0] == 0.0 && h[1] == 0.0 && h[2] == 0.0 && h[3] == 0.0));
    BOOST_TEST(backward(f, x = 1.0) == double(f));
  };
  check(f1);
  check(f2);
  check(f3);
  check(f4);
  BOOST_TEST(to_string(f3) == "1");
  BOOST_TEST(to_string(f2) == to_string(literal<double>(f2)));
  BOOST_TEST(to_latex(f3) == to_latex(literal<double>(1.0)));
  // A folded number inside a larger expression is a literal there, as any number is.
  const auto g = x * f3 + f1;
  BOOST_TEST(d(g, x)(x = 3.0) == 1.0);
  BOOST_TEST(to_string(d(g, x)) == "1");
}

}  // namespace
