// Shapes: reshape<4, 2>(x) and view (the same here), flatten(x), cat<Dim>(a, b, ...) and
// stack<Dim>(a, b, ...), narrow<Dim, Start, Length>(x), and diag, diagonal, trace, outer and dot,
// as PyTorch's, with its gradients (the parts of the incoming gradient, reshaped or sliced back to
// each input). Dynamic shapes: reshape and flatten of a shape with one dyn dimension; cat, stack
// and narrow with dyn dimensions other than the one they join or cut; dot and outer; diag,
// diagonal and trace take static shapes. Example: tests/runtime/shape_ops_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/tensor/index.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/reductions.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

namespace ctgrad {

namespace hana = boost::hana;

namespace diagnostic {
// reshape_<From, To, FromElements, ToElements>: the compile error of a reshape to a shape with
// another number of elements; the instantiation, which the diagnostic shows, spells both shapes
// and both numbers.
template <class From, class To, std::size_t FromElements, std::size_t ToElements>
struct reshape_ {
  static_assert(FromElements == ToElements,
                "ctgrad: reshape to a shape with another number of elements (reshape_<from, to, "
                "from's elements, to's elements> in this instantiation)");
  static constexpr bool checked = true;
};

// cat_<Dim, A, B>: the compile errors of cat<Dim> of tensors of shapes A and B, which the
// instantiation spells.
template <std::size_t Dim, class A, class B>
struct cat_ {
  static constexpr bool agree = [] {
    if constexpr (A::rank != B::rank || Dim >= A::rank) {
      return false;
    } else {
      for (std::size_t d = 0; d < A::rank; ++d)
        if (d != Dim && A::dims[d] != B::dims[d] && A::dims[d] != dyn && B::dims[d] != dyn)
          return false;
      return true;
    }
  }();
  static_assert(A::rank == B::rank, "ctgrad: cat<Dim>(a, b, ...) needs tensors of one rank");
  static_assert(agree, "ctgrad: cat<Dim>(a, b, ...) needs the shapes to agree but in dimension "
                       "Dim (cat_<Dim, a's shape, b's shape> in this instantiation)");
  static_assert(A::rank != B::rank || Dim >= A::rank
                    || (A::dims[Dim] != dyn && B::dims[Dim] != dyn),
                "ctgrad: cat<Dim>(a, b, ...) needs dimension Dim of each tensor known at compile "
                "time (not dyn)");
  static constexpr bool checked = true;
};
}  // namespace diagnostic

namespace detail {

// dyn_count_v<S>: how many of S's dimensions are dyn.
template <class S>
constexpr std::size_t dyn_count_v = [] {
  std::size_t n = 0;
  for (std::size_t d : S::dims)
    n += d == dyn ? 1 : 0;
  return n;
}();

// inferred_dims<FromStatic, FromSize>(given): the sizes given (-1 or dyn at most once: the one
// inferred), the inferred one from the number of elements FromSize when FromStatic, else dyn.
template <bool FromStatic, std::size_t FromSize, std::size_t Rank>
constexpr std::array<std::size_t, Rank>
inferred_dims(const std::array<std::intmax_t, Rank>& given) {
  std::array<std::size_t, Rank> dims{};
  std::size_t known = 1;
  for (std::size_t d = 0; d < Rank; ++d)
    if (given[d] >= 0)
      known *= static_cast<std::size_t>(given[d]);
  for (std::size_t d = 0; d < Rank; ++d)
    dims[d] = given[d] >= 0 ? static_cast<std::size_t>(given[d])
              : !FromStatic ? dyn
              : known == 0  ? 0
                            : FromSize / known;
  return dims;
}

// reshape_target_t<From, Given>: the shape that reshape to the sizes Given (a std::array of
// std::intmax_t, -1 for the one inferred) makes of a tensor of shape From.
template <class From, auto Given>
struct reshape_target {
  static_assert(std::count(Given.begin(), Given.end(), std::intmax_t{-1}) <= 1,
                "ctgrad: reshape<N...>(x) infers at most one size (-1 or dyn)");
  static_assert(std::all_of(Given.begin(), Given.end(), [](std::intmax_t n) { return n >= -1; }),
                "ctgrad: reshape<N...>(x) takes sizes >= 0, or -1 for the one inferred");
  static constexpr auto dims = inferred_dims<From::is_static, From::size>(Given);
  using type = shape_from_t<dims>;
};
template <class From, auto Given>
using reshape_target_t = typename reshape_target<From, Given>::type;

// given_sizes<S>: the dimensions of S as reshape's sizes, dyn as -1.
template <class S>
constexpr auto given_sizes = [] {
  std::array<std::intmax_t, S::rank> given{};
  for (std::size_t d = 0; d < S::rank; ++d)
    given[d] = S::dims[d] == dyn ? -1 : static_cast<std::intmax_t>(S::dims[d]);
  return given;
}();

// flattened_t<S, Start, End>: S with dimensions Start to End (both included) made one, dyn if
// one of them is.
template <class S, std::size_t Start, std::size_t End>
struct flattened {
  static constexpr auto dims = [] {
    std::array<std::size_t, S::rank - (End - Start)> r{};
    std::size_t merged = 1;
    for (std::size_t d = Start; d <= End; ++d)
      merged = (merged == dyn || S::dims[d] == dyn) ? dyn : merged * S::dims[d];
    for (std::size_t d = 0; d < Start; ++d)
      r[d] = S::dims[d];
    r[Start] = merged;
    for (std::size_t d = End + 1; d < S::rank; ++d)
      r[d - (End - Start)] = S::dims[d];
    return r;
  }();
  using type = shape_from_t<dims>;
};

// with_dim_t<S, Dim, N>: S with dimension Dim of size N.
template <class S, std::size_t Dim, std::size_t N>
struct with_dim {
  static constexpr auto dims = [] {
    std::array<std::size_t, S::rank> r = S::dims;
    r[Dim] = N;
    return r;
  }();
  using type = shape_from_t<dims>;
};
template <class S, std::size_t Dim, std::size_t N>
using with_dim_t = typename with_dim<S, Dim, N>::type;

// offset_of(i): i as an iterator offset.
constexpr std::ptrdiff_t offset_of(std::size_t i) {
  return static_cast<std::ptrdiff_t>(i);
}

// element_of_value(v, i): element i of a tensor, or the number v.
template <class V>
constexpr auto element_of_value(const V& v, std::size_t i) {
  if constexpr (Number<V>)
    return v;
  else
    return v[i];
}

}  // namespace detail

// reshape_op<Shape>: the elements in their row-major order as a tensor of Shape; a dyn dimension
// of Shape is inferred from the number of elements when values are bound.
template <class Shape>
struct reshape_op {
  static constexpr auto name = "reshape";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(detail::dyn_count_v<S> <= 1 && detail::dyn_count_v<Shape> <= 1,
                  "ctgrad: reshape and flatten take shapes with at most one dyn dimension");
    static_assert([] {
      if constexpr (S::is_static && Shape::is_static)
        return diagnostic::reshape_<S, Shape, S::size, Shape::size>::checked;
      else
        return true;  // checked when values are bound
    }());
    using type = Shape;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    using S = detail::value_shape_t<V>;
    if constexpr (S::is_static && Shape::is_static && S::size == Shape::size)
      return detail::reshape_value<Shape>(v);
    else
      return reshape_dynamic(v);
  }
  // reshape_dynamic(v): the dimensions of the result from v's number of elements, checked
  // (std::invalid_argument naming both shapes when they do not fit).
  template <class V>
  static constexpr auto reshape_dynamic(const V& v) {
    using T = detail::element_t<V>;
    std::size_t n = 1;
    if constexpr (!Number<V>)
      n = v.size();
    std::array<std::size_t, Shape::rank> dims = Shape::dims;
    std::size_t known = 1;
    for (std::size_t d : dims)
      known *= d == dyn ? 1 : d;
    for (std::size_t& d : dims)
      if (d == dyn)
        d = known == 0 ? 0 : n / known;
    if (detail::element_product(dims) != n)
      throw std::invalid_argument("ctgrad: reshape to " + detail::dims_text(Shape::dims)
                                  + " of a tensor of shape " + detail::dims_text(detail::dims_of(v))
                                  + " (" + std::to_string(n) + " elements)");
    if constexpr (Shape::rank == 0)
      return static_cast<T>(detail::element_of_value(v, 0));
    else
      return detail::written<tensor<T, Shape>>(dims, [&](auto& result) {
        for (std::size_t i = 0; i < n; ++i)
          result[i] = detail::element_of_value(v, i);
      });
  }
  // PyTorch's formula: grad reshaped to the argument's shape.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return detail::call<reshape_op<detail::any_shape_t<A>>>(detail::shaped_like(g, r));
  }
};

