#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "message_of.hpp"
#include "reference.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// The operations on shapes of tensor/reshape.hpp against PyTorch (tests/reference/reference.json,
// shape_ops, float64): reshape and view (with -1 inferred), flatten, narrow, cat of two and three
// tensors, stack along the first and the last dimension, diag of a vector and of a matrix, trace,
// outer and dot. For each, the value, loss = sum(w * square(out)) and its gradient by every input,
// by grad and by d, against PyTorch and central differences; then the same with dynamic shapes
// where they are supported (dyn in every dimension but the one cat, stack or narrow joins or
// cuts), the errors of sizes that do not fit when values are bound, cat of five tensors (a
// balanced tree), stack of scalars, and float.

namespace test_shape_ops {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::message_of;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

// element(v, i): element i of a value (a number is its only element).
template <class V>
double element(const V& v, std::size_t i) {
  if constexpr (TensorValue<V>)
    return static_cast<double>(v[i]);
  else
    return static_cast<double>(v);
}

// size_of(v): the number of elements of a value.
template <class V>
std::size_t size_of(const V& v) {
  if constexpr (TensorValue<V>)
    return v.size();
  else
    return 1;
}

// bind_from(v, flat): v bound to the numbers flat, row-major (a copy for a static shape; for a
// dynamic one a view of flat, whose leading dimension is taken from its length).
template <class V>
auto bind_from(const V& v, const std::vector<double>& flat) {
  using S = shape_of_t<V>;
  if constexpr (S::is_static) {
    BOOST_TEST_REQUIRE(flat.size() == S::size);
    value_t<double, S> bound{};
    for (std::size_t i = 0; i < S::size; ++i) {
      if constexpr (S::rank == 0)
        bound = flat[i];
      else
        bound[i] = flat[i];
    }
    return v = bound;
  } else {
    return v = flat;
  }
}

// check_case<Symbolic>(name, out, inputs...): out, an expression of the variables inputs (whose
// names are the keys of the inputs in shape_ops.<name>), against PyTorch: its value, the loss
// sum(w * square(out)) and the gradient of the loss by each input, by grad and (if Symbolic) by d;
// and the gradients against central differences.
template <bool Symbolic = true, class Out, class... V>
void check_case(const std::string& name, const Out& out, const V&... inputs) {
  BOOST_TEST_CONTEXT(name << ": " << to_string(out)) {
    const ptree& entry = at(reference(), "shape_ops." + name);
    const std::array<std::string, sizeof...(V)> keys{std::string(V::name.view())...};
    std::array<std::vector<double>, sizeof...(V)> data;
    for (std::size_t i = 0; i < keys.size(); ++i)
      data[i] = values(at(entry, keys[i]));
    const std::vector<double> w_flat = values(at(entry, "w"));
    constexpr var<"w", shape_of_t<Out>> w;
    const auto loss = sum(w * square(out));
    // evaluate(f, data): f with the inputs bound to data.
    const auto evaluate = [&](const auto& f, const auto& at_data) {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return f(bind_from(inputs, at_data[I])..., bind_from(w, w_flat));
      }
      (std::index_sequence_for<V...>{});
    };

    const auto value = evaluate(out, data);
    const std::vector<double> expected = values(at(entry, "out"));
    BOOST_TEST_REQUIRE(size_of(value) == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
      BOOST_TEST(element(value, i) == expected[i], "out, element " << i);  // copied: exact
    const double loss_value = evaluate(loss, data);
    BOOST_TEST(check_close(loss_value, number(at(entry, "loss")), 1e-14));

    const auto by = [&](auto n, const auto& input) {
      constexpr std::size_t k = decltype(n)::value;
      const std::vector<double> reference_grad = values(at(entry, "grad_" + keys[k]));
      const auto g = evaluate(grad(loss, input), data);
      BOOST_TEST_REQUIRE(size_of(g) == reference_grad.size());
      if constexpr (Symbolic) {
        const auto symbolic = evaluate(d(loss, input), data);
        BOOST_TEST_REQUIRE(size_of(symbolic) == reference_grad.size());
        for (std::size_t j = 0; j < reference_grad.size(); ++j)
          BOOST_TEST(check_close(element(symbolic, j), reference_grad[j], 1e-14, 1e-300),
                     "d by " << keys[k] << ", element " << j);
      }
      for (std::size_t j = 0; j < reference_grad.size(); ++j) {
        BOOST_TEST(check_close(element(g, j), reference_grad[j], 1e-14, 1e-300),
                   "grad by " << keys[k] << ", element " << j);
        const double fd = central_difference(
            [&](double t) {
              auto moved = data;
              moved[k][j] = t;
              return static_cast<double>(evaluate(loss, moved));
            },
            data[k][j]);
        BOOST_TEST(check_close(element(g, j), fd, fd_rel_tol, fd_abs_tol(loss_value)),
                   "grad by " << keys[k] << ", element " << j << " against a central difference");
      }
    };
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (by(std::integral_constant<std::size_t, I>{}, inputs), ...);
    }
    (std::index_sequence_for<V...>{});
  }
}

