// A custom operation: softplus(x) = log(1 + e^x), as torch.nn.functional.softplus (beta 1,
// threshold 20), defined outside the library as an operation tag with a name, apply and pullback
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
// softplus_op: log(1 + e^a), and a itself above 20, where they agree in double (PyTorch's
// threshold).
struct softplus_op {
  static constexpr auto name = "softplus";  // printed softplus(x)
  template <class T>
  static constexpr T apply(T a) {
    return a > T(20) ? a : math::log1p(math::exp(a));
  }
  // PyTorch's formula: grad * sigmoid(a), written with ctgrad's generic functions, so that the
  // same line gives d(softplus(x), x) as an expression and the reverse sweep's number.
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) { return g * sigmoid(a); }
};

// softplus(x): the function users call, on an expression, a number or a tensor value.
template <Operand E>
constexpr auto softplus(const E& x) {
  return detail::call<softplus_op>(x);
}
// [operation]

// [use]
constexpr var<"x"> x;
constexpr auto f = softplus(x);
static_assert(to_static_string(f) == "softplus(x)");
static_assert(to_static_string(d(f, x)) == "sigmoid(x)");
static_assert(to_static_string(d<2>(f, x)) == "(1 - sigmoid(x))*sigmoid(x)");
static_assert(grad(f, x)(x = 0.0) == 0.5);  // sigmoid(0), in constant evaluation

// On a tensor variable it applies element by element, in one fused loop with its derivative.
constexpr var<"v", shape<3>> v;
constexpr auto total = sum(softplus(v));
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
                           {"softplus", json(values)},
                           {"dsoftplus_dx", json(slopes)},
                           {"sum_grad", example::array({v_grad[0], v_grad[1], v_grad[2]})}})}})
              << '\n';
    return 0;
  }
  std::cout << "f            = " << f << "\n"
            << "d(f, x)      = " << d(f, x) << "\n"
            << "d<2>(f, x)   = " << d<2>(f, x) << "\n";
  // [latex]
  // to_latex: the derivative as LaTeX math, here
  // \left(1 - \sigma\left(x\right)\right) \cdot \sigma\left(x\right)
  std::cout << "d<2>(f, x) in LaTeX: " << to_latex(d<2>(f, x)) << "\n";
  // [latex]
  for (std::size_t i = 0; i < points.size(); ++i)
    std::cout << "  x = " << points[i] << ": softplus = " << values[i] << ", slope = " << slopes[i]
              << "\n";
  std::cout << "grad(sum(softplus(v)), v) at v = [-3, 0, 1.5]: [" << v_grad[0] << ", " << v_grad[1]
            << ", " << v_grad[2] << "]\n";
}
