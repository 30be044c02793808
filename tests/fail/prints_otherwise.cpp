// Compile-fail test: prints_as with a text the expression does not print fails with both texts
// spelled out (as text_<...> type arguments, which GCC and Clang both print in full).
// The positive twin checks the text the expression has.
// expect-error: ctgrad: the expression prints otherwise
// expect-error: text_<'w', '2'>
// expect-error: text_<'x', '[*]', 'w', '2'>
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_prints_otherwise {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"w2"> w2;
constexpr auto y = x * w2;

#ifdef CTGRAD_NEGATIVE
static_assert(prints_as<to_static_string(d(y, x)), "x*w2">);
#else
static_assert(prints_as<to_static_string(d(y, x)), "w2">);
#endif

}  // namespace ctgrad_fail_prints_otherwise