template <class E, class S>
constexpr bool has_shape_v = std::is_same_v<shape_of_t<E>, S>;

BOOST_AUTO_TEST_SUITE(shape_ops)

BOOST_AUTO_TEST_CASE(static_shapes_against_pytorch) {
  constexpr var<"x", shape<2, 3>> x;
  constexpr var<"x", shape<2, 3, 2>> x3;
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"b", shape<1, 3>> b13;
  constexpr var<"b", shape<2, 2>> b22;
  constexpr var<"b", shape<2, 3>> b23;
  constexpr var<"c", shape<2, 1>> c21;
  constexpr var<"v", shape<3>> v;
  constexpr var<"m", shape<2, 3>> m23;
  constexpr var<"m", shape<3, 3>> m33;
  constexpr var<"a", shape<3>> a3;
  constexpr var<"b", shape<2>> b2;
  constexpr var<"b", shape<3>> b3;

  static_assert(has_shape_v<decltype(reshape<3, -1>(x)), shape<3, 2>>);
  check_case("reshape", reshape<3, -1>(x), x);
  check_case("reshape", reshape<shape<3, 2>>(x), x);
  check_case("reshape", reshape<shape<dyn, 2>>(x), x);  // dyn: inferred, as -1
  check_case("view", view<6>(x), x);
  check_case("view", view<shape<6>>(x), x);
  static_assert(has_shape_v<decltype(flatten(x3)), shape<12>>);
  check_case("flatten", flatten(x3), x3);
  static_assert(has_shape_v<decltype(flatten<1, 2>(x3)), shape<2, 6>>);
  check_case("flatten_1_2", flatten<1, 2>(x3), x3);
  check_case("flatten_1_2", flatten<1>(x3), x3);
  check_case("flatten_1_2", flatten<-2, -1>(x3), x3);
  check_case("narrow", narrow<1, 1, 2>(x), x);
  check_case("narrow", narrow<-1, 1, 2>(x), x);
  check_case("cat_0", cat<0>(a, b13), a, b13);
  check_case("cat_1", cat<1>(a, b22, c21), a, b22, c21);
  check_case("cat_1", cat<-1>(a, b22, c21), a, b22, c21);
  check_case("stack_0", stack<0>(a, b23), a, b23);
  check_case("stack_last", stack<-1>(a, b23), a, b23);
  check_case("stack_last", stack<2>(a, b23), a, b23);
  check_case("diag_vector", diag(v), v);
  check_case("diag_matrix", diag(m23), m23);
  check_case("diag_matrix", diagonal(m23), m23);
  check_case("trace", trace(m33), m33);
  check_case("outer", outer(a3, b2), a3, b2);
  check_case("dot", dot(a3, b3), a3, b3);
}

