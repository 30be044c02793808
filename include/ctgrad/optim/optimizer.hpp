// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// What the optimizers share. Parameter<P>: what an optimizer can update: a param<T, Shape> (value
// and .grad), a std::array of params, or a plain floating-point value, std::array or tensor whose
// gradient is passed to step(); each is a flat sequence of elements. basic_optimizer: the
// parameters, the per-element state, step(), zero_grad(); adam and sgd give it their rule.
#pragma once

#include <ctgrad/tensor/param.hpp>
#include <ctgrad/tensor/storage.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <array>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

// CTGRAD_OPTIM_INLINE: a step's update is inlined into the loop that calls step(), even where the
// compiler would not (GCC kept it out of line in minimize, which cost 8% of the Himmelblau run).
#if defined(__GNUC__)
#define CTGRAD_OPTIM_INLINE [[gnu::always_inline]] inline
#else
#define CTGRAD_OPTIM_INLINE inline
#endif

namespace ctgrad {

namespace detail {

// parameter_traits<P>: element_type and size (the number of elements) of the parameter type P,
// and whether it carries its own gradient (owns_grad). For other types, is_parameter is false and
// the rest is a placeholder, so that a wrong type gives one diagnostic, check_parameters's.
template <class P>
struct parameter_traits {
  static constexpr bool is_parameter = false;
  using element_type = float;
  static constexpr std::size_t size = 0;
  static constexpr bool owns_grad = false;
};

// parameter_info<T, Size, OwnsGrad>: the traits of a parameter type.
template <class T, std::size_t Size, bool OwnsGrad>
struct parameter_info {
  using element_type = T;
  static constexpr bool is_parameter = true;
  static constexpr std::size_t size = Size;
  static constexpr bool owns_grad = OwnsGrad;
};

template <std::floating_point T>
struct parameter_traits<T> : parameter_info<T, 1, false> {};
template <std::floating_point T, std::size_t N>
struct parameter_traits<std::array<T, N>> : parameter_info<T, N, false> {};
template <std::floating_point T, class S>
struct parameter_traits<tensor<T, S>> : parameter_info<T, S::size, false> {};
template <std::floating_point T, class S>
struct parameter_traits<param<T, S>> : parameter_info<T, S::size, true> {};
template <std::floating_point T, class S, std::size_t N>
struct parameter_traits<std::array<param<T, S>, N>>
    : parameter_info<T, S::is_static ? N * S::size : dyn, true> {};

// element_count_of(v): the number of elements of a parameter or gradient v: its static size, or
// for a dynamic shape the number it has.
template <class P>
constexpr std::size_t element_count_of(const P& v) {
  if constexpr (parameter_traits<P>::size != dyn) {
    return parameter_traits<P>::size;
  } else if constexpr (requires { v.value.size(); }) {
    return v.value.size();
  } else if constexpr (requires { v.size(); }) {
    return v.size();
  } else {
    std::size_t n = 0;
    for (const auto& p : v)
      n += element_count_of(p);
    return n;
  }
}

// elements(v): a pointer to the first of the contiguous elements of a number, array or tensor.
template <class T>
constexpr T* elements(T& v) {
  return &v;
}
template <class T, std::size_t N>
constexpr T* elements(std::array<T, N>& v) {
  return v.data();
}
template <class T, std::size_t N>
constexpr const T* elements(const std::array<T, N>& v) {
  return v.data();
}
template <class T, class S>
constexpr T* elements(tensor<T, S>& v) {
  return v.data.data();
}
template <class T, class S>
constexpr const T* elements(const tensor<T, S>& v) {
  return v.data.data();
}

// for_each_element(p, f): f(value&, grad) for each element of the param (or array of params) p,
// in order.
template <class T, class S, class F>
constexpr void for_each_element(param<T, S>& p, F&& f) {
  T* value = elements(p.value);
  const T* grad = elements(std::as_const(p.grad));
  const std::size_t n = element_count_of(p);
  for (std::size_t i = 0; i < n; ++i)
    f(value[i], grad[i]);
}
template <class T, class S, std::size_t N, class F>
constexpr void for_each_element(std::array<param<T, S>, N>& ps, F&& f) {
  for (auto& p : ps)
    for_each_element(p, f);
}

// for_each_element(v, g, f): f(value&, grad) for each element of the plain parameter v and its
// gradient g (of v's type, or a tensor of as many elements).
template <class P, class G, class F>
constexpr void for_each_element(P& v, const G& g, F&& f) {
  using traits = parameter_traits<P>;
  static_assert(parameter_traits<G>::is_parameter && !parameter_traits<G>::owns_grad,
                "ctgrad: a gradient passed to step() must be a floating-point number, std::array "
                "or tensor");
  constexpr std::size_t size = traits::size;
  constexpr std::size_t grad_size = parameter_traits<G>::size;
  static_assert(size == grad_size || size == dyn || grad_size == dyn,
                "ctgrad: a gradient passed to step() must have as many elements as its parameter");
  static_assert(
      std::is_same_v<typename parameter_traits<G>::element_type, typename traits::element_type>,
      "ctgrad: a gradient passed to step() must have its parameter's element type");
  const std::size_t n = element_count_of(v);
  if constexpr (size == dyn || grad_size == dyn) {
    if (element_count_of(g) != n)
      throw std::invalid_argument("ctgrad: a gradient passed to step() has "
                                  + std::to_string(element_count_of(g))
                                  + " elements, but its parameter has " + std::to_string(n));
  }
  auto* value = elements(v);
  const auto* grad = elements(g);
  for (std::size_t i = 0; i < n; ++i)
    f(value[i], grad[i]);
}

// grad_is_finite(p): every element of the gradient of p is finite.
template <class P>
bool grad_is_finite(P& p) {
  bool finite = true;
  for_each_element(p, [&](const auto&, auto g) { finite = finite && std::isfinite(g); });
  return finite;
}

}  // namespace detail

// Parameter<P>: P is something an optimizer can update: a param<T, Shape>, a std::array of them,
// or a plain floating-point number, std::array or tensor (whose gradient step() then takes).
template <class P>
concept Parameter = detail::parameter_traits<std::remove_cvref_t<P>>::is_parameter;

// ParamWithGrad<P>: a Parameter that carries its gradient (a param or an array of params).
template <class P>
concept ParamWithGrad = Parameter<P> && detail::parameter_traits<std::remove_cvref_t<P>>::owns_grad;

namespace detail {

// check_parameters<P...>(): the static_asserts that name a wrong parameter type.
template <class... P>
constexpr bool check_parameters() {
  static_assert((Parameter<P> && ...),
                "ctgrad: an optimizer updates param<T, Shape> objects, std::arrays of them, or "
                "plain floating-point numbers, std::arrays and tensors");
  static_assert((ParamWithGrad<P> && ...) || (!ParamWithGrad<P> && ...),
                "ctgrad: an optimizer's parameters are either all params (step() reads their "
                ".grad) or all plain values (step(gradients...) takes the gradients)");
  return true;
}

// optimizer_parameters<State, P...>: pointers to the parameters P... and one State per element of
// each (State<T> for element type T), inline up to 4 KB and on the heap above (storage_t), made
// once with the optimizer; for a parameter of a dynamic shape, as many as it has then.
template <template <class> class State, class... P>
struct optimizer_parameters {
  template <class Q>
  using state_storage =
      storage_t<State<typename parameter_traits<Q>::element_type>, parameter_traits<Q>::size>;

