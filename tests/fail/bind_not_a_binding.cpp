// Compile-fail test: bind() takes bindings `x = value`; a plain number is rejected with a message
// that says so (bind's pack is not constrained: Clang 14 limits constrained packs to 256
// arguments, and a gradient can have more variables than that).
// The positive twin binds a variable.
// expect-error: ctgrad: bind takes bindings `x = value`
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_bind_not_a_binding {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr auto f = 2_c * x;

#ifdef CTGRAD_NEGATIVE
constexpr auto values = bind(x = 1.0, 2.0);
#else
constexpr auto values = bind(x = 1.0);
#endif
static_assert(f(values) == 2.0);

}  // namespace ctgrad_fail_bind_not_a_binding
