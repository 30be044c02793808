// Reductions along one dimension: sum<Dim>(x) and mean<Dim>(x) remove dimension Dim (torch.sum(x,
// dim), torch.mean(x, dim)), sum_keepdim<Dim>(x) keeps it with size 1 (keepdim=True). Dim may be
// negative, counted from the last dimension as in PyTorch, and may also be given as a constant:
// sum(x, 1_c). Also unsqueeze<Dim>(x) and squeeze<Dim>(x), which the derivatives use.
// Example: tests/runtime/tensor_ops_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace ctgrad {

namespace hana = boost::hana;

namespace detail {

// dim_in_range_v<Dim, Rank>: Dim names a dimension of a tensor of rank Rank (-Rank <= Dim < Rank).
template <std::intmax_t Dim, std::size_t Rank>
constexpr bool dim_in_range_v = Dim < static_cast<std::intmax_t>(Rank)
                                && Dim >= -static_cast<std::intmax_t>(Rank);

// normalized_dim_v<Dim, Rank>: Dim counted from the front (-1 is the last dimension).
template <std::intmax_t Dim, std::size_t Rank>
constexpr std::size_t normalized_dim_v =
    static_cast<std::size_t>(Dim < 0 ? Dim + static_cast<std::intmax_t>(Rank) : Dim);

// dim_of_v<Dim, E>: Dim names a dimension of E (an expression or a value).
template <std::intmax_t Dim, class E>
constexpr bool dim_of_v = dim_in_range_v<Dim, any_shape_t<E>::rank>;

// call_along<Dim, Op>(x): Op<d> applied to x, d being Dim counted from the front, when Dim names
// a dimension of x. The functions that take a dimension assert that first, each naming itself.
template <std::intmax_t Dim, template <std::size_t> class Op, class E>
constexpr auto call_along(const E& x) {
  constexpr std::size_t rank = any_shape_t<E>::rank;
  if constexpr (dim_in_range_v<Dim, rank>)
    return call<Op<normalized_dim_v<Dim, rank>>>(x);
}

// dim_layout<S, Dim>: a tensor of shape S seen as outer x n x inner, n being dimension Dim: the
// element (o, k, i) is at (o * n + k) * inner + i.
template <class S, std::size_t Dim>
struct dim_layout {
  static constexpr std::size_t n = S::dims[Dim];
  static constexpr std::size_t inner = [] {
    std::size_t p = 1;
    for (std::size_t d = Dim + 1; d < S::rank; ++d)
      p *= S::dims[d];
    return p;
  }();
  static constexpr std::size_t outer = [] {
    std::size_t p = 1;
    for (std::size_t d = 0; d < Dim; ++d)
      p *= S::dims[d];
    return p;
  }();
  static constexpr std::size_t at(std::size_t o, std::size_t k, std::size_t i) {
    return (o * n + k) * inner + i;
  }
};

// value_layout<Outer, N, Inner>: dim_layout for one value: its outer, n and inner are
// std::integral_constants when the value's shape is static (the loops are then those of fixed
// sizes), else numbers from its dims(). layout_along<Dim>(v) makes it.
template <class Outer, class N, class Inner>
struct value_layout {
  Outer outer;
  N n;
  Inner inner;
  constexpr std::size_t at(std::size_t o, std::size_t k, std::size_t i) const {
    return (o * n + k) * inner + i;
  }
};
template <std::size_t Dim, class V>
constexpr auto layout_along(const V& v) {
  using S = typename V::shape_type;
  if constexpr (S::is_static) {
    using L = dim_layout<S, Dim>;
    using outer = std::integral_constant<std::size_t, L::outer>;
    using n = std::integral_constant<std::size_t, L::n>;
    using inner = std::integral_constant<std::size_t, L::inner>;
    return value_layout<outer, n, inner>{};
  } else {
    const auto& dims = v.dims();
    std::size_t outer = 1;
    std::size_t inner = 1;
    for (std::size_t d = 0; d < Dim; ++d)
      outer *= dims[d];
    for (std::size_t d = Dim + 1; d < S::rank; ++d)
      inner *= dims[d];
    return value_layout<std::size_t, std::size_t, std::size_t>{outer, dims[Dim], inner};
  }
}

// reshaped_t<S, Dim, Kind>: S with dimension Dim removed (remove), set to 1 (keep), or with a new
// dimension 1 inserted before position Dim (insert).
enum class reshape_kind { remove, keep, insert };
template <class S, std::size_t Dim, reshape_kind Kind>
struct reshaped {
  static constexpr std::size_t rank = Kind == reshape_kind::remove ? (S::rank > 0 ? S::rank - 1 : 0)
                                      : Kind == reshape_kind::insert ? S::rank + 1
                                                                     : S::rank;
  static constexpr std::array<std::size_t, rank> dims = [] {
    std::array<std::size_t, rank> r{};
    std::size_t j = 0;
    for (std::size_t d = 0; d <= S::rank; ++d) {
      if (d == Dim && Kind == reshape_kind::insert)
        r[j++] = 1;
      if (d == S::rank)
        break;
      if (d == Dim && Kind == reshape_kind::remove)
        continue;
      r[j++] = (d == Dim && Kind == reshape_kind::keep) ? 1 : S::dims[d];
    }
    return r;
  }();
  using type = shape_from_t<dims>;
};
template <class S, std::size_t Dim, reshape_kind Kind>
using reshaped_t = typename reshaped<S, Dim, Kind>::type;

// reshaped_dims<Dim, Kind>(dims): dims reshaped as reshaped_t reshapes a shape's.
template <std::size_t Dim, reshape_kind Kind, std::size_t Rank>
constexpr auto reshaped_dims(const std::array<std::size_t, Rank>& dims) {
  constexpr std::size_t rank = Kind == reshape_kind::remove   ? (Rank > 0 ? Rank - 1 : 0)
                               : Kind == reshape_kind::insert ? Rank + 1
                                                              : Rank;
  std::array<std::size_t, rank> r{};
  std::size_t j = 0;
  for (std::size_t d = 0; d <= Rank; ++d) {
    if (d == Dim && Kind == reshape_kind::insert)
      r[j++] = 1;
    if (d == Rank)
      break;
    if (d == Dim && Kind == reshape_kind::remove)
      continue;
    r[j++] = (d == Dim && Kind == reshape_kind::keep) ? 1 : dims[d];
  }
  return r;
}

// zeros_of<R>(dims): a value of type R, zero: a number, or a tensor (of those dims if dynamic).
template <class R, std::size_t Rank>
constexpr R zeros_of(const std::array<std::size_t, Rank>& dims) {
  if constexpr (TensorValue<R>) {
    if constexpr (!R::shape_type::is_static)
      return R(dims);
    else
      return R{};
  } else {
    return R{};
  }
}

// reshape_value<R>(v): v's elements, row-major, as a value of shape R (a number for rank 0).
template <class R, class V>
constexpr auto reshape_value(const V& v) {
  using T = element_t<V>;
  value_t<T, R> result{};
  if constexpr (R::rank == 0) {
    if constexpr (TensorValue<V>)
      result = v[0];
    else
      result = v;
  } else if constexpr (TensorValue<V>) {
    result.data = v.data;
  } else {
    result[0] = v;
  }
  return result;
}
// reshape_value<R, Dim, Kind>(v): the same, the dimensions of a dynamic R those of v reshaped.
template <class R, std::size_t Dim, reshape_kind Kind, class V>
constexpr auto reshape_value(const V& v) {
  if constexpr (R::is_static || !TensorValue<V>) {
    return reshape_value<R>(v);
  } else {
    value_t<element_t<V>, R> result(reshaped_dims<Dim, Kind>(v.dims()), no_init);
    std::copy(v.begin(), v.end(), result.begin());
    return result;
  }
}

}  // namespace detail

