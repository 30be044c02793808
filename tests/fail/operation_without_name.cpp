// Compile-fail test: an operation with apply and pullback but no spelling (name or symbol) fails
// where it is made, with an error that names the operation and the missing member. The positive
// twin names it and prints it.
// expect-error: operation_<[a-z_:]*twice_op>::has_a_name_or_symbol
// expect-error: the operation has no spelling
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_operation_without_name {

using namespace ctgrad;

// twice_op: 2a.
struct twice_op {
#ifndef CTGRAD_NEGATIVE
  static constexpr auto name = "twice";
#endif
  static constexpr auto apply(auto a) {
    return 2 * a;
  }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto, auto) {
    return 2_c * g;
  }
};

constexpr var<"x"> x;
constexpr auto f = make<twice_op>(x);

#ifndef CTGRAD_NEGATIVE
static_assert(to_static_string(f) == "twice(x)");
static_assert(to_static_string(d(f, x)) == "2");
#endif

}  // namespace ctgrad_fail_operation_without_name