BOOST_AUTO_TEST_CASE(dynamic_shapes_against_pytorch) {
  constexpr var<"x", shape<dyn, 3>> x;
  constexpr var<"x", shape<dyn, 3, 2>> x3;
  constexpr var<"a", shape<dyn, 3>> a;
  constexpr var<"b", shape<dyn, 2>> b22;
  constexpr var<"b", shape<dyn, 3>> b23;
  constexpr var<"c", shape<dyn, 1>> c21;
  constexpr var<"a", shape<dyn>> a3;
  constexpr var<"b", shape<2>> b2;
  constexpr var<"b", shape<dyn>> b3;

  static_assert(has_shape_v<decltype(reshape<3, -1>(x)), shape<3, dyn>>);
  check_case("reshape", reshape<3, -1>(x), x);
  static_assert(has_shape_v<decltype(view<6>(x)), shape<6>>);
  check_case("view", view<6>(x), x);
  static_assert(has_shape_v<decltype(flatten(x3)), shape<dyn>>);
  check_case("flatten", flatten(x3), x3);
  static_assert(has_shape_v<decltype(flatten<1, 2>(x3)), shape<dyn, 6>>);
  check_case("flatten_1_2", flatten<1, 2>(x3), x3);
  check_case("narrow", narrow<1, 1, 2>(x), x);
  static_assert(has_shape_v<decltype(cat<1>(a, b22, c21)), shape<dyn, 6>>);
  check_case("cat_1", cat<1>(a, b22, c21), a, b22, c21);
  static_assert(has_shape_v<decltype(stack<0>(a, b23)), shape<2, dyn, 3>>);
  check_case("stack_0", stack<0>(a, b23), a, b23);
  check_case("stack_last", stack<-1>(a, b23), a, b23);
  // (symbolic d of a broadcast between a static and a dynamic shape, which outer is, is not
  // provided: its sum_to_size takes static shapes; grad is checked)
  check_case<false>("outer", outer(a3, b2), a3, b2);
  check_case("dot", dot(a3, b3), a3, b3);
}

BOOST_AUTO_TEST_CASE(sizes_that_do_not_fit_when_bound) {
  constexpr var<"x", shape<dyn, 3>> x;
  constexpr var<"y", shape<dyn, 2>> y;
  const std::vector<double> six{1, 2, 3, 4, 5, 6};
  const std::vector<double> four{1, 2, 3, 4};
  BOOST_TEST(message_of([&] { (void)reshape<4, 2>(x)(x = six); })
             == "ctgrad: reshape to [4, 2] of a tensor of shape [2, 3] (6 elements)");
  BOOST_TEST(message_of([&] { (void)reshape<4, -1>(x)(x = six); })
             == "ctgrad: reshape to [4, ?] of a tensor of shape [2, 3] (6 elements)");
  BOOST_TEST(message_of([&] { (void)cat<1>(x, y)(x = six, y = six); })
             == "ctgrad: cat along dimension 1 of tensors of shapes [2, 3] and [3, 2]: the sizes "
                "must agree but in that dimension");
  // the same sizes fit
  BOOST_TEST(message_of([&] { (void)cat<1>(x, y)(x = six, y = four); }) == "(nothing thrown)");
}