template <std::size_t Dim, std::size_t Start, std::size_t Size>
struct narrow_scatter_op;

// narrow_op<Dim, Start, Length>: elements Start to Start + Length - 1 along dimension Dim (whose
// size is static), x.narrow(Dim, Start, Length).
template <std::size_t Dim, std::size_t Start, std::size_t Length>
struct narrow_op {
  static constexpr auto name = "narrow";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(Dim < S::rank, "ctgrad: narrow<Dim, Start, Length>(x) needs Dim < the rank of x");
    static_assert(
        Dim >= S::rank || S::dims[Dim] != dyn,
        "ctgrad: narrow<Dim, Start, Length>(x) needs dimension Dim known at compile time");
    static_assert(Dim >= S::rank || S::dims[Dim] == dyn || Start + Length <= S::dims[Dim],
                  "ctgrad: narrow<Dim, Start, Length>(x) ends beyond dimension Dim of x");
    using type = detail::with_dim_t<S, Dim, Length>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    using R = tensor<detail::element_t<V>, result_shape<detail::value_shape_t<V>>>;
    const auto L = detail::layout_along<Dim>(v);
    std::array<std::size_t, R::shape_type::rank> dims = v.dims();
    dims[Dim] = Length;
    return detail::written<R>(dims, [&](R& result) {
      for (std::size_t o = 0; o < L.outer; ++o)
        std::copy_n(v.begin() + detail::offset_of((o * L.n + Start) * L.inner), Length * L.inner,
                    result.begin() + detail::offset_of(o * Length * L.inner));
    });
  }
  // PyTorch's formula (slice_backward): zeros of the argument's shape, the part set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return detail::call<narrow_scatter_op<Dim, Start, detail::any_shape_t<A>::dims[Dim]>>(
        detail::shaped_like(g, r));
  }
};

