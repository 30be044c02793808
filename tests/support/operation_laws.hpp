// The laws every operation tag obeys, checked by tests/runtime/operation_laws_test.cpp over the
// list of every operation of the library. For an operation Op on arguments of given shapes and
// domains, at sampled points inside the domains:
//   shape       the expression's shape is Op's result_shape of the arguments' shapes, and so is
//               its value's;
//   float       float bindings give float values and gradients;
//   simplify    make<Op> (with the rewrite rules) has the value of the bare node<Op, ...>, also
//               where an argument is a constant or both are the same variable;
//   pullback    Op::pullback on values matches a central difference of Op::apply, for every
//               differentiable argument and element;
//   d = grad    the symbolic derivative of the (summed) expression equals the reverse sweep's;
//   constexpr   constant evaluation gives the run-time value and gradient.
#ifndef CTGRAD_TESTS_SUPPORT_OPERATION_LAWS_HPP
#define CTGRAD_TESTS_SUPPORT_OPERATION_LAWS_HPP

#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctgrad::test::laws {

// domain: where an argument's samples lie (above_one: in (1, inf), for acosh). index: class or
// slice indices below `classes`, which
// are not differentiated; mask: 1 at `classes` of the positions (a different set at each sample),
// 0 at the others, not differentiated either (the row masks of indexing dynamic shapes).
enum class domain { real, positive, unit, above_one, index, mask };

// arg<D, Shape, Classes>: an argument of shape Shape in domain D.
template <domain D, class Shape = shape<>, std::size_t Classes = 0>
struct arg {
  using shape_type = Shape;
  static constexpr domain where = D;
  static constexpr std::size_t classes = Classes;
  static constexpr bool differentiable = D != domain::index && D != domain::mask;
};

// point<A>(k, i, j): element j of argument i (of kind A) at sample k. Real samples stay in
// [-1.23, 1.17] and at least 0.03 from 0, so that a central difference does not straddle a kink;
// unit ones in [0.1, 0.87], away from the steep edges of binary cross-entropy.
template <class A>
constexpr double point(std::size_t k, std::size_t i, std::size_t j) {
  const auto m = static_cast<double>((7 * k + 3 * j + 11 * i) % 25);
  switch (A::where) {
  case domain::real:
    return -1.23 + 0.1 * m;
  case domain::positive:
    return 0.27 + 0.1 * m;
  case domain::unit:
    return 0.1 + 0.032 * m;
  case domain::above_one:
    return 1.07 + 0.1 * m;
  case domain::index:
    break;
  case domain::mask:
    return (j + k) % A::shape_type::size < A::classes ? 1.0 : 0.0;
  }
  return static_cast<double>((k + j + i) % A::classes);
}

// samples: how many points each law is checked at.
inline constexpr std::size_t samples = 4;

// variable_t<I, A>: the variable of argument I.
template <std::size_t I, class A>
using variable_t = std::conditional_t<
    I == 0, var<"a", typename A::shape_type>,
    std::conditional_t<I == 1, var<"b", typename A::shape_type>, var<"c", typename A::shape_type>>>;

// value<T, A>(k, i): argument i's value at sample k, in T.
template <class T, class A>
constexpr value_t<T, typename A::shape_type> value(std::size_t k, std::size_t i) {
  using S = typename A::shape_type;
  if constexpr (S::rank == 0) {
    return static_cast<T>(point<A>(k, i, 0));
  } else {
    tensor<T, S> t{};
    for (std::size_t j = 0; j < S::size; ++j)
      t[j] = static_cast<T>(point<A>(k, i, j));
    return t;
  }
}

// element(v, j): element j of a number or a tensor.
template <class V>
constexpr double element(const V& v, std::size_t j) {
  if constexpr (TensorValue<V>)
    return static_cast<double>(v[j]);
  else
    return static_cast<double>(v);
}

// law<Op, A...>: the laws of Op on arguments A... (arg<...>). `tag` is the operation's name as its
// header spells it, `reference` the key of tests/reference/reference.json whose PyTorch values
// cover it ("elementary.exp": the entry exp of elementary).
template <class Op, class... A>
struct law {
  using op = Op;
  std::string_view tag;
  std::string_view reference;

  static constexpr std::size_t arity = sizeof...(A);
  template <std::size_t I>
  using argument = std::tuple_element_t<I, std::tuple<A...>>;

  // expression(): make<Op> on the arguments' variables; bare(): the node without rewrite rules.
  template <std::size_t... I>
  static constexpr auto expression(std::index_sequence<I...>) {
    return make<Op>(variable_t<I, A>{}...);
  }
  static constexpr auto expression() { return expression(std::index_sequence_for<A...>{}); }
  template <std::size_t... I>
  static constexpr auto bare(std::index_sequence<I...>) {
    return node<Op, variable_t<I, A>...>(variable_t<I, A>{}...);
  }
  // loss(): the expression, summed to a number if it is a tensor.
  static constexpr auto loss() {
    if constexpr (shape_of_t<decltype(expression())>::rank == 0)
      return expression();
    else
      return sum(expression());
  }

