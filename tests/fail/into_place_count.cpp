// Compile-fail test: into() takes one place per variable of the gradient; giving one place for a
// gradient by x and y is an error that says so.
// The positive twin gives two places.
// expect-error: ctgrad: into takes one place per variable of the gradient
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_into_place_count {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = x * y;

inline double run(double a, double b) {
  double dx = 0;
  double dy = 0;
#ifdef CTGRAD_NEGATIVE
  grad(f, x, y).into(dx)(x = a, y = b);
#else
  grad(f, x, y).into(dx, dy)(x = a, y = b);
#endif
  return dx + dy;
}

}  // namespace ctgrad_fail_into_place_count
