// Compile-fail test: matmul of a matrix by a vector (shape<3, 3> by shape<3>) is an error at the
// call that says matmul takes two matrices and how to write the vector, rather than one from
// deep inside the product's rules.
// The positive twin writes the vector as a shape<3, 1> matrix.
// expect-error: ctgrad: matmul\(a, b\) needs two matrices \(rank 2\)
#include <ctgrad/ctgrad.hpp>

#include <type_traits>

namespace ctgrad_fail_matmul_vector {

using namespace ctgrad;

constexpr var<"w", shape<3, 3>> w;
#ifdef CTGRAD_NEGATIVE
constexpr var<"a", shape<3>> a;
#else
constexpr var<"a", shape<3, 1>> a;
#endif
constexpr auto o = matmul(w, a);
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(o)>>, shape<3, 1>>);

}  // namespace ctgrad_fail_matmul_vector