// narrow_scatter_op<Dim, Start, Size>: a tensor whose dimension Dim has size Size, zero but for
// the part from Start along it, which is the argument: the adjoint of narrow.
template <std::size_t Dim, std::size_t Start, std::size_t Size>
struct narrow_scatter_op {
  static constexpr auto name = "narrow_scatter";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(Dim < S::rank && S::dims[Dim] != dyn && Start + S::dims[Dim] <= Size,
                  "ctgrad: narrow_scatter_op<Dim, Start, Size> needs the argument's dimension "
                  "Dim static and within Size from Start");
    using type = detail::with_dim_t<S, Dim, Size>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class G>
  static constexpr auto apply(const G& g) {
    using R = tensor<detail::element_t<G>, result_shape<detail::value_shape_t<G>>>;
    const auto L = detail::layout_along<Dim>(g);
    std::array<std::size_t, R::shape_type::rank> dims = g.dims();
    dims[Dim] = Size;
    auto result = detail::zeros_of<R>(dims);
    for (std::size_t o = 0; o < L.outer; ++o)
      std::copy_n(g.begin() + detail::offset_of(o * L.n * L.inner), L.n * L.inner,
                  result.begin() + detail::offset_of((o * Size + Start) * L.inner));
    return result;
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return detail::call<narrow_op<Dim, Start, detail::any_shape_t<A>::dims[Dim]>>(
        detail::shaped_like(g, r));
  }
};

// cat_op<Dim>: the two arguments joined along dimension Dim (torch.cat((a, b), Dim)).
template <std::size_t Dim>
struct cat_op {
  static constexpr auto name = "cat";
  static constexpr bool elementwise = false;
  template <class A, class B>
  struct checked {
    static_assert(diagnostic::cat_<Dim, A, B>::checked);
    static constexpr auto dims = [] {
      std::array<std::size_t, A::rank> r = A::dims;
      if constexpr (A::rank == B::rank && Dim < A::rank) {
        for (std::size_t d = 0; d < A::rank; ++d)
          r[d] = d == Dim ? A::dims[d] + B::dims[d] : A::dims[d] == dyn ? B::dims[d] : A::dims[d];
      }
      return r;
    }();
    using type = detail::shape_from_t<dims>;
  };
  template <class A, class B>
  using result_shape = typename checked<A, B>::type;

