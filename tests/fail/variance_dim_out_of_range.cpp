// Compile-fail test: variance<Dim>(x) with a negative Dim beyond the rank (-3 of a matrix) is an
// error at the call that names the reduction and the range of Dim.
// The positive twin takes -2, the first dimension.
// expect-error: ctgrad: variance<Dim>\(x\) needs -rank <= Dim < rank, rank being the rank of x
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_variance_dim_out_of_range {

using namespace ctgrad;

constexpr var<"x", shape<dyn, 3>> x;
#ifdef CTGRAD_NEGATIVE
constexpr auto v = variance<-3>(x, correction<0>);
#else
constexpr auto v = variance<-2>(x, correction<0>);
#endif
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(v)>>, shape<3>>);

}  // namespace ctgrad_fail_variance_dim_out_of_range
