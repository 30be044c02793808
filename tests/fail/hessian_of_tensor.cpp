// Compile-fail test: hessian takes a scalar function; a tensor-valued one is rejected with a
// message that says to reduce it first.
// The positive twin takes the Hessian of its sum.
// expect-error: ctgrad: hessian needs a scalar function
#include <ctgrad/ctgrad.hpp>

namespace ctgrad_fail_hessian_of_tensor {

using namespace ctgrad;

constexpr var<"v", shape<2>> v;

#ifdef CTGRAD_NEGATIVE
constexpr auto h = hessian(v * v, v);
#else
constexpr auto h = hessian(sum(v * v), v);
#endif
static_assert(h(v = std::array{1.0, 2.0})(1, 1) == 2.0);

}  // namespace ctgrad_fail_hessian_of_tensor
