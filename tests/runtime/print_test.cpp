#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <limits>
#include <sstream>
#include <string>
#include <string_view>

// Printing: to_string, to_latex and operator<< with minimal parentheses, LaTeX forms (\frac,
// \sqrt{}, \left|...\right|, subscripts), runtime literals and rational constants. For expressions
// without runtime numbers, to_static_string and to_static_latex must print the same text at
// compile time. Every expected string below was checked by hand to denote the formula built, with
// the usual precedence (^ over unary minus over * and / over + and -, * / + - left-associative).

namespace test_print {

using namespace ctgrad;

constexpr var<"a"> a;
constexpr var<"b"> b;
constexpr var<"c"> c_;  // `c` is ctgrad's constant template
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"z"> z;

// check_print(e, plain, latex): the runtime printers.
template <class E>
void check_print(const E& e, std::string_view plain, std::string_view latex) {
  BOOST_TEST(to_string(e) == plain);
  BOOST_TEST(to_latex(e) == latex);
  std::ostringstream stream;
  stream << e;
  BOOST_TEST(stream.str() == plain);
}

// check_static_print(e, plain, latex): the runtime printers and the compile-time ones agree.
template <class E>
void check_static_print(const E& e, std::string_view plain, std::string_view latex) {
  check_print(e, plain, latex);
  constexpr auto static_plain = to_static_string(E{});
  constexpr auto static_latex = to_static_latex(E{});
  BOOST_TEST(static_plain.view() == plain);
  BOOST_TEST(static_latex.view() == latex);
}

}  // namespace test_print

using namespace test_print;

BOOST_AUTO_TEST_SUITE(print)

BOOST_AUTO_TEST_CASE(sums_and_products) {
  check_static_print(a - (b + c_), "a - (b + c)", "a - \\left(b + c\\right)");
  check_static_print(a - (b - c_), "a - (b - c)", "a - \\left(b - c\\right)");
  check_static_print(a - b - c_, "a - b - c", "a - b - c");
  check_static_print(a + (b + c_), "a + b + c", "a + b + c");
  check_static_print((a + b) * c_, "(a + b)*c", "\\left(a + b\\right) \\cdot c");
  check_static_print(a * (b + c_), "a*(b + c)", "a \\cdot \\left(b + c\\right)");
  check_static_print(a * (b - c_), "a*(b - c)", "a \\cdot \\left(b - c\\right)");
  check_static_print(a + b * c_, "a + b*c", "a + b \\cdot c");
  check_static_print(a * b - c_, "a*b - c", "a \\cdot b - c");
  check_static_print(a * (b * c_), "a*b*c", "a \\cdot b \\cdot c");
}

BOOST_AUTO_TEST_CASE(unary_minus) {
  check_static_print(-(a + b), "-(a + b)", "-\\left(a + b\\right)");
  check_static_print(-a + b, "-a + b", "-a + b");
  check_static_print(-a - b, "-a - b", "-a - b");
  check_static_print(-(a * b), "-a*b", "-a \\cdot b");  // -(a*b) = (-a)*b
  check_static_print(-(a / b), "-a/b", "-\\frac{a}{b}");
  check_static_print(-sin(x), "-sin(x)", "-\\sin\\left(x\\right)");
  check_static_print(exp(-x), "exp(-x)", "\\exp\\left(-x\\right)");
  check_static_print(-pow(x, y), "-x^y", "-x^{y}");  // -(x^y)
}

BOOST_AUTO_TEST_CASE(powers) {
  check_static_print(-pow<2>(x), "-x^2", "-x^{2}");
  check_static_print(pow<2>(-x), "x^2", "x^{2}");    // (-x)^2 = x^2
  check_static_print(pow<3>(-x), "-x^3", "-x^{3}");  // (-x)^3 = -(x^3)
  check_static_print(pow<1, 2>(-x), "(-x)^(1/2)", "\\left(-x\\right)^{\\frac{1}{2}}");
  check_static_print(pow(-x, y), "(-x)^y", "\\left(-x\\right)^{y}");
  check_static_print(pow<1, 2>(x), "x^(1/2)", "x^{\\frac{1}{2}}");
  check_static_print(pow(x, c<1, 2>), "x^(1/2)", "x^{\\frac{1}{2}}");
  check_static_print(pow<-1>(x), "x^(-1)", "x^{-1}");
  check_static_print(pow<-3, 2>(x), "x^(-3/2)", "x^{-\\frac{3}{2}}");
  check_static_print(pow(x, y), "x^y", "x^{y}");
  check_static_print(pow(x + 1_c, y), "(x + 1)^y", "\\left(x + 1\\right)^{y}");
  check_static_print(pow(x, y + 1_c), "x^(y + 1)", "x^{y + 1}");
  check_static_print(pow(x, -y), "x^(-y)", "x^{-y}");
  check_static_print(pow(x, y * z), "x^(y*z)", "x^{y \\cdot z}");
  check_static_print(pow(x, pow<2>(y)), "x^(y^2)", "x^{y^{2}}");
  check_static_print(pow(pow(x, y), z), "(x^y)^z", "\\left(x^{y}\\right)^{z}");
  check_static_print(pow<2>(pow(x, y)), "(x^y)^2", "\\left(x^{y}\\right)^{2}");
  check_static_print(pow<2>(x * y), "(x*y)^2", "\\left(x \\cdot y\\right)^{2}");
  check_static_print(pow<2>(x / y), "(x/y)^2", "\\left(\\frac{x}{y}\\right)^{2}");
  check_static_print(pow<-1>(a + b), "(a + b)^(-1)", "\\left(a + b\\right)^{-1}");
}

