// Compile-fail test: evaluating x*w with only x bound is an error that names the unbound
// variable w (spelled variable_<'w'> by both GCC and Clang).
// The positive twin binds both variables.
// expect-error: variable_<'w'>::is_bound
// expect-error: a variable of the expression is not bound
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_unbound_variable {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"w"> w;
constexpr auto f = x * w;

#ifdef CTGRAD_NEGATIVE
constexpr double value = f(x = 1.0);
#else
constexpr double value = f(x = 1.0, w = 2.0);
static_assert(value == 2.0);
#endif

}  // namespace ctgrad_fail_unbound_variable
