// Compile-fail test: an elementwise operation on tensor variables whose shapes do not broadcast,
// shape<3> + shape<4>, is an error whose diagnostic shows both shapes (GCC and Clang both name
// shapes_do_not_broadcast<ctgrad::shape<3>, ctgrad::shape<4>>, GCC with a space before the last >).
// The positive twin adds a shape<4> to a shape<3, 4>, which broadcasts to shape<3, 4>.
// expect-error: shapes_do_not_broadcast<ctgrad::shape<3>, ctgrad::shape<4> ?>
// expect-error: the shapes of an elementwise operation do not broadcast
#include <ctgrad/ctgrad.hpp>

#include <array>
#include <type_traits>

namespace ctgrad_fail_shape_mismatch {

using namespace ctgrad;

constexpr var<"b", shape<4>> b;

#ifdef CTGRAD_NEGATIVE
constexpr var<"a", shape<3>> a;
constexpr auto f = a + b;
#else
constexpr var<"a", shape<3, 4>> a;
constexpr auto f = a + b;
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(f)>>, shape<3, 4>>);
constexpr auto value = f(a = std::array<double, 12>{0, 0, 0, 0, 10, 10, 10, 10, 20, 20, 20, 20},
                         b = std::array{1.0, 2.0, 3.0, 4.0});
static_assert(value(0, 0) == 1.0 && value(1, 2) == 13.0 && value(2, 3) == 24.0);
#endif

}  // namespace ctgrad_fail_shape_mismatch