  // call<T>(f, k): f evaluated at sample k with bindings in T.
  template <class T, class F, std::size_t... I>
  static constexpr auto call(const F& f, std::size_t k, std::index_sequence<I...>) {
    return f((variable_t<I, A>{} = value<T, A>(k, I))...);
  }
  template <class T, class F>
  static constexpr auto call(const F& f, std::size_t k) {
    return call<T>(f, k, std::index_sequence_for<A...>{});
  }
};

// check_shape<L>(): the shape law, and float stays float.
template <class L>
void check_shape() {
  using Op = typename L::op;
  using E = decltype(L::expression());
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    using S =
        typename detail::result_shape<Op, typename L::template argument<I>::shape_type...>::type;
    static_assert(std::is_same_v<shape_of_t<E>, S>, "the expression's shape is Op's result_shape");
    static_assert(
        std::is_same_v<decltype(L::template call<double>(L::expression(), 0)), value_t<double, S>>);
    static_assert(
        std::is_same_v<decltype(L::template call<float>(L::expression(), 0)), value_t<float, S>>,
        "float bindings give a float value");
  }
  (std::make_index_sequence<L::arity>{});
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto check = [&](auto i) {
      constexpr std::size_t n = decltype(i)::value;
      using A = typename L::template argument<n>;
      if constexpr (A::differentiable) {
        using G = decltype(L::template call<float>(grad(L::loss(), variable_t<n, A>{}), 0));
        static_assert(std::is_same_v<G, value_t<float, typename A::shape_type>>,
                      "float bindings give a float gradient");
      }
    };
    (check(hana::size_c<I>), ...);
  }
  (std::make_index_sequence<L::arity>{});
}

// check_close_values(actual, expected, tolerance, what): element by element.
template <class V, class W>
void check_close_values(const V& actual, const W& expected, double tolerance,
                        const std::string& what) {
  using S = detail::value_shape_t<V>;
  static_assert(std::is_same_v<S, detail::value_shape_t<W>>);
  for (std::size_t j = 0; j < S::size; ++j)
    BOOST_TEST(check_close(element(actual, j), element(expected, j), tolerance, 1e-300),
               what << ", element " << j);
}

// check_simplify<L>(): make<Op> against the bare node, at every sample.
template <class L>
void check_simplify() {
  for (std::size_t k = 0; k < samples; ++k)
    check_close_values(L::template call<double>(L::expression(), k),
                       L::template call<double>(L::bare(std::make_index_sequence<L::arity>{}), k),
                       1e-15, "make<Op> against node<Op, ...> at sample " + std::to_string(k));
}

// in_domain<A>(value): a constant argument's value lies in A's domain.
template <class A>
constexpr bool in_domain(double v) {
  switch (A::where) {
  case domain::real:
    return true;
  case domain::positive:
    return v > 0;
  case domain::unit:
    return v > 0 && v < 1;
  case domain::above_one:
    return v > 1;
  case domain::index:
  case domain::mask:
    break;
  }
  return false;
}

// check_simplify_corners<L>(): for a scalar operation, make<Op> against the bare node where the
// rewrite rules have most to do: with a constant argument (0, 1, 2, 1/2, -1, where the argument's
// domain holds it: constant folding on its own, 0 * b, a / 1, ...) and, for two arguments, with
// both the same variable (a - a, a / a, a * a).
template <class L>
void check_simplify_corners() {
  using Op = typename L::op;
  constexpr bool scalar = [] {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((L::template argument<I>::shape_type::rank == 0) && ...);
    }
    (std::make_index_sequence<L::arity>{});
  }();
  if constexpr (scalar && L::arity <= 2) {
    constexpr var<"a"> a;
    constexpr var<"b"> b;
    const auto compare = [&](const auto& simplified, const auto& bare, const std::string& what) {
      for (std::size_t k = 0; k < samples; ++k) {
        using A0 = typename L::template argument<0>;
        using A1 = typename L::template argument<L::arity - 1>;
        // both the same variable: samples of the narrower domain (positive, for a real and a
        // positive argument)
        using AA = std::conditional_t<A1::where == domain::positive, A1, A0>;
        const double va = point<AA>(k, 0, 0);
        const double vb = point<A1>(k, 1, 0);
        const auto expected = bare(a = va, b = vb);
        BOOST_TEST(check_close(element(simplified(a = va, b = vb), 0), element(expected, 0), 1e-15,
                               1e-300),
                   what << " at a = " << va << ", b = " << vb);
      }
    };
    hana::for_each(hana::make_tuple(c<0>, c<1>, c<2>, c<1, 2>, c<-1>), [&](auto k) {
      using C = decltype(k);
      constexpr double value = C::template as<double>();
      if constexpr (L::arity == 1) {
        if constexpr (in_domain<typename L::template argument<0>>(value))
          compare(make<Op>(k), node<Op, C>(k), "make<Op>(" + to_string(k) + ")");
      } else {
        if constexpr (in_domain<typename L::template argument<0>>(value))
          compare(make<Op>(k, b), node<Op, C, var<"b">>(k, b), "make<Op>(" + to_string(k) + ", b)");
        if constexpr (in_domain<typename L::template argument<1>>(value))
          compare(make<Op>(a, k), node<Op, var<"a">, C>(a, k), "make<Op>(a, " + to_string(k) + ")");
      }
    });
    if constexpr (L::arity == 2)
      if constexpr (L::template argument<0>::differentiable
                    && L::template argument<1>::differentiable)
        compare(make<Op>(a, a), node<Op, var<"a">, var<"a">>(a, a), "make<Op>(a, a)");
  }
}