  std::tuple<P*...> targets;
  std::tuple<state_storage<P>...> states;

  constexpr explicit optimizer_parameters(P&... ps) : targets(&ps...), states(states_for(ps)...) {}

  // update(f): f(value&, grad, state&) for each element of each param.
  template <class F>
  constexpr void update(F&& f) {
    visit([&](auto& p, auto& state) {
      check_count(p, state);
      std::size_t k = 0;
      for_each_element(p, [&](auto& value, auto grad) { f(value, grad, state[k++]); });
    });
  }

  // update(f, grads...): the same for plain parameters, with their gradients.
  template <class F, class... G>
  constexpr void update(F&& f, const G&... grads) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (update_one(*std::get<I>(targets), grads, std::get<I>(states), f), ...);
    }
    (std::index_sequence_for<P...>{});
  }

  // zero_grad(): sets every param's .grad to 0.
  constexpr void zero_grad() {
    visit([](auto& p, auto&) { zero(p); });
  }

  // first_non_finite_grad(): the index of the first parameter whose gradient has a NaN or an
  // infinity, or sizeof...(P).
  std::size_t first_non_finite_grad() {
    std::size_t index = 0;
    std::size_t found = sizeof...(P);
    visit([&](auto& p, auto&) {
      if (found == sizeof...(P) && !grad_is_finite(p))
        found = index;
      ++index;
    });
    return found;
  }

private:
  template <class F>
  constexpr void visit(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (f(*std::get<I>(targets), std::get<I>(states)), ...);
    }
    (std::index_sequence_for<P...>{});
  }

  // states_for(p): p's state, one State per element, zero.
  template <class Q>
  static constexpr state_storage<Q> states_for(const Q& p) {
    if constexpr (parameter_traits<Q>::size == dyn)
      return state_storage<Q>(element_count_of(p));
    else
      return state_storage<Q>{};
  }

  // check_count(p, state): a parameter of a dynamic shape still has as many elements as when the
  // optimizer was made; else std::invalid_argument.
  template <class Q, class S>
  static constexpr void check_count(const Q& p, const S& state) {
    if constexpr (parameter_traits<Q>::size == dyn) {
      if (element_count_of(p) != state.size())
        throw std::invalid_argument("ctgrad: a parameter of the optimizer has "
                                    + std::to_string(element_count_of(p)) + " elements, but had "
                                    + std::to_string(state.size())
                                    + " when the optimizer was made");
    }
  }

  template <class Q, class G, class S, class F>
  static constexpr void update_one(Q& p, const G& g, S& state, F& f) {
    check_count(p, state);
    std::size_t k = 0;
    for_each_element(p, g, [&](auto& value, auto grad) { f(value, grad, state[k++]); });
  }

  template <class T, class S>
  static constexpr void zero(param<T, S>& p) {
    p.zero_grad();
  }
  template <class T, class S, std::size_t N>
  static constexpr void zero(std::array<param<T, S>, N>& ps) {
    for (auto& p : ps)
      p.zero_grad();
  }
};

