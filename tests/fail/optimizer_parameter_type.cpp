// Compile-fail test: an optimizer updates floating-point parameters; an int is refused with a
// message that says what it takes.
// The positive twin gives it a float.
// expect-error: an optimizer updates param<T, Shape> objects, std::arrays of them, or plain
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_optimizer_parameter_type {

#ifdef CTGRAD_NEGATIVE
using value_type = int;
#else
using value_type = float;
#endif

inline void make() {
  value_type w = 1;
  ctgrad::adam optimizer({.lr = 0.1}, w);
  optimizer.step(value_type{1});
}

}  // namespace ctgrad_fail_optimizer_parameter_type
