// Compile-fail test: cat<0> of a shape<2, 3> and a shape<2, 4>, whose rows differ in length, is
// an error at the call whose diagnostic spells the dimension and both shapes
// (cat_<0, ctgrad::shape<2, 3>, ctgrad::shape<2, 4>>, GCC with a space before the last >).
// The positive twin joins them along dimension 1, into a shape<2, 7>.
// expect-error: cat_<0, ctgrad::shape<2, 3>, ctgrad::shape<2, 4> ?>
// expect-error: ctgrad: cat<Dim>\(a, b, ...\) needs the shapes to agree but in dimension Dim
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_cat_mismatch {

using namespace ctgrad;

constexpr var<"a", shape<2, 3>> a;
constexpr var<"b", shape<2, 4>> b;
#ifdef CTGRAD_NEGATIVE
constexpr auto joined = cat<0>(a, b);
#else
constexpr auto joined = cat<1>(a, b);
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(joined)>>, shape<2, 7>>);
#endif

}  // namespace ctgrad_fail_cat_mismatch
