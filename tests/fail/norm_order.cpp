// Compile-fail test: norm(x, p) with an order other than 1, 2 and infinity (3_c) is an error that
// names the orders it takes.
// The positive twin takes inf_c.
// expect-error: ctgrad: norm\(x, p\) takes p = 1_c, 2_c or inf_c
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_norm_order {

using namespace ctgrad;

constexpr var<"x", shape<4>> x;
#ifdef CTGRAD_NEGATIVE
constexpr auto n = norm(x, 3_c);
#else
constexpr auto n = norm(x, inf_c);
#endif
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(n)>>, shape<>>);

}  // namespace ctgrad_fail_norm_order
