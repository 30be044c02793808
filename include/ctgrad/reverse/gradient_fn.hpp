// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// gradient_fn<ValueToo, F, V...>: what grad and value_and_grad return, a function of the
// bindings that builds the gradient's result (uninitialized) and sweeps into it.
#pragma once

#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/call.hpp>
#include <ctgrad/reverse/into.hpp>
#include <ctgrad/reverse/slot.hpp>
#include <ctgrad/reverse/terms.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/tuple.hpp>

#include <cstddef>
#include <limits>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// uninitialized{}: converts to a number, a tensor or a std::tuple of them whose numbers are left
// uninitialized, for the result of a gradient, which the sweep's slots write before anything
// reads them: a std::pair or a std::tuple made by its default constructor is zero-filled first
// (8 KB for a gradient of 1024 doubles). In constant evaluation, where reading an uninitialized
// number is an error, the values are zero. A tensor is made in place (one variable, returned, for
// GCC's return value optimization; its own operator, since a second return would prevent that),
// so no tensor is zero-filled at run time. With CTGRAD_POISON_GRADIENTS defined (the runtime
// tests define it) the values start as NaN, so that an element the sweep leaves unwritten shows
// in the result.
struct uninitialized {
  template <Number G>
  constexpr operator G() const {
#ifdef CTGRAD_POISON_GRADIENTS
    if (!std::is_constant_evaluated())
      return std::numeric_limits<G>::quiet_NaN();
#endif
    return G(0);  // costs nothing; an uninitialized number would be a warning
  }
  template <TensorValue G>
    requires(value_shape_t<G>::is_static&& stored_inline_v<element_t<G>, G::size()>)
  constexpr operator G() const {
    G g;
    if (std::is_constant_evaluated())
      g = G{};
#ifdef CTGRAD_POISON_GRADIENTS
    else
      g = fit<element_t<G>, value_shape_t<G>>(std::numeric_limits<element_t<G>>::quiet_NaN());
#endif
    return g;
  }
  template <TensorValue G>
    requires(value_shape_t<G>::is_static && !stored_inline_v<element_t<G>, G::size()>)
  constexpr operator G() const {
    G g{unset<G>()};  // zero in constant evaluation (heap_array)
#ifdef CTGRAD_POISON_GRADIENTS
    if (!std::is_constant_evaluated())
      g.data.fill(std::numeric_limits<element_t<G>>::quiet_NaN());
#endif
    return g;
  }
  // A tensor of a dynamic shape has no elements yet: sized_for gives it its dimensions.
  template <TensorValue G>
    requires(!value_shape_t<G>::is_static)
  constexpr operator G() const {
    return G{};
  }
  template <class... G>
  constexpr operator std::tuple<G...>() const {
    return std::tuple<G...>(((void)sizeof(G), uninitialized{})...);
  }
};

// sized_for<V>(g, env): the gradient g by V made with the dimensions of V's bound value, when V's
// shape is dynamic (its values uninitialized, or NaN as uninitialized's are).
template <class V, class G, class Env>
constexpr void sized_for(G& g, const Env& env) {
  if constexpr (!shape_of_t<V>::is_static && Env::template has<V>) {
    g = G(dims_of(env.template value<V>()), no_init);
#ifdef CTGRAD_POISON_GRADIENTS
    g.data.fill(std::numeric_limits<element_t<G>>::quiet_NaN());
#endif
  }
}

// gradient_of<T, V...>::type: the gradient by V...: one value for one target, a std::tuple
// (structured bindings) for several.
template <class T, class... V>
struct gradient_of {
  using type = std::tuple<value_of_t<T, V>...>;
};
template <class T, class V>
struct gradient_of<T, V> {
  using type = value_of_t<T, V>;
};

// is_span_v<R>: R is a std::span.
template <class R>
constexpr bool is_span_v = false;
template <class E, std::size_t N>
constexpr bool is_span_v<std::span<E, N>> = true;

