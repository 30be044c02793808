// jvp(f, v, u): the Jacobian-vector product J u of f by v in the direction u, of f's shape, as
// torch.autograd.functional.jvp(f, v, u)[1], without forming J. Example:
// tests/runtime/hessian_test.cpp.
#pragma once

#include <ctgrad/derivative.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/gradient_fn.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>
#include <ctgrad/variable.hpp>

#include <boost/hana/map.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/type.hpp>

#include <tuple>
#include <type_traits>

namespace ctgrad::detail {

// with_binding<W>(env, w): env and the binding W = w, as bindings that point to the values.
template <class W, class T, bool Owning, class... B>
constexpr auto with_binding(const basic_bindings<Owning, B...>& env, const T& w) {
  return basic_bindings<false, B..., binding<W, T>>{
      boost::hana::make_map(boost::hana::make_pair(boost::hana::type_c<typename B::variable>,
                                                   &env.template value<typename B::variable>())...,
                            boost::hana::make_pair(boost::hana::type_c<W>, &w))};
}

// jvp_fn<F, V, U, W, G>: J u for the bindings of f's variables and of u. G is the scalar
// sum(d(sum(f * w), v) * u) = w . (J u), linear in the variable W of f's shape: its gradient by
// W, one reverse sweep of the vector-Jacobian product's expression, is J u whatever w is.
template <class F, class V, class U, class W, class G>
struct jvp_fn {
  F f;
  G g;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V, U>, Args...>());
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    // any w gives J u: zeros, or f's value where the shape is known only at run time
    const auto w = [&] {
      if constexpr (sized_at_run_time_v<F>)
        return evaluate(f, env);
      else
        return value_of_t<T, F>{};
    }();
    return gradient_fn<false, G, W>{{}, g}(with_binding<W>(env, w));
  }
};

}  // namespace ctgrad::detail

namespace ctgrad {

// jvp(f, v, u): a function of the bindings (of f's variables and of u) that returns J u, the
// derivative of f by v in the direction u, of f's shape; torch.autograd.functional.jvp(f, v,
// u)[1]. u is a variable of v's shape that f does not contain, bound to the direction.
template <Expression F, Variable V, Variable U>
constexpr auto jvp(const F& f, const V& v, const U& u) {
  using W = var<"ctgrad.jvp.w", shape_of_t<F>>;
  static_assert(std::is_same_v<shape_of_t<V>, shape_of_t<U>>,
                "ctgrad: jvp(f, v, u): the direction u has v's shape");
  static_assert(!detail::contains_v<F, U> && !std::is_same_v<U, V>,
                "ctgrad: jvp(f, v, u): the direction u is a variable of its own, not one of f's");
  detail::check_lets(f);
  const auto vjp = [&] {  // J^T w
    if constexpr (shape_of_t<F>::rank == 0)
      return d(f * W{}, v);
    else
      return d(sum(f * W{}), v);
  }();
  const auto g = [&] {
    if constexpr (shape_of_t<V>::rank == 0)
      return vjp * u;
    else
      return sum(vjp * u);
  }();
  return detail::jvp_fn<F, V, U, W, std::remove_const_t<decltype(g)>>{f, g};
}

}  // namespace ctgrad
