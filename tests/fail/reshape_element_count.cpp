// Compile-fail test: a reshape to a shape with another number of elements, shape<2, 3> to
// shape<4, 2> (8 elements for 6), is an error at the call whose diagnostic spells both shapes and
// both numbers (reshape_<ctgrad::shape<2, 3>, ctgrad::shape<4, 2>, 6, 8>).
// The positive twin reshapes to shape<3, 2>.
// expect-error: reshape_<ctgrad::shape<2, 3>, ctgrad::shape<4, 2>, 6, 8>
// expect-error: ctgrad: reshape to a shape with another number of elements
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_reshape_element_count {

using namespace ctgrad;

constexpr var<"x", shape<2, 3>> x;
#ifdef CTGRAD_NEGATIVE
constexpr auto y = reshape<4, 2>(x);
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(y)>>, shape<4, 2>>);
#else
constexpr auto y = reshape<3, 2>(x);
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(y)>>, shape<3, 2>>);
#endif

}  // namespace ctgrad_fail_reshape_element_count
