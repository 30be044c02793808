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
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

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

// slice(v, i): the slice at position i of v's first dimension (v a tensor or a tensor_view).
template <class V>
constexpr auto slice(const V& v, std::size_t i) {
  using T = typename V::value_type;
  using R = typename rest_shape<typename V::shape_type>::type;
  value_t<T, R> result;
  if constexpr (R::rank == 0)
    result = v[i];
  else
    for (std::size_t k = 0; k < R::size; ++k)
      result[k] = v[i * R::size + k];
  return result;
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
    static_assert(I < S::dims[0], "ctgrad: the index is out of the tensor's first dimension");
    using type = typename detail::rest_shape<S>::type;
  };
  template <class S>
  using result_shape = typename checked<S>::type;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::slice(v, I);
  }
  // PyTorch's formula: zeros of the argument's shape, with the slice set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<scatter_op<I, detail::any_shape_t<A>>>(g);
  }
};

namespace detail {
// runtime_position<S>(index): a runtime index (as a value of the evaluation's type) as a position
// in S's first dimension, counted from the end when negative; std::out_of_range when it is not
// one.
template <class S, class T>
constexpr std::size_t runtime_position(T index) {
  constexpr std::size_t n = S::dims[0];
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
}  // namespace detail

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
  static constexpr std::size_t position(const V&, I index) {
    return detail::runtime_position<S>(index);
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
    return detail::slice(v, detail::runtime_position<S>(index));
  }
  // PyTorch's formula: zeros of the argument's shape, with the slice set to grad.
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const I& index, const R&) {
    return detail::call<runtime_scatter_op<S>>(g, index);
  }
  template <class G, class A, class I, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const I&, const R&) {
    return c<0>;  // the index is not differentiable
  }
};

template <std::size_t Start, std::size_t Step, class S>
struct slice_scatter_op;

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

  template <class V>  // a tensor or a tensor_view
  static constexpr auto apply(const V& v) {
    using S = typename V::shape_type;
    using R = result_shape<S>;
    tensor<typename V::value_type, R> result;
    for (std::size_t j = 0; j < R::size; ++j)
      result[j] = v[source<S>(j)];
    return result;
  }
  // PyTorch's formula (slice_backward): zeros of the argument's shape, the slice set to grad.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<slice_scatter_op<Start, Step, detail::any_shape_t<A>>>(g);
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
  static_assert(Stop <= S::dims[0], "ctgrad: the slice ends beyond the tensor's first dimension");
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
  constexpr auto n = static_cast<std::intmax_t>(S::dims[0]);
  static_assert(I >= -n && I < n, "ctgrad: the index is out of the tensor's first dimension");
  // A negative index counts from the end, as in Python: p[-1_c] is the last slice.
  return make<index_op<static_cast<std::size_t>(I < 0 ? I + n : I)>>(
      static_cast<const Derived&>(*this));
}

}  // namespace ctgrad