BOOST_AUTO_TEST_CASE(quotients) {
  check_static_print(a / b, "a/b", "\\frac{a}{b}");
  check_static_print(a / (b * c_), "a/(b*c)", "\\frac{a}{b \\cdot c}");
  check_static_print(a / b * c_, "a/b*c", "\\frac{a}{b} \\cdot c");
  check_static_print(a / b / c_, "a/b/c", "\\frac{\\frac{a}{b}}{c}");
  check_static_print(a / (b / c_), "a/(b/c)", "\\frac{a}{\\frac{b}{c}}");
  check_static_print(a * b / c_, "a*b/c", "\\frac{a \\cdot b}{c}");
  check_static_print(a / (b + c_), "a/(b + c)", "\\frac{a}{b + c}");
  check_static_print((a + b) / c_, "(a + b)/c", "\\frac{a + b}{c}");
  check_static_print(a * b / (c_ * x), "a*b/(c*x)", "\\frac{a \\cdot b}{c \\cdot x}");
  check_static_print(a - b / c_, "a - b/c", "a - \\frac{b}{c}");
}

BOOST_AUTO_TEST_CASE(functions) {
  check_static_print(pow<2>(sin(x)), "sin(x)^2", "\\sin\\left(x\\right)^{2}");
  check_static_print(sin(pow<2>(x)), "sin(x^2)", "\\sin\\left(x^{2}\\right)");
  check_static_print(cos(x + y), "cos(x + y)", "\\cos\\left(x + y\\right)");
  check_static_print(sqrt(x), "sqrt(x)", "\\sqrt{x}");
  check_static_print(sqrt(x + y), "sqrt(x + y)", "\\sqrt{x + y}");
  check_static_print(pow<2>(sqrt(x)), "sqrt(x)^2", "\\sqrt{x}^{2}");
  check_static_print(x * sqrt(y), "x*sqrt(y)", "x \\cdot \\sqrt{y}");
  check_static_print(abs(x), "abs(x)", "\\left|x\\right|");
  check_static_print(abs(x - y), "abs(x - y)", "\\left|x - y\\right|");
  check_static_print(pow<2>(abs(x)), "abs(x)^2", "\\left|x\\right|^{2}");
  check_static_print(exp(x), "exp(x)", "\\exp\\left(x\\right)");
  check_static_print(log(x * y), "log(x*y)", "\\log\\left(x \\cdot y\\right)");
  check_static_print(tan(x), "tan(x)", "\\tan\\left(x\\right)");
  check_static_print(tanh(x), "tanh(x)", "\\tanh\\left(x\\right)");
  check_static_print(sigmoid(x), "sigmoid(x)", "\\sigma\\left(x\\right)");
  check_static_print(relu(x), "relu(x)", "\\operatorname{relu}\\left(x\\right)");
  check_static_print(sign(x), "sign(x)", "\\operatorname{sign}\\left(x\\right)");
  check_static_print(heaviside(x), "heaviside(x)", "H\\left(x\\right)");
  check_static_print(sin(x) / cos(x), "sin(x)/cos(x)",
                     "\\frac{\\sin\\left(x\\right)}{\\cos\\left(x\\right)}");
}

BOOST_AUTO_TEST_CASE(subscripts) {
  constexpr var<"w2"> w2;
  constexpr var<"w12"> w12;
  constexpr var<"x1y"> x1y;
  check_static_print(w2 * x, "w2*x", "w_{2} \\cdot x");
  check_static_print(w12 + x1y, "w12 + x1y", "w_{12} + x1y");
  check_static_print(pow<2>(w2), "w2^2", "w_{2}^{2}");
}

