// Indexing: p[2_c] is the slice of p at position 2 of its first dimension (a scalar for a vector, a
// row for a matrix), checked at compile time; p[i] takes an index known at run time, checked when
// the expression is evaluated. Slicing: slice<0, 8, 2>(x) is x[0:8:2], every other row of the
// first eight. Example: tests/runtime/tensor_ops_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/reductions.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ctgrad {

namespace hana = boost::hana;

template <std::size_t I>
struct index_op;
struct row_mask_op;
template <bool OneRow>
struct masked_scatter_op;

namespace detail {
// rest_shape<S>: S without its first dimension.
template <class S>
struct rest_shape;
template <std::size_t N0, std::size_t... N>
struct rest_shape<shape<N0, N...>> {
  using type = shape<N...>;
};
// row_shape_t<S>: the shape of S's rows (S without its first dimension), or shape<> for a scalar.
template <class S>
using row_shape_t =
    typename std::conditional_t<S::rank == 0, std::type_identity<shape<>>, rest_shape<S>>::type;

// shaped_like(g, r): an adjoint g as r's shape: itself when it has it (as every value the
// sweep hands on does), else broadcast (a constant adjoint of symbolic d).
template <class G, class R>
constexpr auto shaped_like(const G& g, const R& r) {
  if constexpr (std::is_same_v<any_shape_t<G>, any_shape_t<R>>)
    return g;
  else
    return expand_like(g, r);
}

// on_operands<Op>(args...): Op's expression of args when one is an expression, else its value
// (args may then be tensor_views, which call does not take).
template <class Op, class... Args>
constexpr auto on_operands(const Args&... args) {
  if constexpr ((Expression<Args> || ...))
    return call<Op>(args...);
  else
    return Op::apply(args...);
}

// row_of(v, i): slice i of v's first dimension, for a static shape of v's rows.
template <class V>
constexpr auto row_of(const V& v, std::size_t i) {
  using R = typename rest_shape<typename V::shape_type>::type;
  value_t<typename V::value_type, R> result;
  for (std::size_t k = 0; k < R::size; ++k)
    result[k] = v[i * R::size + k];
  return result;
}

// dynamic_row_of(v, i): the same for rows of a dynamic shape.
template <class V>
constexpr auto dynamic_row_of(const V& v, std::size_t i) {
  using R = typename rest_shape<typename V::shape_type>::type;
  tensor<typename V::value_type, R> result(reshaped_dims<0, reshape_kind::remove>(v.dims()),
                                           no_init);
  const std::size_t row = result.size();
  std::copy_n(v.begin() + static_cast<std::ptrdiff_t>(i * row), row, result.begin());
  return result;
}

// slice(v, i): the slice at position i of v's first dimension (v a tensor or a tensor_view). Each
// way is a function of its own that returns one variable (see slice_op::apply).
template <class V>
constexpr auto slice(const V& v, std::size_t i) {
  using R = typename rest_shape<typename V::shape_type>::type;
  if constexpr (R::rank == 0)
    return static_cast<typename V::value_type>(v[i]);
  else if constexpr (R::is_static)
    return row_of(v, i);
  else
    return dynamic_row_of(v, i);
}

// scatter<S>(g, i): a tensor of shape S, zero but for slice i, which is g (the adjoint of p[i]).
template <class S, class G>
constexpr auto scatter(const G& g, std::size_t i) {
  using T = element_t<G>;
  using R = typename rest_shape<S>::type;
  tensor<T, S> result{};
  if constexpr (R::rank == 0)
    result[i] = g;
  else
    for (std::size_t k = 0; k < R::size; ++k)
      result[i * R::size + k] = g[k];
  return result;
}
}  // namespace detail

