// Himmelblau's function f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2, shared by bench_himmelblau
// and bench_himmelblau_adam: written once, it computes a value on numbers and builds the ctgrad
// expression bench::expr::f on variables.
#pragma once

#include <ctgrad/ctgrad.hpp>

namespace bench {

// himmelblau(x, y): a number from numbers, an expression from variables.
constexpr auto himmelblau(auto x, auto y) {
  using ctgrad::square;
  return square(square(x) + y - 11) + square(x + square(y) - 7);
}

namespace expr {
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = himmelblau(x, y);
}  // namespace expr

}  // namespace bench
