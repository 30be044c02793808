// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// User data as tensor values: the number type and size of a (nested) array or range, the check
// that it fits a shape (std::invalid_argument naming what was bound), and its copy into a tensor.
#pragma once

#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// scalar_of_t<R>: the number type inside a (possibly nested) array or range R.
template <class R>
struct scalar_of {
  using type = R;
};
template <class R>
  requires requires(const R& r) {
    *std::begin(r);
  }
struct scalar_of<R> {
  using type =
      typename scalar_of<std::remove_cvref_t<decltype(*std::begin(std::declval<R&>()))>>::type;
};
template <class R>
using scalar_of_t = typename scalar_of<R>::type;

// static_extent_v<R>: the number of values in R when the type fixes it (std::array, C arrays,
// fixed-size std::span, nested), else 0.
template <class R>
constexpr std::size_t static_extent_v = Number<R> ? 1 : 0;
template <class E, std::size_t N>
constexpr std::size_t static_extent_v<std::array<E, N>> = N* static_extent_v<E>;
template <class E, std::size_t N>
constexpr std::size_t static_extent_v<E[N]> = N* static_extent_v<E>;
template <class E, std::size_t N>
  requires(N != std::dynamic_extent)
constexpr std::size_t static_extent_v<std::span<E, N>> = N * static_extent_v<std::remove_cv_t<E>>;

// mdspan_like<M>: M is a view of numbers as std::mdspan is: data_handle(), rank(), extent(r),
// stride(r) (so a layout_right or layout_stride mdspan, or a library's own view of that shape).
template <class M>
concept mdspan_like = requires(const M& m) {
  typename M::element_type;
  { M::rank() } -> std::convertible_to<std::size_t>;
  m.data_handle();
  m.extent(0);
  m.stride(0);
};

// flat_range_of<R, T>: R is a contiguous range of numbers of type T, not nested (a tensor, a
// std::array, a std::vector, a C array, a std::span): its numbers can be read where they are.
template <class R, class T>
concept flat_range_of = std::ranges::contiguous_range<R> && std::is_same_v<
    std::remove_cv_t<std::ranges::range_value_t<R>>, T>;

// flat_size(r): the number of values in r, counted at run time.
template <class R>
constexpr std::size_t flat_size(const R& r) {
  if constexpr (Number<R>)
    return 1;
  else {
    std::size_t n = 0;
    for (const auto& e : r)
      n += flat_size(e);
    return n;
  }
}

// flatten(r, out, i): copy the values of r, row-major, into out from position i.
template <class R, class Out>
constexpr void flatten(const R& r, Out& out, std::size_t& i) {
  if constexpr (Number<R>)
    out[i++] = static_cast<typename Out::value_type>(r);
  else
    for (const auto& e : r)
      flatten(e, out, i);
}

// shape_text<S>(): "[2, 10]", or "[?, 10]" for shape<dyn, 10>.
template <class S>
std::string shape_text() {
  return dims_text(S::dims);
}

// nesting_v<R>: how many ranges are nested in R (0 for a number, 2 for a vector of vectors).
template <class R>
constexpr std::size_t nesting_v = 0;
template <class R>
  requires(!Number<R> && requires(const R& r) { *std::begin(r); })
constexpr std::size_t nesting_v<R> =
    1 + nesting_v<std::remove_cvref_t<decltype(*std::begin(std::declval<const R&>()))>>;

// nested_mismatch<D>(r, dims, where): for a range nested as deep as dims has dimensions, the
// first place (as "[i, j]", where) whose length is not dims' dimension there, that length and
// the dimension's position; where is "" when every length matches (not ragged).
struct mismatch {
  std::string where;
  std::size_t length;
  std::size_t dim;
};
template <std::size_t D = 0, class R, std::size_t Rank>
mismatch nested_mismatch(const R& r, const std::array<std::size_t, Rank>& dims,
                         const std::string& where = "") {
  if constexpr (D < Rank && !Number<R>) {
    const auto length = static_cast<std::size_t>(std::distance(std::begin(r), std::end(r)));
    if (length != dims[D])
      return {where.empty() ? std::string("the outermost range")
                            : std::string("range ").append(where).append("]"),
              length, D};
    std::size_t i = 0;
    for (const auto& e : r) {
      const std::string inner = (where.empty() ? std::string("[") : std::string(where).append(", "))
                                + std::to_string(i++);
      if (auto found = nested_mismatch<D + 1>(e, dims, inner); !found.where.empty())
        return found;
    }
  }
  return {"", 0, 0};
}

