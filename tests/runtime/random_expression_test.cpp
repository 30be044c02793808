#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

// Property-based test: random expression trees of x and y, seeded and reproducible, over the
// elementwise operations and the simplifier's corners (x - x, 0 * e, e / e, a runtime number times
// a folded zero, constant and expression exponents, nested powers). The trees are types, built at
// compile time by gen<Seed, Depth>; tests/reference/make_reference.py builds the same trees from
// the same numbers (SplitMix64's finalizer and one table of kinds) and records, at a point drawn
// the same way, PyTorch's value, gradient and second derivatives (key `random_expressions`). Each
// tree's text, written by both generators, must match, so the two sides are the same functions.
// Checked to 1e-10 relative (an absolute 1e-12 for values that vanish): f, d(f, x), d(f, y),
// d<2>(f, x), d(f, x, y), d(f, y, x), d<2>(f, y), grad(f, x, y) and hessian(f, x, y); and, where
// no kink is in the tree, d(f, x) and d(f, y) against central differences.

namespace {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::reference;

constexpr var<"x"> x;
constexpr var<"y"> y;

constexpr double rel_tol = 1e-10;
constexpr double abs_tol = 1e-12;

// mix(s): SplitMix64's output function of s + the golden gamma (make_reference.py: mix).
constexpr std::uint64_t mix(std::uint64_t s) {
  std::uint64_t z = s + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A tree: the expression, its text in the generators' own prefix notation, and whether it has a
// kink (relu, abs, maximum, minimum, where) where central differences do not apply.
template <class E>
struct tree {
  E e;
  std::string text;
  bool kink;
};
template <class E>
tree(E, std::string, bool) -> tree<E>;

// The kinds of node, in make_reference.py's order (random_unary, then random_binary).
constexpr std::uint64_t unary_kinds = 42;
constexpr std::uint64_t kinds = 52;

template <std::uint64_t Seed, int Depth>
auto gen() {
  constexpr std::uint64_t r = mix(Seed);
  constexpr std::uint64_t kind = (r >> 8) % kinds;
  if constexpr (Depth == 0 || r % 4 == 0) {
    constexpr std::uint64_t leaf = (r >> 8) % 5;
    if constexpr (leaf == 0 || leaf == 1)
      return tree{x, std::string("x"), false};
    else if constexpr (leaf == 2 || leaf == 3)
      return tree{y, std::string("y"), false};
    else
      return tree{c<3, 2>, std::string("3/2"), false};
  } else {
    const auto a = gen<mix(r ^ 1), Depth - 1>();
    const auto one = [&](const char* name, const auto& e, bool kink = false) {
      return tree{e, std::string(name) + "(" + a.text + ")", kink || a.kink};
    };
    if constexpr (kind < 21) {  // the unary kinds, in two chains of if constexpr
      if constexpr (kind == 0)
        return one("neg", -a.e);
      else if constexpr (kind == 1)
        return one("sin", sin(a.e));
      else if constexpr (kind == 2)
        return one("cos", cos(a.e));
      else if constexpr (kind == 3)
        return one("tanh", tanh(a.e));
      else if constexpr (kind == 4)
        return one("sigmoid", sigmoid(a.e));
      else if constexpr (kind == 5)
        return one("atan", atan(a.e));
      else if constexpr (kind == 6)
        return one("erf", erf(a.e));
      else if constexpr (kind == 7)
        return one("softplus", softplus(a.e));
      else if constexpr (kind == 8)
        return one("exp", exp(a.e));
      else if constexpr (kind == 9)
        return one("log1psq", log1p(square(a.e)));
      else if constexpr (kind == 10)
        return one("cube", pow<3>(a.e));
      else if constexpr (kind == 11)
        return one("nestedpow", pow<2>(pow<3>(a.e)));
      else if constexpr (kind == 12)
        return one("relu", relu(a.e), true);
      else if constexpr (kind == 13)
        return one("abs", abs(a.e), true);
      else if constexpr (kind == 14)
        return one("selfsub", a.e - a.e);
      else if constexpr (kind == 15)
        return one("zeromul", 0_c * a.e);
      else if constexpr (kind == 16)
        return one("selfdiv", a.e / a.e);
      else if constexpr (kind == 17)
        return one("litmul", a.e * -4.0);
      else if constexpr (kind == 18)
        return one("sqrtsq", pow(square(a.e) + 1_c, c<1, 2>));
      else if constexpr (kind == 19)
        return one("gelu", gelu(a.e));
      else
        return one("asinh", asinh(a.e));
    } else if constexpr (kind < unary_kinds) {
      if constexpr (kind == 21)
        return one("erfc", erfc(a.e));
      else if constexpr (kind == 22)
        return one("exp2", exp2(a.e));
      else if constexpr (kind == 23)
        return one("log2sq", log2(square(a.e) + 1_c));
      else if constexpr (kind == 24)
        return one("log10sq", log10(square(a.e) + 1_c));
      else if constexpr (kind == 25)
        return one("sinh", sinh(a.e));
      else if constexpr (kind == 26)
        return one("cosh", cosh(a.e));
      else if constexpr (kind == 27)
        return one("acoshsq", acosh(square(a.e) + 2_c));
      else if constexpr (kind == 28)
        return one("atanhhalf", atanh(c<1, 2> * tanh(a.e)));
      else if constexpr (kind == 29)
        return one("asinhalf", asin(c<1, 2> * tanh(a.e)));
      else if constexpr (kind == 30)
        return one("acossig", acos(sigmoid(a.e)));
      else if constexpr (kind == 31)
        return one("silu", silu(a.e));
      else if constexpr (kind == 32)
        return one("logsigmoid", logsigmoid(a.e));
      else if constexpr (kind == 33)
        return one("elu", elu(a.e), true);
      else if constexpr (kind == 34)
        return one("selu", selu(a.e), true);
      else if constexpr (kind == 35)
        return one("leakyrelu", leaky_relu(a.e), true);
      else if constexpr (kind == 36)
        return one("hardtanh", hardtanh(a.e), true);
      else if constexpr (kind == 37)
        return one("mish", mish(a.e));
      else if constexpr (kind == 38)
        return one("gelutanh", gelu(a.e, tanh_approximation));
      else if constexpr (kind == 39)
        return one("expm1", expm1(a.e));
      else if constexpr (kind == 40)
        return one("sqrtop", sqrt(square(a.e) + 1_c));
      else
        return one("sq", square(a.e));
    } else {
      const auto b = gen<mix(r ^ 2), Depth - 1>();
      const auto two = [&](const char* name, const auto& e, bool kink = false) {
        return tree{e, std::string(name) + "(" + a.text + ", " + b.text + ")",
                    kink || a.kink || b.kink};
      };
      if constexpr (kind == 42)
        return two("add", a.e + b.e);
      else if constexpr (kind == 43)
        return two("sub", a.e - b.e);
      else if constexpr (kind == 44)
        return two("mul", a.e * b.e);
      else if constexpr (kind == 45)
        return two("div", a.e / (square(b.e) + 1_c));
      else if constexpr (kind == 46)
        return two("maximum", maximum(a.e, b.e), true);
      else if constexpr (kind == 47)
        return two("minimum", minimum(a.e, b.e), true);
      else if constexpr (kind == 48)
        return two("pow", pow(square(a.e) + 1_c, b.e));
      else if constexpr (kind == 49)
        return two("atan2", atan2(a.e, square(b.e) + 1_c));
      else if constexpr (kind == 50)
        return two("where", where(a.e > b.e, a.e * b.e, a.e - b.e), true);
      else
        return two("hypot", hypot(a.e, b.e));
    }
  }
}

// point(seed, k): coordinate k of the point a tree is checked at, in [-1.5, 1.5).
double point(std::uint64_t seed, std::uint64_t k) {
  return -1.5 + 3.0 * static_cast<double>(mix(mix(seed) + k) >> 11) * 0x1.0p-53;
}

constexpr int depth = 3;

template <std::uint64_t Seed>
void check_tree(const ctgrad::test::ptree& row) {
  const auto t = gen<Seed, depth>();
  const double px = point(Seed, 0);
  const double py = point(Seed, 1);
  BOOST_TEST_CONTEXT("seed " << Seed << ": " << t.text << " at x = " << px << ", y = " << py
                             << ", as " << t.e) {
    BOOST_TEST_REQUIRE(at(row, "text").data() == t.text);
    BOOST_TEST_REQUIRE(check_close(number(at(row, "x")), px, 0));
    const auto f = as_expression(t.e);
    const auto close = [&](double actual, const char* key) {
      BOOST_TEST(check_close(actual, number(at(row, key)), rel_tol, abs_tol), key);
    };
    close(f(x = px, y = py), "f");
    close(d(f, x)(x = px, y = py), "fx");
    close(d(f, y)(x = px, y = py), "fy");
    close(d<2>(f, x)(x = px, y = py), "fxx");
    close(d(f, x, y)(x = px, y = py), "fxy");
    close(d(f, y, x)(x = px, y = py), "fxy");
    close(d<2>(f, y)(x = px, y = py), "fyy");
    const auto [gx, gy] = grad(f, x, y)(x = px, y = py);
    close(gx, "fx");
    close(gy, "fy");
    const auto h = hessian(f, x, y)(x = px, y = py);
    close(h(0, 0), "fxx");
    close(h(0, 1), "fxy");
    close(h(1, 1), "fyy");
    if (!t.kink) {
      const double value = f(x = px, y = py);
      BOOST_TEST(check_close(d(f, x)(x = px, y = py),
                             central_difference([&](double v) { return f(x = v, y = py); }, px),
                             fd_rel_tol * 100, fd_abs_tol(value) * 100),
                 "d(f, x) against a central difference");
      BOOST_TEST(check_close(d(f, y)(x = px, y = py),
                             central_difference([&](double v) { return f(x = px, y = v); }, py),
                             fd_rel_tol * 100, fd_abs_tol(value) * 100),
                 "d(f, y) against a central difference");
    }
  }
}

template <std::uint64_t... Seed>
void check_trees(const ctgrad::test::ptree& rows, std::integer_sequence<std::uint64_t, Seed...>) {
  std::vector<const ctgrad::test::ptree*> row;
  for (const auto& [unused, r] : rows)
    row.push_back(&r);
  BOOST_TEST_REQUIRE(row.size() == sizeof...(Seed));
  (check_tree<Seed>(*row[Seed]), ...);
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_expressions_match_pytorch) {
  check_trees(at(reference(), "random_expressions"),
              std::make_integer_sequence<std::uint64_t, 80>{});
}
