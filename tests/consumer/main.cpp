// A consumer of ctgrad, built by both consumer projects: derives, checks at compile time, and
// evaluates at run time, in two translation units (other.cpp) that share an inline function.
#include "layer.hpp"

static_assert(ctgrad::to_static_string(ctgrad::d(consumer::x * consumer::w, consumer::w)) == "x");

int main() {
  const double here = consumer::slope(2.0, 0.0);  // sigmoid'(0) * x
  const double there = consumer::slope_elsewhere(2.0, 0.0);
  return here == 0.5 && there == here ? 0 : 1;
}