// check_values<Shape>(values, name): the numbers of a tensor, a std::array, a C array, a nested
// array, a std::vector or a std::span, row-major, are as many as Shape has (and not ragged). Sizes
// known at compile time are checked at compile time, others at run time (std::invalid_argument
// naming `name`).
template <class Shape, class R>
constexpr void check_values(const R& values, std::string_view name) {
  if constexpr (is_tensor_v<R>) {
    static_assert(std::is_same_v<typename R::shape_type, Shape>,
                  "ctgrad: the bound tensor does not have the variable's shape");
  } else if constexpr (static_extent_v<R> != 0) {
    static_assert(static_extent_v<R> == Shape::size,
                  "ctgrad: the bound array does not have as many values as the variable's shape");
  } else if (const std::size_t given = flat_size(values); given != Shape::size) {
    throw std::invalid_argument("ctgrad: variable '" + std::string(name) + "' has shape "
                                + shape_text<Shape>() + " (" + std::to_string(Shape::size)
                                + " values), but " + std::to_string(given) + " values were bound");
  } else if constexpr (Shape::rank > 1 && nesting_v<R> == Shape::rank) {
    // Nested as deep as the shape (a vector of rows): each level must have the shape's length,
    // so that a ragged vector of vectors is not read as another matrix with the same count.
    if (const auto [where, length, dim] = nested_mismatch(values, Shape::dims); !where.empty())
      throw std::invalid_argument(
          "ctgrad: variable '" + std::string(name) + "' has shape " + shape_text<Shape>() + ", but "
          + where + " of the bound values has " + std::to_string(length) + " elements");
  }
}

// leading_lengths<Rank>(r): the lengths of a range nested Rank deep, each level's read from its
// first element (0, and the levels below it 0, where a level is empty).
template <std::size_t Rank, class R>
std::array<std::size_t, Rank> leading_lengths(const R& r) {
  std::array<std::size_t, Rank> dims{};
  if constexpr (Rank > 0) {
    dims[0] = static_cast<std::size_t>(std::distance(std::begin(r), std::end(r)));
    if constexpr (Rank > 1)
      if (dims[0] > 0) {
        const auto inner = leading_lengths<Rank - 1>(*std::begin(r));
        std::copy(inner.begin(), inner.end(), dims.begin() + 1);
      }
  }
  return dims;
}

// mdspan_dims<Shape>(m, name): the dimensions of the mdspan-like m, whose numbers must be
// row-major and contiguous (else std::invalid_argument), as the dims of a variable of Shape
// called `name`: a dimension that Shape fixes must be as m has it (else std::invalid_argument
// naming the variable and both shapes).
template <class Shape, class M>
std::array<std::size_t, Shape::rank> mdspan_dims(const M& m, std::string_view name) {
  static_assert(M::rank() == Shape::rank,
                "ctgrad: the bound mdspan does not have the variable's rank");
  std::array<std::size_t, Shape::rank> dims{};
  for (std::size_t r = 0; r < Shape::rank; ++r)
    dims[r] = static_cast<std::size_t>(m.extent(r));
  std::size_t stride = 1;
  for (std::size_t r = Shape::rank; r-- > 0;) {
    if (dims[r] > 1 && static_cast<std::size_t>(m.stride(r)) != stride)
      throw std::invalid_argument("ctgrad: variable '" + std::string(name)
                                  + "' was bound to an mdspan whose numbers are not row-major "
                                    "and contiguous (stride "
                                  + std::to_string(m.stride(r)) + " in dimension "
                                  + std::to_string(r) + ")");
    stride *= dims[r];
  }
  for (std::size_t r = 0; r < Shape::rank; ++r)
    if (Shape::dims[r] != dyn && Shape::dims[r] != dims[r])
      throw std::invalid_argument("ctgrad: variable '" + std::string(name) + "' has shape "
                                  + shape_text<Shape>() + ", but it was bound to values of shape "
                                  + dims_text(dims));
  return dims;
}

