// Compile-fail test: a slice that ends beyond the first dimension (x[0:9:2] of an 8-vector) is an
// error at the call that says so, rather than a read out of bounds.
// The positive twin ends at 8.
// expect-error: ctgrad: the slice ends beyond the tensor's first dimension
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_slice_out_of_range {

using namespace ctgrad;

constexpr var<"x", shape<8>> x;
#ifdef CTGRAD_NEGATIVE
constexpr auto odd = slice<1, 9, 2>(x);
#else
constexpr auto odd = slice<1, 8, 2>(x);
#endif
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(odd)>>, shape<4>>);

}  // namespace ctgrad_fail_slice_out_of_range