BOOST_AUTO_TEST_CASE(cat_of_five_and_stack_of_scalars) {
  // cat of five rows: a balanced tree of cat_op (three levels); the gradient of sum(w * cat) by
  // each row is its row of w.
  constexpr var<"a", shape<1, 2>> a;
  constexpr var<"b", shape<1, 2>> b;
  constexpr var<"c", shape<1, 2>> c;
  constexpr var<"e", shape<1, 2>> e;
  constexpr var<"f", shape<1, 2>> f;
  constexpr var<"w", shape<5, 2>> w;
  constexpr auto joined = cat<0>(a, b, c, e, f);
  static_assert(has_shape_v<decltype(joined), shape<5, 2>>);
  BOOST_TEST(to_string(joined) == "cat(cat(a, b), cat(c, cat(e, f)))");
  const std::array<double, 10> wv{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const auto bindings =
      bind(a = std::array{0.5, 1.5}, b = std::array{2.5, 3.5}, c = std::array{4.5, 5.5},
           e = std::array{6.5, 7.5}, f = std::array{8.5, 9.5}, w = wv);
  const auto value = joined(bindings);
  for (std::size_t i = 0; i < 10; ++i)
    BOOST_TEST(value[i] == static_cast<double>(i) + 0.5);
  const auto [ga, gb, gc, ge, gf] = grad(sum(w * joined), a, b, c, e, f)(bindings);
  const std::array<tensor<double, shape<1, 2>>, 5> grads{ga, gb, gc, ge, gf};
  for (std::size_t r = 0; r < 5; ++r)
    for (std::size_t j = 0; j < 2; ++j)
      BOOST_TEST(grads[r][j] == wv[2 * r + j]);

  // stack of scalars is a vector (torch.stack of 0-dimensional tensors).
  constexpr var<"s"> s;
  constexpr var<"t"> t;
  constexpr auto pair = stack<0>(s, t);
  static_assert(has_shape_v<decltype(pair), shape<2>>);
  BOOST_TEST((pair(s = 1.5, t = -2.0) == tensor<double, shape<2>>{{1.5, -2.0}}));
  const auto [gs, gt] = grad(sum(square(pair)) * s, s, t)(s = 1.5, t = -2.0);
  BOOST_TEST(gs == 3 * 1.5 * 1.5 + 4.0);  // d/ds (s^2 + t^2) s = 3 s^2 + t^2
  BOOST_TEST(gt == 2 * -2.0 * 1.5);
}

BOOST_AUTO_TEST_CASE(second_derivatives) {
  // d of a gradient through cat (narrow's adjoint, narrow_scatter, and its adjoint, narrow):
  // d(sum(d(sum(a^3 joined with b^3), a)), a) = d(sum(3 a^2), a) = 6 a.
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"b", shape<2, 2>> b;
  const std::array<double, 6> av{0.5, -1.25, 2.0, 0.75, -0.5, 1.5};
  const std::array<double, 4> bv{1.75, -0.25, 0.5, -2.0};
  constexpr auto second = d(sum(d(sum(pow<3>(cat<1>(a, b))), a)), a);
  const auto value = second(a = av, b = bv);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(value[i], 6 * av[i], 1e-15));
  // trace(outer(v, u)) (through flatten and reshape) is linear in v: its Hessian by v is 0, and
  // its mixed derivative by v, then u, is 1 everywhere; the Hessian of
  // dot(v, v) + dot(u, u) * trace(diag(v)) by v is 2 I (through diag's adjoint, diagonal, and
  // back).
  constexpr var<"v", shape<3>> v;
  constexpr var<"u", shape<3>> u;
  const std::array<double, 3> vv{0.5, -1.25, 2.0};
  const std::array<double, 3> uv{1.5, 0.25, -0.75};
  const auto h = hessian(trace(reshape<3, 3>(flatten(outer(v, u)))), v)(v = vv, u = uv);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      BOOST_TEST(h(i, j) == 0.0);
  const auto mixed = d(sum(d(trace(outer(v, u)), v)), u)(v = vv, u = uv);
  for (std::size_t j = 0; j < 3; ++j)
    BOOST_TEST(mixed[j] == 1.0);  // d/du_j sum_i d/dv_i (sum_k v_k u_k) = d/du_j sum_i u_i
  const auto hd = hessian(dot(v, v) + dot(u, u) * trace(diag(v)), v)(v = vv, u = uv);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j)
      BOOST_TEST(hd(i, j) == (i == j ? 2.0 : 0.0));
}

BOOST_AUTO_TEST_CASE(float_stays_float) {
  constexpr var<"a", shape<2, 3>> a;
  constexpr var<"b", shape<2, 2>> b;
  const std::array<float, 6> av{0.5F, -1.25F, 2.0F, 0.75F, -0.5F, 1.5F};
  const std::array<float, 4> bv{1.75F, -0.25F, 0.5F, -2.0F};
  const auto joined = cat<1>(a, b)(a = av, b = bv);
  static_assert(std::is_same_v<decltype(joined), const tensor<float, shape<2, 5>>>);
  const std::vector<double> expected = values(at(reference(), "shape_ops.cat_1.out"));
  for (std::size_t i = 0; i < 10; ++i)  // the first five columns of PyTorch's cat of three
    BOOST_TEST(static_cast<double>(joined[i]) == expected[i / 5 * 6 + i % 5]);
  const auto g = grad(sum(square(reshape<-1>(cat<1>(a, b)))), a)(a = av, b = bv);
  static_assert(std::is_same_v<decltype(g), const tensor<float, shape<2, 3>>>);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(g[i] == 2 * av[i]);
  static_assert(std::is_same_v<decltype(trace(a)(a = av)), float>);
  static_assert(std::is_same_v<decltype(dot(flatten(a), flatten(a))(a = av)), float>);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace test_shape_ops
