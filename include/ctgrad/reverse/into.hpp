// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// gradient_into_fn: a gradient function writing into the caller's places (grad(...).into(...)),
// and place<T, V>(out), which checks a place and makes it a slot's target.
#pragma once

#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/reverse/call.hpp>
#include <ctgrad/reverse/slot.hpp>
#include <ctgrad/variable.hpp>

#include <cstddef>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// FitsPlace<R, T, S>: into() can write a gradient of shape S in T into a contiguous range R: its
// elements are T, not const, and as many as S has when R's type fixes their number.
template <class R, class T>
constexpr bool elements_are_v =
    std::is_same_v<std::remove_reference_t<std::ranges::range_reference_t<R>>, T>;
template <class R>
constexpr std::size_t place_extent_v = static_extent_v<std::remove_cv_t<R>>;
template <class R, std::size_t N>
constexpr bool extent_fits_v = place_extent_v<R> == 0 || place_extent_v<R> == N;
template <class R, class T, class S>
concept FitsPlace =
    std::ranges::contiguous_range<R> && elements_are_v<R, T> && extent_fits_v<R, S::size>;

// number_out<T>: a scalar variable's gradient for into(), summed in a local variable that the
// compiler can keep in a register (the caller's number might alias a bound value, so adding into
// it would go through memory at every contribution), and written to *out at the end (finish).
template <class T>
struct number_out {
  T value;
  T* out;
  constexpr void finish() const { *out = value; }
};

// place<T, V>(out): where into() writes the gradient by V computed in T, given out: a
// number_out for a number, a pointer to a tensor of V's shape, or a tensor_out over a contiguous
// range of T with V's number of elements. A compile error naming V for anything else
// (misfit_place), and std::invalid_argument naming V for a range whose size, known only at run
// time, differs.
template <class T, class V, class O>
constexpr auto place(O& out) {
  using S = shape_of_t<V>;
  using R = std::remove_reference_t<O>;
  if constexpr (S::rank == 0 && std::is_same_v<R, T>) {
    return number_out<T>{T(0), &out};
  } else if constexpr (std::is_same_v<R, value_of_t<T, V>>) {
    return &out;
  } else if constexpr (S::rank == 0 || !FitsPlace<R, T, S>) {
    return (misfit_place<V>(), static_cast<value_of_t<T, V>*>(nullptr));
  } else {
    if constexpr (place_extent_v<R> == 0)
      if (const std::size_t given = std::ranges::size(out); given != S::size)
        throw std::invalid_argument(
            "ctgrad: into: the gradient by variable '" + std::string(V::name.view())
            + "' has shape " + shape_text<S>() + " (" + std::to_string(S::size)
            + " values), but the place given for it holds " + std::to_string(given));
    return tensor_out<T, S>{std::ranges::data(out)};
  }
}

// target_of(p): what place() gave, as the target of a slot: a number_out's value, the tensor a
// pointer points to, or the tensor_out itself.
template <class P>
constexpr auto& target_of(P& p) {
  if constexpr (std::is_pointer_v<P>)
    return *p;
  else if constexpr (requires { p.finish(); })
    return p.value;
  else
    return p;
}

// gradient_into_fn<Fn, Out, V...>: a gradient_fn (Fn, or a reference to one) writing the gradient
// into the caller's places, Out = std::tuple<places...> (gradient_fn::into): the sweep writes each
// partial derivative there as it would into a result (a number into a local variable first:
// number_out). Every place is checked before anything is written. Returns f's value
// (ValueToo) or nothing. The places must not overlap the bound values, which the sweep may read
// after writing a place.
template <class Fn, class Out, class... V>
struct gradient_into_fn
    : gradient_call<gradient_into_fn<Fn, Out, V...>, decltype(std::remove_cvref_t<Fn>::f)> {
  Fn fn;  // the gradient_fn, or a reference to it
  Out out;

  using F = decltype(std::remove_cvref_t<Fn>::f);

  // call(bindings...): writes the gradient at the bindings (gradient_call's operator())
  template <class... Args>
  constexpr auto call(const Args&... args) const {
    static_assert(known_bindings<F, std::tuple<V...>, Args...>());
    const auto& env = as_bindings(args...);
    using T = value_type_t<F, std::remove_cvref_t<decltype(env)>>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      auto places = std::tuple(place<T, V>(std::get<I>(out))...);
      const T value = [&] {
        if constexpr (sizeof...(V) == 1) {
          return fn.template sweep_into<T>(env, target_of(std::get<0>(places)));
        } else {
          std::tuple<decltype(target_of(std::get<I>(places)))...> targets(
              target_of(std::get<I>(places))...);
          return fn.template sweep_into<T>(env, targets);
        }
      }();
      const auto finish = [](const auto& p) {
        if constexpr (requires { p.finish(); })
          p.finish();
      };
      (finish(std::get<I>(places)), ...);
      if constexpr (std::remove_cvref_t<Fn>::value_too)
        return value;
    }
    (std::index_sequence_for<V...>{});
  }
};

}  // namespace ctgrad::detail