// bound_dims<Shape>(values, name): the dimensions that the bound numbers give a variable of a
// dynamic Shape (shape<dyn, 784>): a tensor's own; a range nested as deep as Shape, its lengths
// (not ragged); a flat range, its size over the product of the static dimensions, for a Shape
// with one dyn dimension. A dimension that Shape fixes must be as given: else
// std::invalid_argument naming `name`, Shape ("[?, 784]") and what was bound.
template <class Shape, class R>
std::array<std::size_t, Shape::rank> bound_dims(const R& values, std::string_view name) {
  constexpr std::size_t unknown =
      static_cast<std::size_t>(std::count(Shape::dims.begin(), Shape::dims.end(), dyn));
  const auto fail = [&](const std::string& given) {
    return std::invalid_argument("ctgrad: variable '" + std::string(name) + "' has shape "
                                 + shape_text<Shape>() + ", but " + given);
  };
  std::array<std::size_t, Shape::rank> dims{};
  if constexpr (is_tensor_v<R> || is_tensor_view_v<R>) {
    static_assert(R::shape_type::rank == Shape::rank,
                  "ctgrad: the bound tensor does not have the variable's rank");
    dims = values.dims();
  } else if constexpr (nesting_v<R> == Shape::rank) {
    dims = leading_lengths<Shape::rank>(values);
    // below an empty level, the static dimensions are as Shape says (an empty batch of rows)
    bool empty = false;
    for (std::size_t d = 1; d < Shape::rank; ++d) {
      empty = empty || dims[d - 1] == 0;
      if (empty && Shape::dims[d] != dyn)
        dims[d] = Shape::dims[d];
    }
    if (const auto [where, length, dim] = nested_mismatch(values, dims); !where.empty())
      throw fail(where + " of the bound values has " + std::to_string(length) + " elements, not "
                 + std::to_string(dims[dim]));
  } else {
    static_assert(unknown == 1 && nesting_v<R> <= 1,
                  "ctgrad: bind a variable with more than one dyn dimension to a tensor or to "
                  "ranges nested as deep as its shape, which give each dimension");
    std::size_t fixed = 1;
    for (std::size_t d : Shape::dims)
      fixed *= d == dyn ? 1 : d;
    const std::size_t given = flat_size(values);
    if (given % fixed != 0)
      throw fail(std::to_string(given) + " values were bound, not a multiple of "
                 + std::to_string(fixed));
    for (std::size_t d = 0; d < Shape::rank; ++d)
      dims[d] = Shape::dims[d] == dyn ? given / fixed : Shape::dims[d];
  }
  for (std::size_t d = 0; d < Shape::rank; ++d)
    if (Shape::dims[d] != dyn && dims[d] != Shape::dims[d])
      throw fail("it was bound to values of shape " + dims_text(dims));
  return dims;
}

// to_tensor<Shape>(values, name): those numbers (check_values) as a tensor of Shape. From a range
// whose size is only known at run time (a std::vector) the tensor is zero-filled first: GCC 12 at
// -O2 cannot see that the copy fills it, and warns (-Wmaybe-uninitialized) where the fused loops
// read it.
template <class Shape, class R>
constexpr tensor<scalar_of_t<R>, Shape> to_tensor(const R& values, std::string_view name) {
  if constexpr (!Shape::is_static) {
    tensor<scalar_of_t<R>, Shape> result(bound_dims<Shape>(values, name), no_init);
    std::size_t i = 0;
    flatten(values, result.data, i);
    return result;
  } else {
    check_values<Shape>(values, name);
    tensor<scalar_of_t<R>, Shape> result;
    if constexpr (static_extent_v<R> == 0)
      result = {};
    std::size_t i = 0;
    flatten(values, result.data, i);
    return result;
  }
}

}  // namespace ctgrad::detail