namespace detail {
// runtime_position<S>(index): a runtime index (as a value of the evaluation's type) as a position
// in S's first dimension, counted from the end when negative; std::out_of_range when it is not
// one.
template <class T>
constexpr std::size_t runtime_position(T index, std::size_t n) {
  // From the end when negative, as in Python: p[-1] is the last slice.
  const T position = index < T(0) ? index + static_cast<T>(n) : index;
  if (!(position >= T(0) && position < static_cast<T>(n))) {
    const auto wide = static_cast<double>(index);
    throw std::out_of_range(std::string("ctgrad: index ")
                                .append(wide > -1e15 && wide < 1e15
                                            ? std::to_string(static_cast<long long>(wide))
                                            : std::to_string(wide))
                                .append(" is out of range for a first dimension of size ")
                                .append(std::to_string(n)));
  }
  return static_cast<std::size_t>(position);
}
template <class S, class T>
constexpr std::size_t runtime_position(T index) {
  return runtime_position(index, S::dims[0]);
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
    return detail::scatter<S>(g, I);
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
  // slices: the reverse sweep adds the adjoint into slice position(...) of a target variable.
  static constexpr bool slices = true;
  template <class V>
  static constexpr std::size_t position(const V&) {
    return I;
  }
  template <class S>
  struct checked {
    static_assert(S::rank > 0, "ctgrad: only a tensor can be indexed");
    static_assert(S::dims[0] == dyn || I < S::dims[0],
                  "ctgrad: the index is out of the tensor's first dimension");
    using type = typename detail::rest_shape<S>::type;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    if constexpr (V::shape_type::dims[0] == dyn)
      (void)detail::runtime_position(static_cast<long long>(I), v.dims()[0]);
    return detail::slice(v, I);
  }
  // PyTorch's formula: zeros of the argument's shape, with the slice set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    using S = detail::any_shape_t<A>;
    if constexpr (S::is_static)
      return detail::call<scatter_op<I, S>>(g);
    else
      return detail::call<masked_scatter_op<true>>(detail::shaped_like(g, r), [&] {
        if constexpr (Expression<A>)
          return detail::call<row_mask_op>(c<static_cast<std::intmax_t>(I)>, a);
        else
          return detail::on_operands<row_mask_op>(static_cast<long long>(I), a);
      }());
  }
};

template <class S>
struct runtime_index_op;

// runtime_scatter_op<S>: a tensor of shape S, zero but for slice i (the second argument), which is
// the first argument: the adjoint of p[i].
template <class S>
struct runtime_scatter_op {
  static constexpr auto name = "scatter";
  static constexpr bool elementwise = false;
  template <class, class>
  using result_shape = S;

  template <class G, class I>
  static constexpr auto apply(const G& g, I index) {
    return detail::scatter<S>(g, detail::runtime_position<S>(index));
  }
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const I& index, const R&) {
    return detail::call<runtime_index_op<S>>(g, index);
  }
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const I&, const R&) {
    return c<0>;  // the index is not differentiable
  }
};

// runtime_index_op<S>: the slice of a tensor of shape S at position i (the second argument, a
// literal), p[i]. The index reaches apply as a number of the evaluation's type (exact for any
// index of a tensor that fits in memory, even in float up to 2^24).
template <class S>
struct runtime_index_op {
  static constexpr bool runtime_index = true;  // printed p[i]
  static constexpr bool elementwise = false;
  // slices: the reverse sweep adds the adjoint into slice position(...) of a target variable.
  static constexpr bool slices = true;
  template <class V, class I>
  static constexpr std::size_t position(const V& v, I index) {
    return detail::runtime_position(index, detail::extent<0>(v));
  }
  template <class A, class>
  struct checked {
    static_assert(A::rank > 0, "ctgrad: only a tensor can be indexed");
    using type = typename detail::rest_shape<A>::type;
  };
  template <class A, class I>
  using result_shape = typename checked<A, I>::type;

  template <class V, class I>
  static constexpr auto apply(const V& v, I index) {
    return detail::slice(v, detail::runtime_position(index, detail::extent<0>(v)));
  }
  // PyTorch's formula: zeros of the argument's shape, with the slice set to grad.
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const I& index,
                                 const R& r) {
    if constexpr (S::is_static)
      return detail::call<runtime_scatter_op<S>>(g, index);
    else
      return detail::call<masked_scatter_op<true>>(detail::shaped_like(g, r),
                                                   detail::on_operands<row_mask_op>(index, a));
  }
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const I&, const R&) {
    return c<0>;  // the index is not differentiable
  }
};