BOOST_AUTO_TEST_CASE(rational_constants) {
  check_static_print(c<-3, 4>, "-3/4", "-\\frac{3}{4}");
  check_static_print(c<6, 4>, "3/2", "\\frac{3}{2}");
  check_static_print(2_c, "2", "2");
  check_static_print(c<1, 2> * x, "(1/2)*x", "\\frac{1}{2} \\cdot x");
  check_static_print(x * c<2, 3>, "(2/3)*x", "\\frac{2}{3} \\cdot x");  // constants go left
  check_static_print(c<-1, 2> * x, "(-1/2)*x", "-\\frac{1}{2} \\cdot x");
  check_static_print(x + c<1, 2>, "x + 1/2", "x + \\frac{1}{2}");
  check_static_print(x - c<1, 2>, "x - 1/2", "x - \\frac{1}{2}");
  check_static_print(x / c<1, 2>, "x/(1/2)", "\\frac{x}{\\frac{1}{2}}");
  check_static_print(x / 3_c, "x/3", "\\frac{x}{3}");
  check_static_print(3_c / x, "3/x", "\\frac{3}{x}");
  check_static_print(pow(c<1, 2>, x), "(1/2)^x", "\\left(\\frac{1}{2}\\right)^{x}");
  check_static_print(pow(c<-2>, x), "(-2)^x", "\\left(-2\\right)^{x}");
  check_static_print(pow<2>(c<1, 2> * x), "((1/2)*x)^2",
                     "\\left(\\frac{1}{2} \\cdot x\\right)^{2}");
  check_static_print(-2_c * x, "-2*x", "-2 \\cdot x");
}

BOOST_AUTO_TEST_CASE(runtime_literals) {
  // A literal keeps its place (constants move left, literals do not).
  check_print(x * 2.5, "x*2.5", "x \\cdot 2.5");
  check_print(2.5 * x, "2.5*x", "2.5 \\cdot x");
  check_print(x * -2.5, "x*(-2.5)", "x \\cdot \\left(-2.5\\right)");
  check_print(x + -2.5, "x + (-2.5)", "x + \\left(-2.5\\right)");
  check_print(x - 2.5, "x - 2.5", "x - 2.5");
  check_print(x - -2.5, "x - (-2.5)", "x - \\left(-2.5\\right)");
  check_print(-(x * 2.5), "-x*2.5", "-x \\cdot 2.5");
  check_print(pow<2>(x * 2.5), "(x*2.5)^2", "\\left(x \\cdot 2.5\\right)^{2}");
  check_print(pow(x, 2.5), "x^2.5", "x^{2.5}");
  check_print(pow(x, -2.5), "x^(-2.5)", "x^{-2.5}");
  check_print(pow(2.5, x), "2.5^x", "2.5^{x}");
  check_print(pow(-2.5, x), "(-2.5)^x", "\\left(-2.5\\right)^{x}");
  check_print(x / 2.5, "x/2.5", "\\frac{x}{2.5}");
  check_print(sin(x * 2.5), "sin(x*2.5)", "\\sin\\left(x \\cdot 2.5\\right)");
  // The shortest text that reads back as the same number, in the literal's own type.
  check_print(x * 0.1, "x*0.1", "x \\cdot 0.1");
  check_print(x * 0.1f, "x*0.1", "x \\cdot 0.1");
  check_print(x * 2.0, "x*2", "x \\cdot 2");
  check_print(x * (1.0 / 3), "x*0.3333333333333333", "x \\cdot 0.3333333333333333");
  check_print(x * 2, "x*2", "x \\cdot 2");
  check_print(x + -3, "x + (-3)", "x + \\left(-3\\right)");
  check_print(pow(x + 1.0, y), "(x + 1)^y", "\\left(x + 1\\right)^{y}");
}

BOOST_AUTO_TEST_CASE(derivatives) {
  // d's results print like any expression (their simplification is tested in tests/static).
  check_static_print(d(pow<2>(sin(x)), x), "2*cos(x)*sin(x)",
                     "2 \\cdot \\cos\\left(x\\right) \\cdot \\sin\\left(x\\right)");
  check_static_print(d(sqrt(x), x), "1/(2*sqrt(x))", "\\frac{1}{2 \\cdot \\sqrt{x}}");
  check_static_print(d(x / y, y), "-x/y/y", "-\\frac{\\frac{x}{y}}{y}");  // PyTorch's -(x/y)/y
  check_static_print(d(pow(x, y), y), "xlogy(x^y, x)",
                     "\\operatorname{xlogy}\\left(x^{y}, x\\right)");
  check_static_print(d(pow(x, y), x), "y*x^(y - 1)", "y \\cdot x^{y - 1}");
  check_print(d(x * 2.5 + y, x), "2.5", "2.5");
}

BOOST_AUTO_TEST_SUITE_END()