// gradient_fn<ValueToo, F, V...>: f's gradient by V..., a function of the bindings. The result is
// built first and the sweep writes into it: one value for one target, a std::tuple for several,
// and with ValueToo the std::pair {f's value, gradient}.
template <bool ValueToo, class F, class... V>
struct gradient_fn : gradient_call<gradient_fn<ValueToo, F, V...>, F> {
  static_assert(shape_of_t<F>::rank == 0,
                "ctgrad: grad needs a scalar function; reduce a tensor with sum or mean first");
  static constexpr bool value_too = ValueToo;
  F f;

  // call(bindings...): the gradient at the bindings (gradient_call's operator())
  template <class... Args>
  constexpr auto call(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V...>, Args...>());
    const auto& env = as_bindings(args...);
    using Env = std::remove_cvref_t<decltype(env)>;
    static_assert(bound_in<F, Env>());
    using T = value_type_t<F, Env>;
    using gradient_type = typename gradient_of<T, V...>::type;
    if constexpr (ValueToo)
      return value_and_gradient<gradient_type, T>(env);
    else
      return gradient<gradient_type, T>(env);
  }

  // into(out...): the same function writing the gradient into out..., one place per variable in
  // the order of V... (gradient_into_fn). A std::span is kept by value, other places by reference;
  // so is this function when it is named (an lvalue), rather than copied at every call: the
  // result of into() must not outlive it, nor the places.
  template <class... Out>
  constexpr auto into(Out&&... out) const& {
    return make_into<const gradient_fn&>(*this, std::forward<Out>(out)...);
  }
  template <class... Out>
  constexpr auto into(Out&&... out) && {
    return make_into<gradient_fn>(std::move(*this), std::forward<Out>(out)...);
  }

  template <class Fn, class Self, class... Out>
  static constexpr auto make_into(Self&& self, Out&&... out) {
    static_assert(sizeof...(Out) == sizeof...(V),
                  "ctgrad: into takes one place per variable of the gradient, in the order grad "
                  "or value_and_grad names them");
    static_assert(((std::is_lvalue_reference_v<Out> || is_span_v<std::remove_cvref_t<Out>>)&&...),
                  "ctgrad: into writes into lvalues (a number, a tensor, a std::array, a "
                  "std::vector) or std::spans; what it wrote into a temporary would be lost");
    return gradient_into_fn<Fn, std::tuple<Out...>, V...>{
        {}, std::forward<Self>(self), std::tuple<Out...>(std::forward<Out>(out)...)};
  }

  // value_and_gradient<G, T>(env), gradient<G, T>(env): the result, each built where it is
  // returned (one variable at the outermost scope, which GCC constructs in place), and not
  // zero-filled first (uninitialized).
  template <class G, class T, class Env>
  constexpr auto value_and_gradient(const Env& env) const {
    std::pair<T, G> result(T(0), uninitialized{});
    result.first = sweep_into<T>(env, result.second);
    return result;
  }
  template <class G, class T, class Env>
  constexpr G gradient(const Env& env) const {
    G result = uninitialized{};
    sweep_into<T>(env, result);
    return result;
  }

  // sweep_into<T>(env, gradient): f's value, and one reverse sweep writing into gradient.
  template <class T, class Env, class G>
  constexpr T sweep_into(const Env& env, G& gradient) const {
    constexpr auto count = occurrences_in_v<F, V...>;
    if constexpr (sizeof...(V) == 1) {
      sized_for<V...>(gradient, env);
      return forward_and_sweep<T>(f, env, hana::make_tuple(slot<F, V..., count[0]>(gradient)));
    } else
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        (sized_for<V>(std::get<I>(gradient), env), ...);
        return forward_and_sweep<T>(
            f, env, hana::make_tuple(slot<F, V, count[I]>(std::get<I>(gradient))...));
      }
    (std::index_sequence_for<V...>{});
  }
};

}  // namespace ctgrad::detail