template <std::size_t Start, std::size_t Step, class S>
struct slice_scatter_op;
template <std::size_t Start, std::size_t Step, std::size_t Count>
struct slice_mask_op;

// slice_op<Start, Step, Count>: rows Start, Start + Step, ... (Count of them) of the first
// dimension, x[Start:Stop:Step] in PyTorch.
template <std::size_t Start, std::size_t Step, std::size_t Count>
struct slice_op {
  static constexpr std::size_t start = Start;
  static constexpr std::size_t step = Step;
  static constexpr std::size_t stop = Start + Step * (Count - 1) + 1;  // printed x[start:stop:step]
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = concat_shape_t<shape<Count>, typename detail::rest_shape<S>::type>;

  // gathers: element j of the slice is element source<S>(j) of the argument (of shape S); the
  // reverse sweep adds the adjoint of a slice of a target variable into those elements.
  template <class S>
  static constexpr std::size_t source(std::size_t j) {
    constexpr std::size_t row = detail::rest_shape<S>::type::size;
    return (Start + Step * (j / row)) * row + j % row;
  }
  static constexpr bool gathers = true;

  // (each way in a function of its own, returning one variable: with both ways' returns in one
  // function, GCC 12 copied the static way's result, and Rosenbrock-128 over slices took 1.35
  // times as long)
  template <class V>  // a tensor or a tensor_view
  static constexpr auto apply(const V& v) {
    if constexpr (V::shape_type::is_static)
      return gather_static(v);
    else
      return gather_dynamic(v);
  }
  template <class V>
  static constexpr auto gather_static(const V& v) {
    using S = typename V::shape_type;
    tensor<typename V::value_type, result_shape<S>> result;
    for (std::size_t j = 0; j < result_shape<S>::size; ++j)
      result[j] = v[source<S>(j)];
    return result;
  }
  template <class V>
  static constexpr auto gather_dynamic(const V& v) {
    using S = typename V::shape_type;
    using R = result_shape<S>;
    check_stop(detail::extent<0>(v));
    std::array<std::size_t, S::rank> dims = v.dims();
    dims[0] = Count;
    return detail::written<tensor<typename V::value_type, R>>(dims, [&](auto& result) {
      const std::size_t row = result.size() / Count;
      for (std::size_t r = 0; r < Count; ++r)
        std::copy_n(v.begin() + static_cast<std::ptrdiff_t>((Start + Step * r) * row), row,
                    result.begin() + static_cast<std::ptrdiff_t>(r * row));
    });
  }
  // check_stop(n): the slice fits a first dimension of n (known at run time); else
  // std::out_of_range.
  static constexpr void check_stop(std::size_t n) {
    if (stop > n)
      throw std::out_of_range("ctgrad: the slice [" + std::to_string(Start) + ":"
                              + std::to_string(stop) + ":" + std::to_string(Step)
                              + "] ends beyond a first dimension of size " + std::to_string(n));
  }
  // PyTorch's formula (slice_backward): zeros of the argument's shape, the slice set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    using S = detail::any_shape_t<A>;
    if constexpr (S::is_static)
      return detail::call<slice_scatter_op<Start, Step, S>>(g);
    else
      return detail::call<masked_scatter_op<false>>(
          detail::shaped_like(g, r), detail::on_operands<slice_mask_op<Start, Step, Count>>(a));
  }
};

// row_mask_op: 1 at position index (the first argument, counted from the end when negative) of
// the first dimension of the second argument, 0 elsewhere: a vector as long as that dimension,
// which masked_scatter_op fills from (the adjoint of p[i] when p's shape is dynamic).
struct row_mask_op {
  static constexpr auto name = "row_mask";
  static constexpr bool elementwise = false;
  template <class, class SA>
  using result_shape = shape<SA::dims[0]>;