// check_pullback<L>(): Op::pullback by each differentiable argument on values against a central
// difference of Op::apply, contracted with an adjoint g of the result's shape.
template <class L>
void check_pullback() {
  using Op = typename L::op;
  for (std::size_t k = 0; k < samples; ++k) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      const auto values = std::tuple(value<double, typename L::template argument<I>>(k, I)...);
      const auto apply = [](const auto&... v) { return detail::apply<Op>(v...); };
      const auto r = apply(std::get<I>(values)...);
      using R = std::remove_cvref_t<decltype(r)>;
      using RS = detail::value_shape_t<R>;
      R g{};
      for (std::size_t j = 0; j < RS::size; ++j) {
        const double gj = 0.5 + 0.25 * static_cast<double>(j % 3);
        if constexpr (RS::rank == 0)
          g = gj;
        else
          g[j] = gj;
      }
      const auto contract = [&](const R& v) {
        double total = 0;
        for (std::size_t j = 0; j < RS::size; ++j)
          total += element(g, j) * element(v, j);
        return total;
      };
      const auto by = [&](auto i) {
        constexpr std::size_t n = decltype(i)::value;
        using A = typename L::template argument<n>;
        using S = typename A::shape_type;
        if constexpr (A::differentiable) {
          const auto pulled =
              detail::fit<double, S>(Op::pullback(hana::size_c<n>, g, std::get<I>(values)..., r));
          for (std::size_t j = 0; j < S::size; ++j) {
            const auto phi = [&](double t) {
              auto moved = values;
              auto& v = std::get<n>(moved);
              if constexpr (S::rank == 0)
                v = t;
              else
                v[j] = t;
              return std::apply([&](const auto&... w) { return contract(R(apply(w...))); }, moved);
            };
            const double fd = central_difference(phi, element(std::get<n>(values), j));
            BOOST_TEST(check_close(element(pulled, j), fd, fd_rel_tol, fd_abs_tol(contract(r))),
                       "pullback by argument " << n << ", element " << j << ", at sample " << k
                                               << " against a central difference of apply");
          }
        }
      };
      (by(hana::size_c<I>), ...);
    }
    (std::make_index_sequence<L::arity>{});
  }
}

// check_d_grad<L>(): d(loss, v) evaluated against grad(loss, v), for each differentiable argument.
template <class L>
void check_d_grad() {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto by = [&](auto i) {
      constexpr std::size_t n = decltype(i)::value;
      using A = typename L::template argument<n>;
      if constexpr (A::differentiable) {
        constexpr variable_t<n, A> v;
        const auto symbolic = d(L::loss(), v);
        const auto reverse = grad(L::loss(), v);
        for (std::size_t k = 0; k < samples; ++k)
          check_close_values(L::template call<double>(symbolic, k),
                             L::template call<double>(reverse, k), 1e-12,
                             "d against grad by argument " + std::to_string(n) + " at sample "
                                 + std::to_string(k));
      }
    };
    (by(hana::size_c<I>), ...);
  }
  (std::make_index_sequence<L::arity>{});
}

// check_constexpr<L>(): the value and the gradient by the first argument in constant evaluation
// equal those computed at run time (sample 1).
template <class L>
void check_constexpr() {
  constexpr auto value = L::template call<double>(L::expression(), 1);
  volatile std::size_t k = 1;  // a sample the compiler cannot fold
  check_close_values(value, L::template call<double>(L::expression(), k), 1e-15,
                     "the value in constant evaluation against run time");
  using A = typename L::template argument<0>;
  if constexpr (A::differentiable) {
    constexpr auto gradient = L::template call<double>(grad(L::loss(), variable_t<0, A>{}), 1);
    check_close_values(gradient, L::template call<double>(grad(L::loss(), variable_t<0, A>{}), k),
                       1e-15, "the gradient in constant evaluation against run time");
  }
}

// check_laws(law): every law of the operation.
template <class L>
void check_laws(const L& l) {
  BOOST_TEST_CONTEXT(l.tag << " on " << to_string(L::expression())) {
    check_shape<L>();
    check_simplify<L>();
    check_simplify_corners<L>();
    check_pullback<L>();
    check_d_grad<L>();
    check_constexpr<L>();
  }
}

}  // namespace ctgrad::test::laws

#endif  // CTGRAD_TESTS_SUPPORT_OPERATION_LAWS_HPP
