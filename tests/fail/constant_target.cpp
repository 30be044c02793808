// Compile-fail test: differentiating by a constant is an error, even by a constant that occurs
// in f (2 in 2*x).
// The positive twin differentiates by the variable.
// expect-error: cannot differentiate by a constant or a number
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_constant_target {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr auto f = 2_c * x;

#ifdef CTGRAD_NEGATIVE
constexpr auto df = d(f, 2_c);
#else
constexpr auto df = d(f, x);
static_assert(std::is_same_v<std::remove_const_t<decltype(df)>, constant<2>>);
static_assert(df(x = 1.0) == 2.0);
#endif

}  // namespace ctgrad_fail_constant_target
