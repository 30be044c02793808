// Compile-fail test: an operation whose pullback is misspelt (pulback) fails where it is made,
// make<Op>, with an error that names the operation and the argument lacking a pullback, rather
// than deep inside d or grad. The positive twin spells it right and differentiates it.
// expect-error: operation_<[a-z_:]*cube_op>::has_a_pullback_by_argument<0>
// expect-error: lacks a static member function pullback
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_operation_without_pullback {

using namespace ctgrad;

// cube_op: a^3.
struct cube_op {
  static constexpr auto name = "cube";
  static constexpr auto apply(auto a) { return a * a * a; }
#ifdef CTGRAD_NEGATIVE
  static constexpr auto pulback(hana::size_t<0>, auto g, auto a, auto) {
    return 3_c * g * a * a;
  }
#else
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return 3_c * g * a * a;
  }
#endif
};

constexpr var<"x"> x;
constexpr auto f = make<cube_op>(x);

#ifndef CTGRAD_NEGATIVE
static_assert(to_static_string(d(f, x)) == "3*x^2");
static_assert(grad(f, x)(x = 2.0) == 12.0);
#endif

}  // namespace ctgrad_fail_operation_without_pullback
