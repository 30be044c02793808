// Compile-time checks of the reductions along a dimension, softmax, log_softmax and the losses:
// result shapes, and values and gradients computed in constant expressions (also through into).
#include <ctgrad/ctgrad.hpp>

#include <array>
#include <cstddef>
#include <type_traits>

namespace {

using namespace ctgrad;

constexpr var<"a", shape<3>> a;
constexpr var<"onehot2", shape<3>> onehot2;
constexpr var<"m", shape<2, 3>> m;
constexpr var<"y", shape<2>> y;

template <class E, class S>
constexpr bool has_shape_v = std::is_same_v<shape_of_t<E>, S>;

// Shapes: the dimension is removed (sum, mean), kept with size 1 (sum_keepdim) or unchanged.
static_assert(has_shape_v<decltype(sum<0>(m)), shape<3>>);
static_assert(has_shape_v<decltype(sum<1>(m)), shape<2>>);
static_assert(has_shape_v<decltype(sum<-1>(m)), shape<2>>);
static_assert(has_shape_v<decltype(sum(m, 1_c)), shape<2>>);
static_assert(has_shape_v<decltype(sum<0>(a)), shape<>>);
static_assert(has_shape_v<decltype(mean<0>(m)), shape<3>>);
static_assert(has_shape_v<decltype(mean<1>(m)), shape<2>>);
static_assert(has_shape_v<decltype(sum_keepdim<0>(m)), shape<1, 3>>);
static_assert(has_shape_v<decltype(sum_keepdim<1>(m)), shape<2, 1>>);
static_assert(has_shape_v<decltype(unsqueeze<0>(a)), shape<1, 3>>);
static_assert(has_shape_v<decltype(unsqueeze<1>(a)), shape<3, 1>>);
static_assert(has_shape_v<decltype(squeeze<1>(sum_keepdim<1>(m))), shape<2>>);
static_assert(has_shape_v<decltype(softmax<1>(m)), shape<2, 3>>);
static_assert(has_shape_v<decltype(log_softmax(m, 0_c)), shape<2, 3>>);
static_assert(std::is_same_v<decltype(softmax<-1>(m)), decltype(softmax<1>(m))>);
static_assert(has_shape_v<decltype(mse_loss(m, m * 2.0)), shape<>>);
static_assert(has_shape_v<decltype(mse_loss<reduction::sum>(m, m * 2.0)), shape<>>);
static_assert(has_shape_v<decltype(mse_loss<reduction::none>(m, m * 2.0)), shape<2, 3>>);
static_assert(has_shape_v<decltype(cross_entropy(m, y)), shape<>>);
static_assert(has_shape_v<decltype(cross_entropy<reduction::sum>(m, y)), shape<>>);
static_assert(has_shape_v<decltype(cross_entropy<reduction::none>(m, y)), shape<2>>);
static_assert(has_shape_v<decltype(cross_entropy<reduction::none>(m, exp(m))), shape<2>>);
static_assert(has_shape_v<decltype(binary_cross_entropy(sigmoid(m), m)), shape<>>);
static_assert(
    has_shape_v<decltype(binary_cross_entropy<reduction::none>(sigmoid(m), m)), shape<2, 3>>);

// On tensor values the same functions compute values.
constexpr tensor<double, shape<2, 3>> values{{1.0, -2.0, 3.0, 0.5, 4.0, -1.0}};
static_assert(sum<0>(values) == tensor<double, shape<3>>{{1.5, 2.0, 2.0}});
static_assert(sum<1>(values) == tensor<double, shape<2>>{{2.0, 3.5}});
static_assert(mean<0>(values) == tensor<double, shape<3>>{{0.75, 1.0, 1.0}});
static_assert(sum_keepdim<1>(values) == tensor<double, shape<2, 1>>{{2.0, 3.5}});

// A middle dimension: element (o, k, i) of a 2x2x2 tensor is at 4 o + 2 k + i.
constexpr tensor<double, shape<2, 2, 2>> cube{{1, 2, 3, 4, 5, 6, 7, 8}};
static_assert(sum<1>(cube) == tensor<double, shape<2, 2>>{{4, 6, 12, 14}});
static_assert(mean<-2>(cube) == tensor<double, shape<2, 2>>{{2, 3, 6, 7}});

constexpr double abs(double x) {
  return x < 0 ? -x : x;
}

// softmax along the middle dimension: slices (x[o, 0, i], x[o, 1, i]), here {1, 3}, {2, 4}, ...
constexpr auto cube_p = softmax<1>(cube);
static_assert(cube_p[0] == cube_p[4] && cube_p[2] > cube_p[0]
              && abs(cube_p[0] + cube_p[2] - 1) <= 0x1p-52);

// The seed's softmax gradient in a constant expression: grad of p[2] through sum(p * onehot2),
// against the closed form p2 * (delta_2j - p_j), p computed directly from exp.
constexpr std::array a_values{0.3, 0.7, 0.1};
constexpr auto g =
    grad(sum(softmax<0>(a) * onehot2), a)(a = a_values, onehot2 = std::array{0.0, 0.0, 1.0});
constexpr auto p = [] {
  std::array<double, 3> e{};
  double total = 0;
  for (std::size_t i = 0; i < 3; ++i)
    total += e[i] = math::exp(a_values[i]);
  for (auto& v : e)
    v /= total;
  return e;
}();
static_assert(abs(g[0] - p[2] * (0 - p[0])) < 1e-16);
static_assert(abs(g[1] - p[2] * (0 - p[1])) < 1e-16);
static_assert(abs(g[2] - p[2] * (1 - p[2])) < 1e-16);
// The same row by indexing, p[2_c].
constexpr auto g_indexed = grad(softmax<0>(a)[2_c], a)(a = a_values);
static_assert(g_indexed == g);

// Stable at large inputs: softmax(100, 101, 99) is softmax(1, 2, 0).
constexpr auto p_large = softmax<0>(a)(a = std::array{100.0, 101.0, 99.0});
constexpr auto p_small = softmax<0>(a)(a = std::array{1.0, 2.0, 0.0});
static_assert(abs(p_large[0] - p_small[0]) < 1e-16 && abs(p_large[1] - p_small[1]) < 1e-16);

// log_softmax's gradient: row 0 of the Jacobian is delta_0j - p_j.
constexpr auto lg = grad(log_softmax<0>(a)[0_c], a)(a = a_values);
static_assert(abs(lg[0] - (1 - p[0])) < 1e-15 && abs(lg[1] + p[1]) < 1e-15
              && abs(lg[2] + p[2]) < 1e-15);

// cross_entropy with class indices bound to integers: loss and gradient (softmax - onehot) / N.
constexpr std::array logits{0.3, 0.7, 0.1, 0.0, 1.0, -1.0};
constexpr auto ce = value_and_grad(cross_entropy(m, y), m)(m = logits, y = std::array{2, 0});
constexpr auto p1 = softmax<0>(a)(a = std::array{0.0, 1.0, -1.0});
static_assert(abs(ce.first - (-math::log(p[2]) - math::log(p1[0])) / 2) < 1e-15);
static_assert(abs(ce.second[2] - (p[2] - 1) / 2) < 1e-16);
static_assert(abs(ce.second[3] - (p1[0] - 1) / 2) < 1e-16);
static_assert(abs(ce.second[4] - p1[1] / 2) < 1e-16);

// binary_cross_entropy: -log(x) for target 1, and the clamp at -100 for x = 0.
constexpr var<"x", shape<2>> x;
constexpr var<"t", shape<2>> t;
constexpr auto bce = binary_cross_entropy<reduction::sum>(x, t);
static_assert(abs(bce(x = std::array{0.5, 0.25}, t = std::array{1.0, 0.0})
                  - (-math::log(0.5) - math::log(0.75)))
              < 1e-15);
static_assert(bce(x = std::array{0.0, 1.0}, t = std::array{1.0, 0.0}) == 200.0);
static_assert(grad(bce, x)(x = std::array{0.0, 1.0}, t = std::array{1.0, 0.0})
              == tensor<double, shape<2>>{{-1e12, 1e12}});

// into: the gradient written into places of the caller's, in constant evaluation too.
constexpr var<"s"> s;
static_assert([] {
  double ds = 0;
  std::array<double, 2> dx{};
  const double value =
      value_and_grad(s * sum(x * x), s, x).into(ds, dx)(s = 2.0, x = std::array{1.0, 3.0});
  return value == 20.0 && ds == 10.0 && dx == std::array{4.0, 12.0};
}());

// The elements of a target that its indices and slices take (whose gradient starts at -0.0; the
// others at +0.0, which no contribution reaches).
template <class E, class V>
constexpr auto taken = [] {
  using W = std::remove_cvref_t<V>;
  std::array<bool, shape_of_t<W>::size> result{};
  for (std::size_t i = 0; i < result.size(); ++i)
    result[i] = detail::taken(detail::taken_v<E, W>, i);
  return result;
}();
static_assert(taken<decltype(a[1_c] * 2_c), decltype(a)> == std::array{false, true, false});
static_assert(
    taken<decltype(sum(slice<0, 3, 2>(a)) * a[0_c]), decltype(a)> == std::array{true, false, true});
static_assert(
    taken<decltype(sum(m[1_c])), decltype(m)> == std::array{false, false, false, true, true, true});
static_assert(taken<decltype(sum(a)), decltype(a)> == std::array{false, false, false});
constexpr var<"u", shape<100>> u;  // more than one 64-bit word of bits
constexpr auto odd_of_u = taken<decltype(sum(slice<1, 100, 2>(u))), decltype(u)>;
static_assert(odd_of_u[1] && !odd_of_u[64] && odd_of_u[65] && !odd_of_u[98] && odd_of_u[99]);

// The gradient call is kept out of line when f computes more than 48 numbers.
constexpr var<"v", shape<64>> v;
static_assert(detail::computed_v<decltype(sum(a * a))> == 4);
static_assert(!detail::out_of_line_v<decltype(sum(a * a))>);
static_assert(detail::computed_v<decltype(sum(v * v))> == 65);
static_assert(detail::out_of_line_v<decltype(sum(v * v))>);
static_assert([] {  // noinline does not concern constant evaluation
  std::array<double, 64> values{};
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<double>(i);
  std::array<double, 64> dv{};
  const double value = value_and_grad(sum(v * v), v).into(dv)(v = values);
  return value == 85344.0 && dv[3] == 6.0 && grad(sum(v * v), v)(v = values)[63] == 126.0;
}());

// A matrix product's pullback to a target that it alone reaches is written into the target's
// place (pullback_into), not made as a tensor and copied there: w's slot is the first, and is
// written (its only contribution); a slot that adds (w occurs more often) or a factor that is
// not a target variable (m * 2 in a larger product) makes the pullback as before.
constexpr var<"w", shape<2, 3>> w;
using w_type = std::remove_cvref_t<decltype(w)>;
using product_op = transposed_matmul_op<false, true>;
template <bool Assign>
using w_slots =
    boost::hana::tuple<detail::gradient_slot<w_type, tensor<double, shape<2, 3>>, Assign>>;
static_assert(detail::pulls_back_into_v<product_op, w_type, w_slots<true>> == 0);
static_assert(detail::pulls_back_into_v<product_op, w_type, w_slots<false>> == 1);
static_assert(detail::pulls_back_into_v<product_op, decltype(m * 2_c), w_slots<true>> == 1);
static_assert(detail::pulls_back_into_v<add_op, w_type, w_slots<true>> == 1);
// And in constant evaluation: w's gradient in sum(r @ w.t()) is the row r, in each of w's rows,
// and in sum(w @ w.t()) (w twice, added into) 2 (w's column sums).
constexpr var<"r", shape<1, 3>> r;
static_assert([] {
  std::array<double, 6> dw{};
  const std::array<double, 6> ws{1, 2, 3, 4, 5, 6};
  grad(sum(matmul(r, w.t())), w).into(dw)(r = std::array{0.5, -1.0, 2.0}, w = ws);
  const bool once = dw == std::array{0.5, -1.0, 2.0, 0.5, -1.0, 2.0};
  grad(sum(matmul(w, w.t())), w).into(dw)(w = ws);
  return once && dw == std::array{10.0, 14.0, 18.0, 10.0, 14.0, 18.0};
}());

}  // namespace