template <std::size_t Dim>
struct squeeze_op;

// unsqueeze_op<Dim>: a new dimension of size 1 at position Dim (x.unsqueeze(Dim)).
template <std::size_t Dim>
struct unsqueeze_op {
  static constexpr auto name = "unsqueeze";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(Dim <= S::rank, "ctgrad: unsqueeze<Dim>(x) needs Dim <= the rank of x");
    using type = detail::reshaped_t<S, Dim, detail::reshape_kind::insert>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reshape_value<result_shape<detail::value_shape_t<V>>, Dim,
                                 detail::reshape_kind::insert>(v);
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<squeeze_op<Dim>>(g);
  }
};

// squeeze_op<Dim>: dimension Dim, of size 1, removed (x.squeeze(Dim)).
template <std::size_t Dim>
struct squeeze_op {
  static constexpr auto name = "squeeze";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(Dim < S::rank, "ctgrad: squeeze<Dim>(x) needs Dim < the rank of x");
    static_assert(S::dims[Dim] == 1 || S::dims[Dim] == dyn,
                  "ctgrad: squeeze<Dim>(x) needs dimension Dim of size 1");
    using type = detail::reshaped_t<S, Dim, detail::reshape_kind::remove>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reshape_value<result_shape<detail::value_shape_t<V>>, Dim,
                                 detail::reshape_kind::remove>(v);
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<unsqueeze_op<Dim>>(g);
  }
};

