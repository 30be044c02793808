// A consumer of ctgrad, built by both consumer projects: derives, checks at compile time, and
// evaluates at run time.
#include <ctgrad/ctgrad.hpp>

namespace {
constexpr ctgrad::var<"x"> x;
constexpr ctgrad::var<"w"> w;
constexpr auto layer = ctgrad::sigmoid(x * w);
static_assert(ctgrad::to_static_string(ctgrad::d(x * w, w)) == "x");
}  // namespace

int main() {
  const double slope = ctgrad::grad(layer, w)(x = 1.0, w = 0.0);
  return slope == 0.25 ? 0 : 1;  // sigmoid'(0) * x
}
