// Compile-fail test: the matrix product of a 1x10 and a 2x10 matrix (the seed's x @ w without the
// transpose) is an error whose diagnostic shows both shapes (GCC and Clang both name
// detail::matmul_product<ctgrad::shape<1, 10>, ctgrad::shape<2, 10>>, GCC with a space before the
// last >) and says what must match.
// The positive twin multiplies by the transpose, x @ w.t(), a 1x2 matrix.
// expect-error: product<ctgrad::shape<1, 10>, ctgrad::shape<2, 10> ?>
// expect-error: needs a's columns to match b's rows
#include <ctgrad/ctgrad.hpp>

#include <array>
#include <type_traits>

namespace ctgrad_fail_matmul_mismatch {

using namespace ctgrad;

constexpr var<"x", shape<1, 10>> x;
constexpr var<"w", shape<2, 10>> w;
constexpr std::array<double, 10> xs{1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr std::array<double, 20> ws{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

#ifdef CTGRAD_NEGATIVE
constexpr auto o = matmul(x, w);
#else
constexpr auto o = matmul(x, t(w));
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(o)>>, shape<1, 2>>);
#endif
constexpr auto value = o(x = xs, w = ws);
#ifndef CTGRAD_NEGATIVE
static_assert(value(0, 0) == 55.0 && value(0, 1) == 1.0);
#endif

}  // namespace ctgrad_fail_matmul_mismatch
