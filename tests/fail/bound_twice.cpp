// Compile-fail test: binding the same variable twice in one evaluation is an error that names
// the variable (spelled variable_<'x'> by both GCC and Clang).
// The positive twin binds each variable once.
// expect-error: variable_<'x'>::is_bound_only_once
// expect-error: a variable is bound more than once in the same call
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_bound_twice {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"w"> w;
constexpr auto f = x * w;

#ifdef CTGRAD_NEGATIVE
constexpr double value = f(x = 1.0, w = 2.0, x = 3.0);
#else
constexpr double value = f(x = 3.0, w = 2.0);
static_assert(value == 6.0);
#endif

}  // namespace ctgrad_fail_bound_twice