// sum_dim_op<Dim, Keep>: the sum along dimension Dim, which is removed, or kept with size 1.
template <std::size_t Dim, bool Keep>
struct sum_dim_op {
  static constexpr auto name = "sum";
  static constexpr auto latex = "\\sum";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(Dim < S::rank, "ctgrad: sum<Dim>(x) and mean<Dim>(x) need Dim < the rank of x");
    using type =
        detail::reshaped_t<S, Dim,
                           Keep ? detail::reshape_kind::keep : detail::reshape_kind::remove>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class T, class S>
  static constexpr auto apply(const tensor<T, S>& v) {
    const auto L = detail::layout_along<Dim>(v);
    constexpr auto kind = Keep ? detail::reshape_kind::keep : detail::reshape_kind::remove;
    auto result =
        detail::zeros_of<value_t<T, result_shape<S>>>(detail::reshaped_dims<Dim, kind>(v.dims()));
    for (std::size_t o = 0; o < L.outer; ++o)
      for (std::size_t i = 0; i < L.inner; ++i) {
        T sum{};
        for (std::size_t k = 0; k < L.n; ++k)
          sum += v[L.at(o, k, i)];
        if constexpr (result_shape<S>::rank == 0)
          result = sum;
        else
          result[o * L.inner + i] = sum;
      }
    return result;
  }
  // PyTorch's formula: grad.unsqueeze(dim).expand(sizes) (without unsqueeze when kept).
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R&) {
    if constexpr (Keep)
      return detail::expand_like(g, a);
    else
      return detail::expand_like(detail::call<unsqueeze_op<Dim>>(g), a);
  }
};

// mean_dim_op<Dim>: the mean along dimension Dim, which is removed.
template <std::size_t Dim>
struct mean_dim_op {
  static constexpr auto name = "mean";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = typename sum_dim_op<Dim, false>::template result_shape<S>;

  // PyTorch's kernel: the sum divided by the dimension's size.
  template <class T, class S>
  static constexpr auto apply(const tensor<T, S>& v) {
    return sum_dim_op<Dim, false>::apply(v) / static_cast<T>(detail::layout_along<Dim>(v).n);
  }
  // PyTorch's formula: grad.unsqueeze(dim).expand(sizes) divided by the dimension's size (the
  // ratio of the numbers of elements of the argument and of the result, when it is dynamic).
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R&) {
    constexpr std::size_t n = detail::any_shape_t<A>::dims[Dim];
    const auto expanded = detail::expand_like(detail::call<unsqueeze_op<Dim>>(g), a);
    if constexpr (n != dyn)
      return expanded / c<static_cast<std::intmax_t>(n)>;
    else
      return expanded / (detail::numel_of(a) / detail::numel_of(g));
  }
};

namespace detail {
template <std::size_t Dim>
using sum_along = sum_dim_op<Dim, false>;
template <std::size_t Dim>
using sum_keepdim_along = sum_dim_op<Dim, true>;
}  // namespace detail

// sum<Dim>(x), mean<Dim>(x): the sum and the mean along dimension Dim, which is removed, as
// torch.sum(x, Dim) and torch.mean(x, Dim); a negative Dim counts from the end (-1 is the last).
// sum_keepdim<Dim>(x): the sum with dimension Dim kept, of size 1 (keepdim=True).
template <std::intmax_t Dim, Operand E>
constexpr auto sum(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: sum<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::sum_along>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto mean(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: mean<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, mean_dim_op>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto sum_keepdim(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: sum_keepdim<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::sum_keepdim_along>(x);
}

// sum(x, 1_c), mean(x, 1_c), sum_keepdim(x, 1_c): the same with the dimension as a constant.
template <Operand E, std::intmax_t Dim>
constexpr auto sum(const E& x, constant<Dim, 1>) {
  return sum<Dim>(x);
}
template <Operand E, std::intmax_t Dim>
constexpr auto mean(const E& x, constant<Dim, 1>) {
  return mean<Dim>(x);
}
template <Operand E, std::intmax_t Dim>
constexpr auto sum_keepdim(const E& x, constant<Dim, 1>) {
  return sum_keepdim<Dim>(x);
}

// unsqueeze<Dim>(x): x with a new dimension of size 1 before position Dim (0 <= Dim <= rank).
// squeeze<Dim>(x): x without dimension Dim, which must have size 1.
template <std::size_t Dim, Operand E>
constexpr auto unsqueeze(const E& x) {
  return detail::call<unsqueeze_op<Dim>>(x);
}
template <std::size_t Dim, Operand E>
constexpr auto squeeze(const E& x) {
  return detail::call<squeeze_op<Dim>>(x);
}

}  // namespace ctgrad
