// Compile-fail test: a gradient function called with a binding of a variable that its function
// does not contain, here the misspelled `wieght`, is an error that names the binding (spelled
// variable_<'w', 'i', 'e', 'g', 'h', 't'> by both GCC and Clang). A bind(...) object may hold
// more, so that one object serves several expressions.
// The positive twin binds the function's variables, and passes a bind(...) object with one more.
// expect-error: variable_<'w', 'i', 'e', 'g', 'h', 't'>::is_a_variable_of_the_function
// expect-error: names a variable that the function does not contain
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_unknown_binding {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"weight"> weight;
constexpr var<"wieght"> wieght;
constexpr auto f = x * weight;

#ifdef CTGRAD_NEGATIVE
constexpr double slope = grad(f, weight)(x = 1.0, wieght = 2.0);
#else
constexpr double slope = grad(f, weight)(x = 1.5, weight = 2.0);
static_assert(slope == 1.5);
constexpr auto both = bind(x = 1.5, weight = 2.0, wieght = 3.0);
static_assert(grad(f, weight)(both) == 1.5);
#endif

}  // namespace ctgrad_fail_unknown_binding
