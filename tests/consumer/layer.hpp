// The expression and its gradient that both translation units of the consumer use: an inline
// function, so the two must agree on its instantiations (ctgrad's variable templates are not
// inline: see include/ctgrad/expression.hpp).
#pragma once
#include <ctgrad/ctgrad.hpp>

namespace consumer {
inline constexpr ctgrad::var<"x"> x;
inline constexpr ctgrad::var<"w"> w;
inline constexpr auto layer = ctgrad::sigmoid(x * w);

inline double slope(double at_x, double at_w) {
  return ctgrad::grad(layer, w)(x = at_x, w = at_w);
}

double slope_elsewhere(double at_x, double at_w);  // other.cpp
}  // namespace consumer
