// Compile-fail test: plain values carry no gradient, so step() without gradients is refused with
// a message that says to pass them.
// The positive twin passes the gradient: step(gradient).
// expect-error: these parameters are plain values: pass their gradients, step\(gradients\.\.\.\)
#include <ctgrad/ctgrad.hpp>

#include <array>

namespace ctgrad_fail_optimizer_plain_step {

inline void make() {
  std::array<float, 2> w{1.0f, 2.0f};
  ctgrad::sgd optimizer({.lr = 0.1}, w);
#ifdef CTGRAD_NEGATIVE
  optimizer.step();
#else
  optimizer.step(std::array{0.5f, 0.5f});
#endif
}

}  // namespace ctgrad_fail_optimizer_plain_step