// basic_optimizer<Rule, State, P...>: an optimizer over the parameters P... (referred to: they
// must outlive it) with per-element state State<T> and the update rule Rule: Rule(options)
// validates the options and computes what does not change between steps, rule.options() gives
// them back, and rule.dispatch(n, f) calls f(update), where update(value, grad, state) updates
// one element at step n (counted from 1). No virtual calls, and no allocation after construction.
template <class Rule, template <class> class State, class... P>
class basic_optimizer {
  static_assert(sizeof...(P) > 0, "ctgrad: an optimizer needs at least one parameter");
  static_assert(check_parameters<P...>());

public:
  // parameter_count: the number of parameters, sizeof...(P).
  static constexpr std::size_t parameter_count = sizeof...(P);

  using options_type = std::remove_cvref_t<decltype(std::declval<Rule>().options())>;

  // basic_optimizer(options, params...): throws std::invalid_argument naming a bad option.
  basic_optimizer(const options_type& options, P&... params)
      : rule_(options), parameters_(params...) {}

  // step(): one update of every param from its .grad, as optimizer.step().
  CTGRAD_OPTIM_INLINE void step() {
    static_assert((ParamWithGrad<P> && ...),
                  "ctgrad: these parameters are plain values: pass their gradients, "
                  "step(gradients...)");
    rule_.dispatch(++steps_, [&](const auto& update) { parameters_.update(update); });
  }

  // step(gradients...): one update of plain parameters, one gradient of the same size for each.
  template <class... G>
  CTGRAD_OPTIM_INLINE void step(const G&... gradients) {
    static_assert(sizeof...(G) == sizeof...(P),
                  "ctgrad: step(gradients...) takes one gradient per parameter");
    static_assert((!ParamWithGrad<P> && ...),
                  "ctgrad: these parameters are params: step() reads their .grad");
    rule_.dispatch(++steps_, [&](const auto& update) { parameters_.update(update, gradients...); });
  }

  // zero_grad(): every param's .grad set to 0, as optimizer.zero_grad().
  CTGRAD_OPTIM_INLINE void zero_grad() {
    static_assert((ParamWithGrad<P> && ...), "ctgrad: zero_grad() needs params");
    parameters_.zero_grad();
  }

  // first_non_finite_grad(): the index of the first param with a NaN or infinite gradient, or
  // the number of parameters when all are finite (used by minimize).
  CTGRAD_OPTIM_INLINE std::size_t first_non_finite_grad() {
    static_assert((ParamWithGrad<P> && ...),
                  "ctgrad: minimize needs an optimizer of params, whose .grad it checks");
    return parameters_.first_non_finite_grad();
  }

  const options_type& options() const { return rule_.options(); }
  // steps(): the number of steps taken, PyTorch's state["step"].
  std::size_t steps() const { return steps_; }

private:
  Rule rule_;
  std::size_t steps_ = 0;
  optimizer_parameters<State, P...> parameters_;
};

}  // namespace detail

}  // namespace ctgrad
