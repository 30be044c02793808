// Compile-fail test: binding a std::array of 3 values to a tensor variable of shape<2, 2> (4
// values) is an error at compile time, since the array's size is part of its type; the diagnostic
// shows the array's type and the shape.
// The positive twin binds a std::array of 4 values.
// expect-error: the bound array does not have as many values as the variable's shape
// expect-error: std::array<double, 3>
// expect-error: shape<2, 2>
#include <ctgrad/ctgrad.hpp>

#include <array>
#include <type_traits>

namespace ctgrad_fail_wrong_array_size {

using namespace ctgrad;

constexpr var<"w", shape<2, 2>> w;

#ifdef CTGRAD_NEGATIVE
constexpr auto bound = w = std::array<double, 3>{1.0, 2.0, 3.0};
#else
constexpr auto bound = w = std::array<double, 4>{1.0, 2.0, 3.0, 4.0};
static_assert(
    std::is_same_v<std::remove_const_t<decltype(bound.value)>, tensor<double, shape<2, 2>>>);
static_assert(bound.value(1, 0) == 3.0);
static_assert(sum(w)(bound) == 10.0);
#endif

}  // namespace ctgrad_fail_wrong_array_size
