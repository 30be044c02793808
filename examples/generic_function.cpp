// A function template written once serves both worlds: called on numbers it computes a number,
// called on variables it builds an expression that ctgrad can differentiate.
// Run with --json for Himmelblau's value and gradient at reference.json's points.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <array>
#include <iostream>
#include <string>

namespace {

using namespace ctgrad;

// [generic]
// Himmelblau's function, which the PyTorch program of docs/optimizers.md minimises with Adam.
constexpr auto himmelblau(auto x, auto y) {
  return square(x * x + y - 11_c) + square(x + y * y - 7_c);
}

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = himmelblau(x, y);  // an expression type

static_assert(himmelblau(3.0, 2.0) == 0.0);  // a number
static_assert(f(x = 3.0, y = 2.0) == 0.0);   // the same value through the expression
static_assert(to_static_string(d(f, x)) == "4*x*(x^2 + y - 11) + 2*(x + y^2 - 7)");

constexpr auto value_and_gradient = value_and_grad(f, x, y)(x = 0.0, y = 0.0);
static_assert(value_and_gradient.first == 170.0);
static_assert(value_and_gradient.second == std::tuple{-14.0, -22.0});
// [generic]

}  // namespace

int main(int argc, char** argv) {
  if (example::wants_json(argc, argv)) {
    // The points of reference.json's himmelblau_grad, in double.
    constexpr std::array<std::array<double, 2>, 6> points{{{0.0, 0.0},
                                                           {3.0, 2.0},
                                                           {-1.0, 0.5},
                                                           {1.5, -2.25},
                                                           {-3.77931, -3.283186},
                                                           {-0.270845, -0.923039}}};
    std::string rows;
    for (const auto& [px, py] : points) {
      const auto [value, gradient] = value_and_grad(f, x, y)(x = px, y = py);
      const auto [dx, dy] = gradient;
      rows += (rows.empty() ? "" : ", ")
              + example::object({{"x", example::array({px, py})},
                                 {"f", example::number(value)},
                                 {"grad", example::array({dx, dy})}});
    }
    std::cout << example::object({{"himmelblau_grad", "[" + rows + "]"}}) << '\n';
    return 0;
  }
  std::cout << "f          = " << f << "\n"
            << "df/dx      = " << d(f, x) << "\n"
            << "df/dy      = " << d(f, y) << "\n"
            << "d2f/dxdy   = " << d(f, x, y) << "\n";
  for (const auto& [px, py] : {std::pair{0.0f, 0.0f}, {3.0f, 2.0f}, {-1.0f, 0.5f}}) {
    const auto [value, gradient] = value_and_grad(f, x, y)(x = px, y = py);
    const auto [dx, dy] = gradient;
    std::cout << "at (" << px << ", " << py << "): f = " << value
              << " (numbers: " << himmelblau(px, py) << "), gradient = (" << dx << ", " << dy
              << ")\n";
  }
}
