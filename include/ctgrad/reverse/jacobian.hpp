// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// jacobian(f, v): the Jacobian of a tensor expression f by v, one reverse sweep per element of f
// from one forward pass. Example: examples/softmax_gradient.cpp.
#pragma once

#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/reverse/slot.hpp>
#include <ctgrad/reverse/sweep.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/tuple.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>

namespace ctgrad::detail {

// jacobian_fn<F, V>: the Jacobian of f by v, a function of the bindings.
template <class F, class V>
struct jacobian_fn {
  F f;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V>, Args...>());
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    using out_shape = shape_of_t<F>;
    using in_shape = shape_of_t<V>;
    using result_shape = concat_shape_t<out_shape, in_shape>;
    const forward_t<T, F, std::remove_cvref_t<decltype(env)>> t(f, env);
    value_t<T, result_shape> result{};
    for (std::size_t k = 0; k < out_shape::size; ++k) {
      value_of_t<T, F> seed{};  // the adjoint that picks output k
      if constexpr (out_shape::rank == 0)
        seed = T(1);
      else
        seed[k] = T(1);
      value_of_t<T, V> row{};
      sweep_root(f, t, seed, hana::make_tuple(slot<F, V, occurrences_in_v<F, V>[0]>(row)));
      if constexpr (result_shape::rank == 0)
        result = row;
      else if constexpr (in_shape::rank == 0)
        result[k] = row;
      else
        for (std::size_t j = 0; j < in_shape::size; ++j)
          result[k * in_shape::size + j] = row[j];
    }
    return result;
  }
};

}  // namespace ctgrad::detail

namespace ctgrad {

// jacobian(f, v): a function of the bindings that returns the Jacobian of f by v, of shape
// (f's shape, v's shape): one reverse sweep per element of f, sharing one forward pass.
template <Expression F, class V>
constexpr auto jacobian(const F& f, const V&) {
  static_assert(detail::check_target<F, V>());
  detail::check_lets(f);
  return detail::jacobian_fn<F, V>{f};
}

// jacobian of an expression folded to a number (see d).
template <Number F, class V>
constexpr auto jacobian(const F& f, const V& v) {
  return jacobian(as_expression(f), v);
}

}  // namespace ctgrad