  template <class VA, class VB>
  static constexpr auto apply(const VA& a, const VB& b) {
    using SA = detail::value_shape_t<VA>;
    using SB = detail::value_shape_t<VB>;
    using T = std::common_type_t<detail::element_t<VA>, detail::element_t<VB>>;
    using R = tensor<T, result_shape<SA, SB>>;
    if constexpr (!(SA::is_static && SB::is_static))
      check_dims(a.dims(), b.dims());
    const auto La = detail::layout_along<Dim>(a);
    const auto Lb = detail::layout_along<Dim>(b);
    std::array<std::size_t, SA::rank> dims = a.dims();
    dims[Dim] = La.n + Lb.n;
    return detail::written<R>(dims, [&](R& result) {
      const std::size_t na = La.n * La.inner;
      const std::size_t nb = Lb.n * Lb.inner;
      for (std::size_t o = 0; o < La.outer; ++o) {
        std::copy_n(a.begin() + detail::offset_of(o * na), na,
                    result.begin() + detail::offset_of(o * (na + nb)));
        std::copy_n(b.begin() + detail::offset_of(o * nb), nb,
                    result.begin() + detail::offset_of(o * (na + nb) + na));
      }
    });
  }
  // check_dims(a, b): the dimensions bound agree but in dimension Dim; else std::invalid_argument
  // naming both shapes.
  template <std::size_t Rank>
  static constexpr void check_dims(const std::array<std::size_t, Rank>& a,
                                   const std::array<std::size_t, Rank>& b) {
    for (std::size_t d = 0; d < Rank; ++d)
      if (d != Dim && a[d] != b[d])
        throw std::invalid_argument("ctgrad: cat along dimension " + std::to_string(Dim)
                                    + " of tensors of shapes " + detail::dims_text(a) + " and "
                                    + detail::dims_text(b)
                                    + ": the sizes must agree but in that dimension");
  }
  // pullback_into(I, g, a, b, r, out): argument I's part of the adjoint g written into out (the
  // gradient's place of a target that this cat alone contributes to), rather than narrowed into a
  // tensor that would then be copied there (reverse/slot.hpp).
  static constexpr bool pulls_back_into = true;
  template <std::size_t I, class G, class VA, class VB, class R, class Out>
  static constexpr void pullback_into(hana::size_t<I>, const G& g, const VA& a, const VB& b,
                                      const R&, Out& out) {
    const auto La = detail::layout_along<Dim>(a);
    const auto Lb = detail::layout_along<Dim>(b);
    const std::size_t na = La.n * La.inner;
    const std::size_t nb = Lb.n * Lb.inner;
    const std::size_t part = I == 0 ? na : nb;
    for (std::size_t o = 0; o < La.outer; ++o)
      for (std::size_t k = 0; k < part; ++k)
        out[o * part + k] = g[o * (na + nb) + (I == 0 ? 0 : na) + k];
  }
  // PyTorch's formula: grad narrowed along Dim to each argument's part.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B&, const R& r) {
    return detail::call<narrow_op<Dim, 0, detail::any_shape_t<A>::dims[Dim]>>(
        detail::shaped_like(g, r));
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A&, const B&, const R& r) {
    constexpr std::size_t na = detail::any_shape_t<A>::dims[Dim];
    return detail::call<narrow_op<Dim, na, detail::any_shape_t<B>::dims[Dim]>>(
        detail::shaped_like(g, r));
  }
};

template <std::size_t Rows, std::size_t Cols>
struct diag_embed_op;

// diagonal_op: the main diagonal of a matrix (torch.diagonal, torch.diag of a matrix).
struct diagonal_op {
  static constexpr auto name = "diagonal";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(S::rank == 2 && S::is_static,
                  "ctgrad: diagonal(x) and diag(x) of a matrix need a matrix of a static shape");
    using type = shape<(S::dims[0] < S::dims[1] ? S::dims[0] : S::dims[1])>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    using S = detail::value_shape_t<V>;
    using R = tensor<detail::element_t<V>, result_shape<S>>;
    return detail::written<R>([&](R& result) {
      for (std::size_t i = 0; i < R::size(); ++i)
        result[i] = v[i * S::dims[1] + i];
    });
  }
  // PyTorch's formula (diagonal_backward): zeros of the argument's shape, the diagonal grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    using S = detail::any_shape_t<A>;
    return detail::call<diag_embed_op<S::dims[0], S::dims[1]>>(detail::shaped_like(g, r));
  }
};

