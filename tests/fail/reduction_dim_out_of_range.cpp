// Compile-fail test: amax<Dim>(x) along a dimension that x does not have (Dim 2 of a 2x3 matrix)
// is an error at the call that names the reduction and the range of Dim.
// The positive twin reduces along -1, the last dimension.
// expect-error: ctgrad: amax<Dim>\(x\) needs -rank <= Dim < rank, rank being the rank of x
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_reduction_dim_out_of_range {

using namespace ctgrad;

constexpr var<"x", shape<2, 3>> x;
#ifdef CTGRAD_NEGATIVE
constexpr auto m = amax<2>(x);
#else
constexpr auto m = amax<-1>(x);
#endif
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(m)>>, shape<2>>);

}  // namespace ctgrad_fail_reduction_dim_out_of_range
