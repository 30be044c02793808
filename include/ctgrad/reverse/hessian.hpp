// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// hessian(f, x, y, ...), hessian(f, v): the matrix of second derivatives of a scalar f, symmetric
// by construction, as torch.autograd.functional.hessian; hessian_pattern(f, x, y, ...): which of
// its entries can be nonzero, from the types alone; hvp(f, v, u): the Hessian-vector product
// without the Hessian, as torch.autograd.functional.hvp. Example: tests/runtime/hessian_test.cpp.
#pragma once

#include <ctgrad/derivative.hpp>
#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/reverse/gradient_fn.hpp>
#include <ctgrad/reverse/jacobian.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>
#include <ctgrad/variable.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// hessian_fn<F, V...>: the Hessian of f by the scalar variables V..., a function of the bindings
// returning an n x n tensor. Row i is one reverse sweep of d(f, v_i) by every variable; the entries
// from the diagonal on are kept and mirrored, so the result is symmetric whatever the rounding.
template <class F, class... V>
struct hessian_fn {
  F f;
  static constexpr std::size_t n = sizeof...(V);

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V...>, Args...>());
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    tensor<T, shape<n, n>> h{};
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (row<I>(env, h), ...);
    }
    (std::make_index_sequence<n>{});
    return h;
  }

  // row<I>(env, h): row I of the Hessian from the diagonal on, and its mirror in column I.
  template <std::size_t I, class Env, class H>
  constexpr void row(const Env& env, H& h) const {
    using VI = std::tuple_element_t<I, std::tuple<V...>>;
    const auto df = d(f, VI{});
    const auto r = gradient_fn<false, std::remove_const_t<decltype(df)>, V...>{{}, df}(env);
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      const auto put = [&](auto j, const auto& value) {
        constexpr std::size_t column = decltype(j)::value;
        if constexpr (column >= I) {
          h[I * n + column] = value;
          h[column * n + I] = value;
        }
      };
      if constexpr (n == 1)
        put(std::integral_constant<std::size_t, 0>{}, r);
      else
        (put(std::integral_constant<std::size_t, J>{}, std::get<J>(r)), ...);
    }
    (std::make_index_sequence<n>{});
  }
};

// tensor_hessian_fn<F, V>: the Hessian of f by the tensor variable V, of shape (V's shape, V's
// shape): the Jacobian of d(f, v), its upper triangle mirrored.
template <class F, class V>
struct tensor_hessian_fn {
  F f;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V>, Args...>());
    constexpr std::size_t n = shape_of_t<V>::size;
    // the bindings as one object: d(f, v) may lack variables of f
    auto h = jacobian(d(f, V{}), V{})(as_bindings(args...));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        h[j * n + i] = h[i * n + j];
    return h;
  }
};

}  // namespace ctgrad::detail

namespace ctgrad {

// hessian(f, x, y, ...): a function of the bindings that returns the n x n matrix of
// d(f, v_i, v_j) for scalar variables v_1..v_n, symmetric. hessian(f, v) for one tensor variable v
// returns the shape (v's shape, v's shape), as torch.autograd.functional.hessian does.
template <Expression F, Variable... V>
  requires(sizeof...(V) > 0)
constexpr auto hessian(const F& f, const V&...) {
  detail::check_lets(f);
  if constexpr (shape_of_t<F>::rank != 0) {
    static_assert(
        shape_of_t<F>::rank == 0,
        "ctgrad: hessian needs a scalar function; reduce a tensor with sum or mean first");
  } else if constexpr (sizeof...(V) == 1 && (shape_of_t<V>::rank + ... + 0) > 0) {
    return detail::tensor_hessian_fn<F, V...>{f};
  } else {
    static_assert(((shape_of_t<V>::rank == 0) && ...),
                  "ctgrad: hessian by several variables takes scalar variables; for a tensor "
                  "variable, take hessian(f, v) by it alone");
    return detail::hessian_fn<F, V...>{f};
  }
}

// hessian of an expression folded to a number (see d): zeros.
template <Number F, Variable... V>
  requires(sizeof...(V) > 0)
constexpr auto hessian(const F& f, const V&... v) {
  return hessian(as_expression(f), v...);
}

// hessian_pattern(f, x, y, ...): the entries of hessian(f, x, y, ...) that can be nonzero, known
// from the types: (i, j) is false where d(f, v_i, v_j) simplifies to the constant 0. A
// std::array of n rows of n bools, usable in static_assert.
template <Expression F, Variable... V>
  requires(sizeof...(V) > 0 && ((shape_of_t<V>::rank == 0) && ...))
constexpr auto hessian_pattern(const F&, const V&...) {
  constexpr std::size_t n = sizeof...(V);
  std::array<std::array<bool, n>, n> pattern{};
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    const auto row = [&](auto i) {
      constexpr std::size_t r = decltype(i)::value;
      using VI = std::tuple_element_t<r, std::tuple<V...>>;
      using DI = decltype(d(F{}, VI{}));
      std::size_t j = 0;
      ((pattern[r][j++] = !detail::is_zero_v<std::remove_cvref_t<decltype(d(DI{}, V{}))>>), ...);
    };
    (row(std::integral_constant<std::size_t, I>{}), ...);
  }
  (std::index_sequence_for<V...>{});
  return pattern;
}

// hvp(f, v, u): a function of the bindings (of f's variables and of u) that returns the
// Hessian-vector product H u, of v's shape, without forming H: one reverse sweep of the
// expression sum(d(f, v) * u) by v. u is a variable of v's shape that f does not contain, bound
// to the vector; torch.autograd.functional.hvp(f, v, u)[1].
template <Expression F, Variable V, Variable U>
constexpr auto hvp(const F& f, const V& v, const U& u) {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: hvp needs a scalar function; reduce a tensor with sum or mean first");
  static_assert(std::is_same_v<shape_of_t<V>, shape_of_t<U>>,
                "ctgrad: hvp(f, v, u): the direction u has v's shape");
  static_assert(!detail::contains_v<F, U> && !std::is_same_v<U, V>,
                "ctgrad: hvp(f, v, u): the direction u is a variable of its own, not one of f's");
  const auto directional = [&] {
    if constexpr (shape_of_t<V>::rank == 0)
      return d(f, v) * u;
    else
      return sum(d(f, v) * u);
  }();
  return detail::gradient_fn<false, decltype(directional), V>{{}, directional};
}

}  // namespace ctgrad