// diag_embed_op<Rows, Cols>: a Rows x Cols matrix, zero but for its main diagonal, which is the
// argument (torch.diag of a vector, for Rows == Cols).
template <std::size_t Rows, std::size_t Cols>
struct diag_embed_op {
  static constexpr auto name = "diag";
  static constexpr bool elementwise = false;
  template <class S>
  struct checked {
    static_assert(S::rank == 1 && S::dims[0] == (Rows < Cols ? Rows : Cols),
                  "ctgrad: diag(x) of a vector needs a vector of a static shape");
    using type = shape<Rows, Cols>;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    tensor<detail::element_t<V>, shape<Rows, Cols>> result{};
    for (std::size_t i = 0; i < v.size(); ++i)
      result[i * Cols + i] = v[i];
    return result;
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R& r) {
    return detail::call<diagonal_op>(detail::shaped_like(g, r));
  }
};

namespace detail {
// cat_range<Dim, Begin, End>(parts): parts Begin to End - 1 joined along Dim, as a balanced tree
// of cat_op (depth log2 of their number).
template <std::size_t Dim, std::size_t Begin, std::size_t End, class Parts>
constexpr auto cat_range(const Parts& parts) {
  if constexpr (End - Begin == 1) {
    return std::get<Begin>(parts);
  } else {
    constexpr std::size_t middle = Begin + (End - Begin) / 2;
    return call<cat_op<Dim>>(cat_range<Dim, Begin, middle>(parts),
                             cat_range<Dim, middle, End>(parts));
  }
}
}  // namespace detail

// reshape<N...>(x), reshape<Shape>(x): x's elements in row-major order as a tensor of shape<N...>
// (torch.reshape); one size may be -1 (or dyn in Shape), inferred from the number of elements:
// at compile time for a static shape, else when values are bound. The numbers of elements must
// agree: at compile time for static shapes, else std::invalid_argument naming both.
template <std::intmax_t... N, Operand E>
constexpr auto reshape(const E& x) {
  using From = detail::any_shape_t<E>;
  return detail::call<
      reshape_op<detail::reshape_target_t<From, std::array<std::intmax_t, sizeof...(N)>{N...}>>>(x);
}
template <class Shape, Operand E>
  requires detail::is_shape_v<Shape>
constexpr auto reshape(const E& x) {
  using From = detail::any_shape_t<E>;
  return detail::call<reshape_op<detail::reshape_target_t<From, detail::given_sizes<Shape>>>>(x);
}

// view<N...>(x), view<Shape>(x): reshape (x.view): the values are copied here, a tensor being a
// value, so view and reshape are the same.
template <std::intmax_t... N, Operand E>
constexpr auto view(const E& x) {
  return reshape<N...>(x);
}
template <class Shape, Operand E>
  requires detail::is_shape_v<Shape>
constexpr auto view(const E& x) {
  return reshape<Shape>(x);
}

// flatten<Start, End>(x): dimensions Start to End of x (both included; -1 is the last) made one
// (torch.flatten); flatten(x) makes x a vector, and a scalar a vector of one element.
template <std::intmax_t Start = 0, std::intmax_t End = -1, Operand E>
constexpr auto flatten(const E& x) {
  using S = detail::any_shape_t<E>;
  if constexpr (S::rank == 0) {
    return detail::call<reshape_op<shape<1>>>(x);
  } else {
    static_assert(detail::dim_in_range_v<Start, S::rank> && detail::dim_in_range_v<End, S::rank>,
                  "ctgrad: flatten<Start, End>(x) needs -rank <= Start, End < rank");
    if constexpr (detail::dim_in_range_v<Start, S::rank> && detail::dim_in_range_v<End, S::rank>) {
      constexpr std::size_t s = detail::normalized_dim_v<Start, S::rank>;
      constexpr std::size_t e = detail::normalized_dim_v<End, S::rank>;
      static_assert(s <= e, "ctgrad: flatten<Start, End>(x) needs Start <= End");
      if constexpr (s <= e)
        return detail::call<reshape_op<typename detail::flattened<S, s, e>::type>>(x);
    }
  }
}

// narrow<Dim, Start, Length>(x): elements Start to Start + Length - 1 along dimension Dim of x
// (x.narrow(dim, start, length)); -1 is the last dimension, whose size must be static.
template <std::intmax_t Dim, std::size_t Start, std::size_t Length, Operand E>
constexpr auto narrow(const E& x) {
  constexpr std::size_t rank = detail::any_shape_t<E>::rank;
  static_assert(detail::dim_in_range_v<Dim, rank>,
                "ctgrad: narrow<Dim, Start, Length>(x) needs -rank <= Dim < rank");
  if constexpr (detail::dim_in_range_v<Dim, rank>)
    return detail::call<narrow_op<detail::normalized_dim_v<Dim, rank>, Start, Length>>(x);
}

