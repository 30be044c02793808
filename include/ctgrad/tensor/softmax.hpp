// softmax<Dim>(x) and log_softmax<Dim>(x) along one dimension, as F.softmax(x, dim) and
// F.log_softmax(x, dim): numerically stable (the maximum along the dimension is subtracted before
// exp), usable in constant expressions, with PyTorch's backward formulas. The dimension may be
// negative (-1 is the last) or a constant: softmax(x, 0_c). Example:
// tests/runtime/tensor_ops_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/tensor/reductions.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <cstdint>

namespace ctgrad {

namespace hana = boost::hana;

namespace detail {

// softmax_along<Dim, Log>(v): softmax (or log_softmax) of each slice of v along dimension Dim,
// as PyTorch's CPU kernel computes it: m = max(x), s = sum(exp(x - m)), then exp(x - m) / s (or
// x - m - log(s)). A NaN in a slice makes its maximum, and so the whole slice, NaN.
template <std::size_t Dim, bool Log, class T, class S>
constexpr tensor<T, S> softmax_along(const tensor<T, S>& v) {
  const auto L = layout_along<Dim>(v);
  auto result = zeros_of<tensor<T, S>>(v.dims());
  if (L.n > 0)
    for (std::size_t o = 0; o < L.outer; ++o)
      for (std::size_t i = 0; i < L.inner; ++i) {
        T max = v[L.at(o, 0, i)];
        for (std::size_t k = 1; k < L.n; ++k) {
          const T x = v[L.at(o, k, i)];
          if (x > max || math::isnan(x))
            max = x;
        }
        T sum{};
        for (std::size_t k = 0; k < L.n; ++k) {
          const T e = math::exp(v[L.at(o, k, i)] - max);
          if constexpr (!Log)
            result[L.at(o, k, i)] = e;
          sum += e;
        }
        if constexpr (Log) {
          const T log_sum = math::log(sum);
          for (std::size_t k = 0; k < L.n; ++k)
            result[L.at(o, k, i)] = v[L.at(o, k, i)] - max - log_sum;
        } else {
          for (std::size_t k = 0; k < L.n; ++k)
            result[L.at(o, k, i)] /= sum;
        }
      }
  return result;
}

template <std::size_t Dim, class S>
struct softmax_shape {
  static_assert(Dim < S::rank,
                "ctgrad: softmax<Dim>(x) and log_softmax<Dim>(x) need Dim < the rank of x");
  using type = S;
};

}  // namespace detail

// softmax_op<Dim>: exp(x) / sum(exp(x)) along dimension Dim.
template <std::size_t Dim>
struct softmax_op {
  static constexpr auto name = "softmax";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = typename detail::softmax_shape<Dim, S>::type;

  template <class T, class S>
  static constexpr auto apply(const tensor<T, S>& v) {
    return detail::softmax_along<Dim, false>(v);
  }
  // PyTorch's formula (softmax_backward_data): r * (grad - sum(grad * r, dim, keepdim=True)).
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return r * (g - detail::call<sum_dim_op<Dim, true>>(g * r));
  }
};

// log_softmax_op<Dim>: x - log(sum(exp(x))) along dimension Dim.
template <std::size_t Dim>
struct log_softmax_op {
  static constexpr auto name = "log_softmax";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = typename detail::softmax_shape<Dim, S>::type;

  template <class T, class S>
  static constexpr auto apply(const tensor<T, S>& v) {
    return detail::softmax_along<Dim, true>(v);
  }
  // PyTorch's formula (log_softmax_backward_data): grad - exp(r) * sum(grad, dim, keepdim=True).
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return g - ctgrad::exp(r) * detail::call<sum_dim_op<Dim, true>>(g);
  }
};

// softmax<Dim>(x), log_softmax<Dim>(x): along dimension Dim of x (-1 is the last dimension).
template <std::intmax_t Dim, Operand E>
constexpr auto softmax(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: softmax<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, softmax_op>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto log_softmax(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: log_softmax<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, log_softmax_op>(x);
}

// softmax(x, 0_c), log_softmax(x, 0_c): the same with the dimension as a constant, as
// F.softmax(x, 0).
template <Operand E, std::intmax_t Dim>
constexpr auto softmax(const E& x, constant<Dim, 1>) {
  return softmax<Dim>(x);
}
template <Operand E, std::intmax_t Dim>
constexpr auto log_softmax(const E& x, constant<Dim, 1>) {
  return log_softmax<Dim>(x);
}

}  // namespace ctgrad
