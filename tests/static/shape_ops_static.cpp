// Compile-time checks of tensor/reshape.hpp: result shapes of reshape (with -1 and dyn inferred),
// view, flatten, narrow, cat, stack, diag, diagonal, trace, outer and dot, static and dynamic;
// values and gradients in constant expressions; and printed derivatives.
#include <ctgrad/ctgrad.hpp>

#include <array>
#include <type_traits>

namespace {

using namespace ctgrad;

constexpr var<"x", shape<2, 3>> x;
constexpr var<"b", shape<2, 2>> b;
constexpr var<"v", shape<3>> v;
constexpr var<"u", shape<3>> u;
constexpr var<"z", shape<2, 3, 4>> z;
constexpr var<"w", shape<3, 2>> w;
constexpr var<"n", shape<dyn, 3>> n;
constexpr var<"nb", shape<dyn, 2>> nb;
constexpr var<"nz", shape<dyn, 2, 3>> nz;

template <class E, class S>
constexpr bool has_shape_v = std::is_same_v<shape_of_t<E>, S>;

// reshape and view: -1 (or dyn) is inferred from the number of elements, at compile time for a
// static shape; for a dynamic one it stays dyn until values are bound.
static_assert(has_shape_v<decltype(reshape<3, 2>(x)), shape<3, 2>>);
static_assert(has_shape_v<decltype(reshape<-1>(x)), shape<6>>);
static_assert(has_shape_v<decltype(reshape<3, -1>(x)), shape<3, 2>>);
static_assert(has_shape_v<decltype(reshape<shape<dyn, 2>>(x)), shape<3, 2>>);
static_assert(has_shape_v<decltype(reshape<1, 6, 1>(x)), shape<1, 6, 1>>);
static_assert(has_shape_v<decltype(reshape<>(reshape<1>(v[0_c]))), shape<>>);
static_assert(std::is_same_v<decltype(view<3, 2>(x)), decltype(reshape<3, 2>(x))>);
static_assert(has_shape_v<decltype(reshape<-1, 6>(nz)), shape<dyn, 6>>);
static_assert(has_shape_v<decltype(reshape<6, -1>(n)), shape<6, dyn>>);
static_assert(has_shape_v<decltype(view<6>(n)), shape<6>>);  // checked when values are bound

// flatten: dimensions Start to End made one (all by default); a scalar becomes a vector of one.
static_assert(has_shape_v<decltype(flatten(z)), shape<24>>);
static_assert(has_shape_v<decltype(flatten<1>(z)), shape<2, 12>>);
static_assert(has_shape_v<decltype(flatten<0, 1>(z)), shape<6, 4>>);
static_assert(has_shape_v<decltype(flatten<-2, -2>(z)), shape<2, 3, 4>>);
static_assert(has_shape_v<decltype(flatten(v[0_c])), shape<1>>);
static_assert(has_shape_v<decltype(flatten(nz)), shape<dyn>>);
static_assert(has_shape_v<decltype(flatten<1>(nz)), shape<dyn, 6>>);

// narrow, cat and stack; dyn dimensions but the one joined or cut.
static_assert(has_shape_v<decltype(narrow<1, 1, 2>(x)), shape<2, 2>>);
static_assert(has_shape_v<decltype(narrow<0, 1, 1>(x)), shape<1, 3>>);
static_assert(has_shape_v<decltype(narrow<-1, 0, 2>(n)), shape<dyn, 2>>);
static_assert(has_shape_v<decltype(cat<1>(x, b)), shape<2, 5>>);
static_assert(has_shape_v<decltype(cat<-1>(x, b, x)), shape<2, 8>>);
static_assert(has_shape_v<decltype(cat<0>(x, x)), shape<4, 3>>);
static_assert(has_shape_v<decltype(cat<0>(v, u, v)), shape<9>>);
static_assert(has_shape_v<decltype(cat<1>(n, nb)), shape<dyn, 5>>);
static_assert(has_shape_v<decltype(cat<1>(n, x)), shape<2, 6>>);  // dyn takes the other size
static_assert(has_shape_v<decltype(stack<0>(x, x)), shape<2, 2, 3>>);
static_assert(has_shape_v<decltype(stack<1>(x, x, x)), shape<2, 3, 3>>);
static_assert(has_shape_v<decltype(stack<-1>(x, x)), shape<2, 3, 2>>);
static_assert(has_shape_v<decltype(stack<0>(n, n)), shape<2, dyn, 3>>);
static_assert(has_shape_v<decltype(stack<0>(v[0_c], v[1_c])), shape<2>>);

// diag, diagonal, trace, outer, dot.
static_assert(has_shape_v<decltype(diag(v)), shape<3, 3>>);
static_assert(has_shape_v<decltype(diag(x)), shape<2>>);
static_assert(has_shape_v<decltype(diagonal(t(x))), shape<2>>);
static_assert(has_shape_v<decltype(trace(x)), shape<>>);
static_assert(has_shape_v<decltype(outer(v, u)), shape<3, 3>>);
static_assert(has_shape_v<decltype(outer(v, reshape<-1>(b))), shape<3, 4>>);
static_assert(has_shape_v<decltype(dot(v, u)), shape<>>);
static_assert(has_shape_v<decltype(dot(flatten(n), flatten(n))), shape<>>);

// Values and gradients in constant expressions.
constexpr std::array<double, 6> xv{1, 2, 3, 4, 5, 6};
constexpr std::array<double, 4> bv{7, 8, 9, 10};
static_assert(reshape<3, 2>(x)(x = xv)(2, 1) == 6.0);
static_assert(cat<1>(x, b)(x = xv, b = bv)
              == tensor<double, shape<2, 5>>{{1, 2, 3, 7, 8, 4, 5, 6, 9, 10}});
static_assert(cat<0>(x, x)(x = xv)(3, 2) == 6.0);
static_assert(stack<-1>(x, x)(x = xv)(1, 2, 1) == 6.0);
static_assert(narrow<1, 1, 2>(x)(x = xv) == tensor<double, shape<2, 2>>{{2, 3, 5, 6}});
static_assert(diag(x)(x = xv) == tensor<double, shape<2>>{{1, 5}});
static_assert(diag(v)(v = std::array{1.0, 2.0, 3.0})
              == tensor<double, shape<3, 3>>{{1, 0, 0, 0, 2, 0, 0, 0, 3}});
static_assert(trace(reshape<2, 2>(b))(b = bv) == 17.0);
static_assert(outer(v, u)(v = std::array{1.0, 2.0, 3.0}, u = std::array{1.0, 0.0, -1.0})(2, 2)
              == -3.0);
static_assert(dot(v, u)(v = std::array{1.0, 2.0, 3.0}, u = std::array{4.0, 5.0, 6.0}) == 32.0);
// The gradient of a cat goes back to each part; of a trace, to the diagonal.
static_assert(grad(sum(square(cat<1>(x, b))), b)(x = xv, b = bv)
              == tensor<double, shape<2, 2>>{{14, 16, 18, 20}});
static_assert(grad(trace(reshape<3, 2>(x)), x)(x = xv)
              == tensor<double, shape<2, 3>>{{1, 0, 0, 1, 0, 0}});
static_assert(d(sum(stack<0>(x, 2_c * x)), x)(x = xv)
              == tensor<double, shape<2, 3>>{{3, 3, 3, 3, 3, 3}});

// Printed derivatives: the parts of the adjoint, narrowed (cat) or reshaped back.
static_assert(prints_as<to_static_string(cat<0>(v, u, v)), "cat(v, cat(u, v))">);
static_assert(prints_as<to_static_string(d(sum(cat<1>(x, b) * cat<1>(b, x)), b)),
                        "narrow(cat(b, x)) + narrow(cat(x, b))">);
static_assert(prints_as<to_static_string(d(sum(reshape<3, 2>(x) * w), x)), "reshape(w)">);
static_assert(prints_as<to_static_string(d(trace(x), x)), "diag(1)">);
static_assert(prints_as<to_static_string(d(dot(v, u), v)), "u">);
static_assert(prints_as<to_static_string(d(sum(diag(v) * diag(u)), v)), "diagonal(diag(u))">);

}  // namespace
