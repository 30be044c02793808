// Indexing with a compile-time index: p[2_c] is the slice of p at position 2 of its first
// dimension (a scalar for a vector, a row for a matrix). Example: tests/runtime/tensor_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <cstdint>

namespace ctgrad {

namespace hana = boost::hana;

template <std::size_t I>
struct index_op;

namespace detail {
// rest_shape<S>: S without its first dimension.
template <class S>
struct rest_shape;
template <std::size_t N0, std::size_t... N>
struct rest_shape<shape<N0, N...>> {
  using type = shape<N...>;
};

// slice<I>(v): the slice at position I of v's first dimension.
template <std::size_t I, class T, class S>
constexpr auto slice(const tensor<T, S>& v) {
  using R = typename rest_shape<S>::type;
  value_t<T, R> result{};
  if constexpr (R::rank == 0)
    result = v[I];
  else
    for (std::size_t k = 0; k < R::size; ++k)
      result[k] = v[I * R::size + k];
  return result;
}

// scatter<I, S>(g): a tensor of shape S, zero but for slice I, which is g (the adjoint of p[I]).
template <std::size_t I, class S, class G>
constexpr auto scatter(const G& g) {
  using T = element_t<G>;
  using R = typename rest_shape<S>::type;
  tensor<T, S> result{};
  if constexpr (R::rank == 0)
    result[I] = g;
  else
    for (std::size_t k = 0; k < R::size; ++k)
      result[I * R::size + k] = g[k];
  return result;
}
}  // namespace detail

// scatter_op<I, S>: a tensor of shape S, zero but for slice I, which is the argument: the
// adjoint of indexing at I.
template <std::size_t I, class S>
struct scatter_op {
  static constexpr auto name = "scatter";
  static constexpr bool elementwise = false;
  template <class>
  using result_shape = S;

  template <class G>
  static constexpr auto apply(const G& g) {
    return detail::scatter<I, S>(g);
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<index_op<I>>(g);
  }
};

// index_op<I>: the slice at position I of the first dimension.
template <std::size_t I>
struct index_op {
  static constexpr std::size_t index = I;
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(S::rank > 0, "ctgrad: only a tensor can be indexed");
    static_assert(I < S::dims[0], "ctgrad: the index is out of the tensor's first dimension");
    using type = typename detail::rest_shape<S>::type;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::slice<I>(v);
  }
  // PyTorch's formula: zeros of the argument's shape, with the slice set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<scatter_op<I, detail::any_shape_t<A>>>(g);
  }
};

template <class Derived>
template <std::intmax_t I>
constexpr auto expression_interface<Derived>::operator[](constant<I>) const {
  static_assert(I >= 0, "ctgrad: a negative index");
  return make<index_op<static_cast<std::size_t>(I)>>(static_cast<const Derived&>(*this));
}

}  // namespace ctgrad
