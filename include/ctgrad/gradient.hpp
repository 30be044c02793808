// grad(f, v1, v2, ...) and value_and_grad(f, ...): every partial derivative of f in one reverse
// sweep over the expression type, sharing each node's value. Example: examples/mse_scalar.cpp.
#pragma once

#include <ctgrad/derivative.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>

#include <boost/hana/filter.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad {

namespace detail {

// value_of_t<T, E>: the type of E's value computed in T.
template <class T, class E>
using value_of_t = value_t<T, shape_of_t<E>>;

// tape<T, E>: the values of E and of all its subexpressions, recorded by the forward pass.
template <class T, class E>
struct tape {
  value_of_t<T, E> value;
};
template <class T, class Op, class A>
struct tape<T, node<Op, A>> {
  value_of_t<T, node<Op, A>> value;
  tape<T, A> a;
};
template <class T, class Op, class A, class B>
struct tape<T, node<Op, A, B>> {
  value_of_t<T, node<Op, A, B>> value;
  tape<T, A> a;
  tape<T, B> b;
};

// record<T>(e, env): the forward pass, which evaluates each node once.
template <class T, class E, class Env>
constexpr tape<T, E> record(const E& e, const Env& env) {
  if constexpr (!is_node_v<E>) {
    return {detail::evaluate<T>(e, env)};
  } else if constexpr (arity_v<E> == 1) {
    auto a = record<T>(e.a, env);
    return {apply<op_t<E>>(a.value), a};
  } else {
    auto a = record<T>(e.a, env);
    auto b = record<T>(e.b, env);
    return {apply<op_t<E>>(a.value, b.value), a, b};
  }
}

// index_of_v<E, V...>: the position of E among V..., or sizeof...(V).
template <class E, class... V>
inline constexpr std::size_t index_of_v = [] {
  constexpr std::array<bool, sizeof...(V)> same{std::is_same_v<E, V>...};
  std::size_t i = 0;
  while (i < same.size() && !same[i])
    ++i;
  return i;
}();

template <class E, class... V>
inline constexpr bool depends_v = (contains_v<E, V> || ...);

// has_flat_v<E>: E has an operation whose derivative is the constant 0 (Op::flat).
template <class E>
inline constexpr bool has_flat_v = false;
template <class Op, class... A>
inline constexpr bool has_flat_v<node<Op, A...>> = requires {
  Op::flat;
}
|| (has_flat_v<A> || ...);

// reachable_v<F, V>: the reverse sweep of F surely adds a contribution for V.
template <class F, class V>
inline constexpr bool reachable_v = contains_v<F, V> && !has_flat_v<F>;

// fit<T, S>(v): an adjoint v (a number, a tensor or a constant) as a value of shape S: summed
// over the dimensions along which S was broadcast, or broadcast when it is smaller.
template <class T, class S, class V>
constexpr value_t<T, S> fit(const V& v) {
  const auto value = as_number<T>(v);
  using from = value_shape_t<std::remove_cvref_t<decltype(value)>>;
  if constexpr (std::is_same_v<from, S>) {
    return value;
  } else if constexpr (from::size == S::size) {  // the same values, shaped as S
    value_t<T, S> result{};
    if constexpr (S::rank == 0)
      result = value[0];
    else if constexpr (from::rank == 0)
      result[0] = value;
    else
      result.data = value.data;
    return result;
  } else if constexpr (from::size > S::size) {
    return reduce_to<S>(value);
  } else {
    return map([](auto x, auto) { return x; }, value, tensor<T, S>{});
  }
}

// gradients<T, V...>: the partial derivatives by V..., one value of V's shape each.
template <class T, class... V>
using gradients = std::tuple<value_of_t<T, V>...>;

// sweep<V...>(e, t, adjoint, out): the reverse pass. It adds the adjoint of each target V into
// out and hands each argument that depends on a target its adjoint, Op::pullback(...).
template <class... V, class T, class E>
constexpr void sweep(const E& e, const tape<T, E>& t, const value_of_t<T, E>& adjoint,
                     gradients<T, V...>& out);

// sweep_arg<V...>(arg, t, pull, out): continue the reverse pass into one argument with the
// adjoint pull(), unless the argument does not depend on a target or its pullback is the
// constant 0. pull is only called when needed.
template <class... V, class T, class A, class Pull>
constexpr void sweep_arg(const A& arg, const tape<T, A>& t, Pull pull, gradients<T, V...>& out) {
  if constexpr (depends_v<A, V...>)
    if constexpr (!is_zero_v<decltype(pull())>)
      sweep<V...>(arg, t, fit<T, shape_of_t<A>>(pull()), out);
}

template <class... V, class T, class E>
constexpr void sweep(const E& e, const tape<T, E>& t, const value_of_t<T, E>& adjoint,
                     gradients<T, V...>& out) {
  if constexpr (constexpr std::size_t i = index_of_v<E, V...>; i < sizeof...(V))
    std::get<i>(out) += adjoint;
  if constexpr (arity_v<E> == 1) {
    using op = op_t<E>;
    sweep_arg<V...>(
        e.a, t.a, [&] { return op::pullback(hana::size_c<0>, adjoint, t.a.value, t.value); }, out);
  } else if constexpr (arity_v<E> == 2) {
    using op = op_t<E>;
    const auto& a = t.a.value;
    const auto& b = t.b.value;
    sweep_arg<V...>(
        e.a, t.a, [&] { return op::pullback(hana::size_c<0>, adjoint, a, b, t.value); }, out);
    sweep_arg<V...>(
        e.b, t.b, [&] { return op::pullback(hana::size_c<1>, adjoint, a, b, t.value); }, out);
  }
}

// as_result(values): one value as itself, several as the std::tuple, for structured bindings.
template <class... G>
constexpr auto as_result(const std::tuple<G...>& values) {
  if constexpr (sizeof...(G) == 1)
    return std::get<0>(values);
  else
    return values;
}

// gradient_fn<ValueToo, F, V...>: f's gradient by V..., a function of the bindings.
template <bool ValueToo, class F, class... V>
struct gradient_fn {
  F f;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    static_assert(shape_of_t<F>::rank == 0,
                  "ctgrad: grad needs a scalar function; reduce a tensor with sum or mean first");
    const auto env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    const tape<T, F> t = record<T>(f, env);
    // The sums start at -0.0, which is exactly v when v is added (+0.0 is not, for v = -0.0), so
    // the compiler drops the addition, and the first contribution's sign is kept, as PyTorch
    // does. A target that no contribution can reach (f lacks it, or only reaches it through
    // sign or heaviside, whose derivative is 0) stays +0.0.
    gradients<T, V...> out{fit<T, shape_of_t<V>>(reachable_v<F, V> ? -T(0) : T(0))...};
    sweep<V...>(f, t, T(1), out);
    if constexpr (ValueToo)
      return std::pair{t.value, as_result(out)};
    else
      return as_result(out);
  }
};