  template <class I, class V>
  static constexpr auto apply(I index, const V& v) {
    const std::size_t n = detail::extent<0>(v);
    auto mask = detail::zeros_of<tensor<detail::element_t<V>, shape<V::shape_type::dims[0]>>>(
        std::array{n});
    mask[detail::runtime_position(index, n)] = 1;
    return mask;
  }
  template <std::size_t K, class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<K>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

// slice_mask_op<Start, Step, Count>: 1 at the rows that slice_op<Start, Step, Count> takes of
// the argument's first dimension, 0 elsewhere (the adjoint of a slice of a dynamic shape).
template <std::size_t Start, std::size_t Step, std::size_t Count>
struct slice_mask_op {
  static constexpr auto name = "slice_mask";
  static constexpr bool elementwise = false;
  template <class SA>
  using result_shape = shape<SA::dims[0]>;

  template <class V>
  static constexpr auto apply(const V& v) {
    const std::size_t n = detail::extent<0>(v);
    slice_op<Start, Step, Count>::check_stop(n);
    auto mask = detail::zeros_of<tensor<detail::element_t<V>, shape<V::shape_type::dims[0]>>>(
        std::array{n});
    for (std::size_t r = 0; r < Count; ++r)
      mask[Start + Step * r] = 1;
    return mask;
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G&, const A&, const R&) {
    return c<0>;
  }
};

template <bool OneRow, std::size_t Count>
struct masked_gather_op;

// masked_scatter_op<OneRow>: rows of the first argument g put into the rows of a tensor that
// the mask (the second argument) marks, in order, zeros elsewhere: the tensor has the mask's
// length as its first dimension and g's rows' dimensions after it. With OneRow, g is one row.
template <bool OneRow>
struct masked_scatter_op {
  static constexpr auto name = "masked_scatter";
  static constexpr bool elementwise = false;
  template <class SG, class SM>
  using result_shape = concat_shape_t<SM, std::conditional_t<OneRow, SG, detail::row_shape_t<SG>>>;

