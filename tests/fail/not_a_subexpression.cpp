// Compile-fail test: differentiating by an expression that is neither a variable nor a
// subexpression of f is an error. w*b does not occur in x*w + b (which is (x*w) + b).
// The positive twin differentiates by the subexpression x*w.
// expect-error: the target of differentiation is neither a variable nor a subexpression of f
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_not_a_subexpression {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"w"> w;
constexpr var<"b"> b;
constexpr auto f = x * w + b;

#ifdef CTGRAD_NEGATIVE
constexpr auto df = d(f, w* b);
#else
constexpr auto df = d(f, x* w);
static_assert(std::is_same_v<std::remove_const_t<decltype(df)>, constant<1>>);
static_assert(df(x = 1.0, w = 2.0, b = 3.0) == 1.0);
#endif

}  // namespace ctgrad_fail_not_a_subexpression
