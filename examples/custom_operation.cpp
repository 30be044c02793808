// A custom operation: softsign(x) = x / (1 + |x|), as torch.nn.functional.softsign, defined
// outside the library as an operation tag with a name, apply and pullback
// (include/ctgrad/operation.hpp, the protocol). d, grad, printing and the reverse sweep's fused
// loops then work on it as on the library's own operations.
// Run with --json for the values under reference.json's key names.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <array>
#include <iostream>

namespace {

using namespace ctgrad;

// [operation]
// softsign_op: a / (1 + |a|).
struct softsign_op {
  static constexpr auto name = "softsign";  // printed softsign(x)
  template <class T>
  static constexpr T apply(T a) {
    return a / (T(1) + math::abs(a));
  }
  // The derivative, 1 / (1 + |a|)^2, times grad, written with ctgrad's generic functions, so that
  // the same line gives d(softsign(x), x) as an expression and the reverse sweep's number.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g / square(c<1> + abs(a));
  }
};

// softsign(x): the function users call, on an expression, a number or a tensor value.
template <Operand E>
constexpr auto softsign(const E& x) {
  return detail::call<softsign_op>(x);
}
// [operation]

// [use]
constexpr var<"x"> x;
constexpr auto f = softsign(x);
static_assert(to_static_string(f) == "softsign(x)");
static_assert(to_static_string(d(f, x)) == "1/(1 + abs(x))^2");
static_assert(grad(f, x)(x = 1.0) == 0.25);  // in constant evaluation

// On a tensor variable it applies element by element, in one fused loop with its derivative.
constexpr var<"v", shape<3>> v;
constexpr auto total = sum(softsign(v));
// [use]

}  // namespace

int main(int argc, char** argv) {
  constexpr std::array points{-3.0, -0.5, 0.0, 1.5, 25.0};
  std::array<double, points.size()> values{}, slopes{};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [value, slope] = value_and_grad(f, x)(x = points[i]);
    values[i] = value;
    slopes[i] = slope;
  }
  const auto v_grad = grad(total, v)(v = std::array{-3.0, 0.0, 1.5});

  if (example::wants_json(argc, argv)) {
    const auto json = [](const auto& a) { return example::array({a[0], a[1], a[2], a[3], a[4]}); };
    std::cout << example::object(
        {{"custom_operation",
          example::object({{"x", json(points)},
                           {"softsign", json(values)},
                           {"dsoftsign_dx", json(slopes)},
                           {"sum_grad", example::array({v_grad[0], v_grad[1], v_grad[2]})}})}})
              << '\n';
    return 0;
  }
  std::cout << "f            = " << f << "\n"
            << "d(f, x)      = " << d(f, x) << "\n"
            << "d<2>(f, x)   = " << d<2>(f, x) << "\n";
  // [latex]
  // to_latex: the derivative as LaTeX math, here \frac{1}{\left(1 + \left|x\right|\right)^{2}}
  std::cout << "d(f, x) in LaTeX: " << to_latex(d(f, x)) << "\n";
  // [latex]
  for (std::size_t i = 0; i < points.size(); ++i)
    std::cout << "  x = " << points[i] << ": softsign = " << values[i] << ", slope = " << slopes[i]
              << "\n";
  std::cout << "grad(sum(softsign(v)), v) at v = [-3, 0, 1.5]: [" << v_grad[0] << ", " << v_grad[1]
            << ", " << v_grad[2] << "]\n";
}