  template <class G, class M>
  static constexpr auto apply(const G& g, const M& mask) {
    using SG = detail::value_shape_t<G>;
    using R = tensor<detail::element_t<G>, result_shape<SG, detail::value_shape_t<M>>>;
    std::array<std::size_t, R::shape_type::rank> dims{mask.size()};
    if constexpr (SG::rank > 0) {
      const auto& gd = g.dims();
      std::copy(gd.begin() + (OneRow ? 0 : 1), gd.end(), dims.begin() + 1);
    }
    auto result = detail::zeros_of<R>(dims);
    const std::size_t row = result.size() / std::max<std::size_t>(mask.size(), 1);
    std::size_t taken = 0;
    for (std::size_t r = 0; r < mask.size(); ++r)
      if (mask[r] != 0) {
        for (std::size_t k = 0; k < row; ++k) {
          if constexpr (SG::rank == 0)
            result[r] = g;
          else
            result[r * row + k] = g[taken * row + k];
        }
        ++taken;
      }
    return result;
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B& mask, const R&) {
    using SA = detail::any_shape_t<A>;
    if constexpr (detail::any_shape_t<G>::rank == 0)
      return g;  // a uniform adjoint: so are the rows it gathers
    else
      return detail::call<masked_gather_op<OneRow, OneRow ? 1 : SA::dims[0]>>(g, mask);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

// masked_gather_op<OneRow, Count>: the Count rows of the first argument that the mask (the second
// argument) marks, in order; with OneRow, the one row without its dimension of 1.
template <bool OneRow, std::size_t Count>
struct masked_gather_op {
  static constexpr auto name = "masked_gather";
  static constexpr bool elementwise = false;
  template <class SG, class SM>
  using result_shape = std::conditional_t<OneRow, detail::row_shape_t<SG>,
                                          concat_shape_t<shape<Count>, detail::row_shape_t<SG>>>;

  template <class G, class M>
  static constexpr auto apply(const G& g, const M& mask) {
    using SG = detail::value_shape_t<G>;
    using RS = result_shape<SG, detail::value_shape_t<M>>;
    using T = detail::element_t<G>;
    const std::size_t row = g.size() / std::max<std::size_t>(mask.size(), 1);
    // g's dimensions with its first removed (OneRow) or set to Count
    std::array<std::size_t, RS::rank> dims{};
    if constexpr (RS::rank > 0) {
      std::copy(g.dims().begin() + (OneRow ? 1 : 0), g.dims().end(), dims.begin());
      if constexpr (!OneRow)
        dims[0] = Count;
    }
    auto result = detail::zeros_of<value_t<T, RS>>(dims);
    std::size_t taken = 0;
    for (std::size_t r = 0; r < mask.size(); ++r)
      if (mask[r] != 0) {
        if constexpr (RS::rank == 0)
          result = g[r];
        else
          std::copy_n(g.begin() + static_cast<std::ptrdiff_t>(r * row), row,
                      result.begin() + static_cast<std::ptrdiff_t>(taken * row));
        ++taken;
      }
    return result;
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B& mask, const R&) {
    return detail::call<masked_scatter_op<OneRow>>(g, mask);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

// slice_scatter_op<Start, Step, S>: a tensor of shape S, zero but for the rows that
// slice_op<Start, Step, ...> takes, which are the argument: the adjoint of a slice.
template <std::size_t Start, std::size_t Step, class S>
struct slice_scatter_op {
  static constexpr auto name = "slice_scatter";
  static constexpr bool elementwise = false;
  template <class>
  using result_shape = S;

  template <class G>
  static constexpr auto apply(const G& g) {
    using op = slice_op<Start, Step, detail::value_shape_t<G>::dims[0]>;
    tensor<detail::element_t<G>, S> result{};
    for (std::size_t j = 0; j < G::size(); ++j)
      result[op::template source<S>(j)] = g[j];
    return result;
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<slice_op<Start, Step, detail::any_shape_t<A>::dims[0]>>(g);
  }
};

// slice<Start, Stop, Step>(x): rows Start, Start + Step, ... before Stop of x's first dimension,
// x[Start:Stop:Step] in PyTorch (slice<1, 8, 2>(x) is x[1:8:2], the odd elements of an 8-vector).
// The bounds are checked at compile time.
template <std::size_t Start, std::size_t Stop, std::size_t Step = 1, Expression E>
constexpr auto slice(const E& x) {
  using S = shape_of_t<E>;
  static_assert(S::rank > 0, "ctgrad: only a tensor can be sliced");
  static_assert(Step > 0, "ctgrad: the step of a slice must be positive");
  static_assert(Start < Stop, "ctgrad: a slice must not be empty (Start < Stop)");
  static_assert(S::dims[0] == dyn || Stop <= S::dims[0],
                "ctgrad: the slice ends beyond the tensor's first dimension");
  return make<slice_op<Start, Step, (Stop - Start + Step - 1) / Step>>(x);
}

template <class Derived>
template <std::integral I>
constexpr auto expression_interface<Derived>::operator[](I index) const {
  using S = shape_of_t<Derived>;
  static_assert(S::rank > 0, "ctgrad: only a tensor can be indexed");
  static_assert(!std::is_same_v<I, bool>, "ctgrad: index with an integer, not a bool");
  return make<runtime_index_op<S>>(static_cast<const Derived&>(*this),
                                   literal<long long>(static_cast<long long>(index)));
}

template <class Derived>
template <std::intmax_t I>
constexpr auto expression_interface<Derived>::operator[](constant<I>) const {
  using S = shape_of_t<Derived>;
  static_assert(S::rank > 0, "ctgrad: only a tensor can be indexed");
  if constexpr (S::dims[0] == dyn) {
    // the size is known when values are bound: a negative index then reads as p[i]
    if constexpr (I < 0)
      return (*this)[static_cast<long long>(I)];
    else
      return make<index_op<static_cast<std::size_t>(I)>>(static_cast<const Derived&>(*this));
  } else {
    constexpr auto n = static_cast<std::intmax_t>(S::dims[0]);
    static_assert(I >= -n && I < n, "ctgrad: the index is out of the tensor's first dimension");
    // A negative index counts from the end, as in Python: p[-1_c] is the last slice.
    return make<index_op<static_cast<std::size_t>(I < 0 ? I + n : I)>>(
        static_cast<const Derived&>(*this));
  }
}

}  // namespace ctgrad
