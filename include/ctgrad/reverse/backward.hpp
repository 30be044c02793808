// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// backward(loss, bindings...): PyTorch's loss.backward(), the reverse sweep adding into the
// .grad of every param bound to a variable of the loss. Example: examples/mse_gradient.cpp.
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/reverse/call.hpp>
#include <ctgrad/reverse/slot.hpp>
#include <ctgrad/reverse/terms.hpp>
#include <ctgrad/variable.hpp>

#include <boost/hana/bool.hpp>
#include <boost/hana/filter.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <tuple>
#include <type_traits>

namespace ctgrad::detail {

// is_param_binding_v<B>: binding B refers to a param.
template <class B>
constexpr bool is_param_binding_v = is_param_ref_v<typename B::value_type>;

// param_slot<V>(env): the slot that adds into the .grad of the param bound to V.
template <class V, class Env>
constexpr auto param_slot(const Env& env) {
  auto& grad = env.template value<V>().target->grad;
  return gradient_slot<V, std::remove_reference_t<decltype(grad)>, false>{&grad};
}

// backward_sweep(f, env): the reverse sweep by every variable of f bound to a param, adding into
// the params' .grad directly.
template <class F, bool Owning, class... B>
constexpr auto backward_sweep(const F& f, const basic_bindings<Owning, B...>& env) {
  using Env = basic_bindings<Owning, B...>;
  using T = value_type_t<F, Env>;
  constexpr auto targets = hana::filter(hana::tuple_t<B...>, [](auto b) {
    using binding = typename decltype(b)::type;
    return hana::bool_c < is_param_binding_v<binding> && contains_v < F,
           typename binding::variable >> ;
  });
  return hana::unpack(targets, [&](auto... b) {
    return forward_and_sweep<T>(
        f, env, hana::make_tuple(param_slot<typename decltype(b)::type::variable>(env)...));
  });
}

// backward_into(f, env): backward_sweep, flattened (its forward pass and sweep inlined into one
// function, see gradient_call) unless f has dynamic shapes (sized_at_run_time_v).
template <class F, bool Owning, class... B>
  requires(!sized_at_run_time_v<F>)
[[gnu::flatten]] constexpr auto backward_into(const F& f, const basic_bindings<Owning, B...>& env) {
  return backward_sweep(f, env);
}
template <class F, bool Owning, class... B>
  requires sized_at_run_time_v<F>
constexpr auto backward_into(const F& f, const basic_bindings<Owning, B...>& env) {
  return backward_sweep(f, env);
}

}  // namespace ctgrad::detail

namespace ctgrad {

// backward(loss, bindings...): like loss.backward() in PyTorch: one forward and one reverse
// sweep, adding d loss / d w into p.grad for every variable w bound to a param p (`w = p`).
// Plain data gets no gradient. Returns the loss.
template <Expression F, class... Args>
constexpr auto backward(const F& f, const Args&... args) {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: backward needs a scalar loss; reduce a tensor with sum or mean first");
  detail::check_lets(f);
  static_assert(detail::known_bindings<F, std::tuple<>, Args...>());
  const auto& env = detail::as_bindings(args...);
  static_assert(detail::bound_in<F, std::remove_cvref_t<decltype(env)>>());
  return detail::backward_into(f, env);
}

// backward of a loss folded to a number (see d): no gradient to add; returns the number.
template <Number F, class... Args>
constexpr auto backward(const F& f, const Args&... args) {
  return backward(as_expression(f), args...);
}

}  // namespace ctgrad