// cat<Dim>(a, b, ...): the tensors joined along dimension Dim (torch.cat((a, b, ...), dim)),
// whose shapes agree in the other dimensions; -1 is the last dimension. Dimension Dim of each
// must be static; the others may be dyn (checked when values are bound).
template <std::intmax_t Dim, Operand A, Operand... B>
constexpr auto cat(const A& a, const B&... b) {
  constexpr std::size_t rank = detail::any_shape_t<A>::rank;
  static_assert(rank > 0 && detail::dim_in_range_v<Dim, rank>,
                "ctgrad: cat<Dim>(a, b, ...) needs tensors and -rank <= Dim < rank");
  if constexpr (rank > 0 && detail::dim_in_range_v<Dim, rank>)
    return detail::cat_range<detail::normalized_dim_v<Dim, rank>, 0, 1 + sizeof...(B)>(
        std::tuple<A, B...>(a, b...));
}

// stack<Dim>(a, b, ...): the tensors, of one shape, joined along a new dimension Dim
// (torch.stack): cat<Dim> of each unsqueezed at Dim; -1 is the new last dimension.
template <std::intmax_t Dim, Operand A, Operand... B>
constexpr auto stack(const A& a, const B&... b) {
  constexpr std::size_t rank = detail::any_shape_t<A>::rank + 1;
  static_assert(detail::dim_in_range_v<Dim, rank>,
                "ctgrad: stack<Dim>(a, b, ...) needs -(rank + 1) <= Dim <= rank, rank being the "
                "rank of a");
  if constexpr (detail::dim_in_range_v<Dim, rank>) {
    constexpr std::size_t d = detail::normalized_dim_v<Dim, rank>;
    return cat<static_cast<std::intmax_t>(d)>(unsqueeze<d>(a), unsqueeze<d>(b)...);
  }
}

// diagonal(x): the main diagonal of the matrix x (torch.diagonal).
template <Operand E>
constexpr auto diagonal(const E& x) {
  return detail::call<diagonal_op>(x);
}

// diag(x): the square matrix with the vector x on its diagonal, or the diagonal of the matrix x
// (torch.diag); static shapes.
template <Operand E>
constexpr auto diag(const E& x) {
  using S = detail::any_shape_t<E>;
  static_assert(S::rank == 1 || S::rank == 2, "ctgrad: diag(x) needs a vector or a matrix");
  if constexpr (S::rank == 1)
    return detail::call<diag_embed_op<S::dims[0], S::dims[0]>>(x);
  else if constexpr (S::rank == 2)
    return detail::call<diagonal_op>(x);
}

// trace(x): the sum of the diagonal of the matrix x (torch.trace), sum(diagonal(x)).
template <Operand E>
constexpr auto trace(const E& x) {
  static_assert(detail::any_shape_t<E>::rank == 2, "ctgrad: trace(x) needs a matrix");
  return sum(diagonal(x));
}

// outer(a, b): the matrix of the products a_i b_j of two vectors (torch.outer), as
// unsqueeze<1>(a) * unsqueeze<0>(b).
template <Operand A, Operand B>
constexpr auto outer(const A& a, const B& b) {
  static_assert(detail::any_shape_t<A>::rank == 1 && detail::any_shape_t<B>::rank == 1,
                "ctgrad: outer(a, b) needs two vectors");
  return unsqueeze<1>(a) * unsqueeze<0>(b);
}

// dot(a, b): the sum of the products of the elements of two vectors of one size (torch.dot), as
// sum(a * b).
template <Operand A, Operand B>
constexpr auto dot(const A& a, const B& b) {
  using SA = detail::any_shape_t<A>;
  using SB = detail::any_shape_t<B>;
  static_assert(SA::rank == 1 && SB::rank == 1, "ctgrad: dot(a, b) needs two vectors");
  static_assert(SA::rank != 1 || SB::rank != 1 || SA::dims[0] == SB::dims[0] || SA::dims[0] == dyn
                    || SB::dims[0] == dyn,
                "ctgrad: dot(a, b) needs two vectors of one size");
  return sum(a * b);
}

}  // namespace ctgrad