// is_param_binding_v<B>: binding B refers to a param.
template <class B>
inline constexpr bool is_param_binding_v = is_param_ref_v<typename B::value_type>;

// accumulate<V...>(env, out): adds each gradient into the .grad of the param bound to V.
template <class... V, class Env, class Out>
constexpr void accumulate(const Env& env, const Out& out) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((env.template value<V>().target->grad += std::get<I>(out)), ...);
  }
  (std::index_sequence_for<V...>{});
}

// backward_into(f, env): the reverse sweep by every variable of f bound to a param.
template <class F, class... B>
constexpr auto backward_into(const F& f, const bindings<B...>& env) {
  using T = value_type_t<F, bindings<B...>>;
  const tape<T, F> t = record<T>(f, env);
  constexpr auto targets = hana::filter(hana::tuple_t<B...>, [](auto b) {
    using binding = typename decltype(b)::type;
    return hana::bool_c < is_param_binding_v<binding> && contains_v < F,
           typename binding::variable >> ;
  });
  hana::unpack(targets, [&](auto... b) {
    gradients<T, typename decltype(b)::type::variable...> out{
        fit<T, shape_of_t<typename decltype(b)::type::variable>>(-T(0))...};
    sweep<typename decltype(b)::type::variable...>(f, t, T(1), out);
    accumulate<typename decltype(b)::type::variable...>(env, out);
  });
  return t.value;
}

// jacobian_fn<F, V>: the Jacobian of f by v, a function of the bindings.
template <class F, class V>
struct jacobian_fn {
  F f;

  template <class... Args>
  constexpr auto operator()(const Args&... args) const {
    const auto env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    using out_shape = shape_of_t<F>;
    using in_shape = shape_of_t<V>;
    using result_shape = concat_shape_t<out_shape, in_shape>;
    const tape<T, F> t = record<T>(f, env);
    value_t<T, result_shape> result{};
    for (std::size_t k = 0; k < out_shape::size; ++k) {
      value_of_t<T, F> seed{};  // the adjoint that picks output k
      if constexpr (out_shape::rank == 0)
        seed = T(1);
      else
        seed[k] = T(1);
      gradients<T, V> row{fit<T, in_shape>(T(0))};
      sweep<V>(f, t, seed, row);
      if constexpr (result_shape::rank == 0)
        result = std::get<0>(row);
      else if constexpr (in_shape::rank == 0)
        result[k] = std::get<0>(row);
      else
        for (std::size_t j = 0; j < in_shape::size; ++j)
          result[k * in_shape::size + j] = std::get<0>(row)[j];
    }
    return result;
  }
};

}  // namespace detail

// backward(loss, bindings...): like loss.backward() in PyTorch: one forward and one reverse
// sweep, adding d loss / d w into p.grad for every variable w bound to a param p (`w = p`).
// Plain data gets no gradient. Returns the loss.
template <Expression F, class... Args>
constexpr auto backward(const F& f, const Args&... args) {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: backward needs a scalar loss; reduce a tensor with sum or mean first");
  return detail::backward_into(f, detail::as_bindings(args...));
}

// jacobian(f, v): a function of the bindings that returns the Jacobian of f by v, of shape
// (f's shape, v's shape): one reverse sweep per element of f, sharing one forward pass.
template <Expression F, class V>
constexpr auto jacobian(const F& f, const V&) {
  static_assert(detail::check_target<F, V>());
  return detail::jacobian_fn<F, V>{f};
}

// grad(f, v1, v2, ...): a function of the bindings that returns df/dv1, df/dv2, ... computed by
// one forward and one reverse pass; one target gives a number, several a std::tuple.
// `auto [dx, dy] = grad(f, x, y)(x = 1.0, y = 2.0);`
template <Expression F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto grad(const F& f, const V&...) {
  static_assert((detail::check_target<F, V>() && ...));
  return detail::gradient_fn<false, F, V...>{f};
}

// value_and_grad(f, v1, ...): like grad, but returns the pair {f's value, gradient}.
template <Expression F, class... V>
  requires(sizeof...(V) > 0)
constexpr auto value_and_grad(const F& f, const V&...) {
  static_assert((detail::check_target<F, V>() && ...));
  return detail::gradient_fn<true, F, V...>{f};
}

}  // namespace ctgrad
