// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The loops behind matmul and t on tensor values: a transpose in tiles and a matrix product whose
// inner loop runs along a row of the result, over independent elements, so that compilers
// vectorize it without reassociating sums (no -ffast-math). Usable in constant expressions.
#pragma once

#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <type_traits>

namespace ctgrad::detail {

// The matrices here are tensors or tensor_views (a variable's numbers bound by a span, read in
// place) of the same number type, read by element.

// transposed(v): the transpose of the matrix v, copied in tiles of 16 x 16: a column of a large
// matrix has a power-of-two stride whose cache lines share a few sets of L1.
template <class V, class T = typename V::value_type, class S = typename V::shape_type>
constexpr tensor<T, shape<S::dims[1], S::dims[0]>> transposed(const V& v) {
  const auto rows = extent<0>(v);
  const auto cols = extent<1>(v);
  constexpr std::size_t tile = 16;
  using R = tensor<T, shape<S::dims[1], S::dims[0]>>;
  return written<R>({cols, rows}, [&](R& result) {
    for (std::size_t i0 = 0; i0 < rows; i0 += tile)
      for (std::size_t j0 = 0; j0 < cols; j0 += tile)
        for (std::size_t i = i0; i < std::min<std::size_t>(i0 + tile, rows); ++i)
          for (std::size_t j = j0; j < std::min<std::size_t>(j0 + tile, cols); ++j)
            result[j * rows + i] = v[i * cols + j];
  });
}

// product_into(M, K, N, a, b, result): writes into result (a tensor, or anything that indexes
// M x N numbers row-major: a gradient's place) the M x N matrix a(i, k) b(k, :) summed over k, for
// a K x N row-major matrix b (of numbers T) and a function a(i, k), which reads the left factor
// (transposed or not). The rows of the result are computed 4 at a time, so that they stay in L1
// while b's rows stream by, and each pass adds 4 terms, (((r + a0 b0) + a1 b1) + a2 b2) + a3 b3,
// so that a row of the result is loaded and stored once for 4 rows of b. The first terms are not
// added to 0 (which would not be free: 0 + -0 is +0). result must not overlap a or b. The sizes
// are numbers or std::integral_constants (extent).
template <class Mn, class Kn, class Nn, class A, class B, class R, class T = typename B::value_type>
constexpr void product_into(Mn M, Kn K, Nn N, A a, const B& b, R&& result) {
  constexpr std::size_t block = 4;
  constexpr std::size_t step = 4;
  if (K == 0) {
    for (std::size_t i = 0; i < M * N; ++i)
      result[i] = T(0);
  } else {
    for (std::size_t i0 = 0; i0 < M; i0 += block) {
      const std::size_t i1 = std::min<std::size_t>(i0 + block, M);
      for (std::size_t i = i0; i < i1; ++i) {
        const T ai0 = a(i, 0);
        for (std::size_t j = 0; j < N; ++j)
          result[i * N + j] = ai0 * b[j];
      }
      std::size_t k = 1;
      for (; k + step <= K; k += step)
        for (std::size_t i = i0; i < i1; ++i) {
          const T a0 = a(i, k);
          const T a1 = a(i, k + 1);
          const T a2 = a(i, k + 2);
          const T a3 = a(i, k + 3);
          const std::size_t b0 = k * N;
          for (std::size_t j = 0; j < N; ++j)
            result[i * N + j] = result[i * N + j] + a0 * b[b0 + j] + a1 * b[b0 + N + j]
                                + a2 * b[b0 + 2 * N + j] + a3 * b[b0 + 3 * N + j];
        }
      for (; k < K; ++k)
        for (std::size_t i = i0; i < i1; ++i) {
          const T aik = a(i, k);
          for (std::size_t j = 0; j < N; ++j)
            result[i * N + j] += aik * b[k * N + j];
        }
    }
  }
}

// matrix_product_into<TA, TB>(a, b, result): writes op(a) @ op(b) into result (product_into),
// where op transposes a factor whose flag is set. A transposed right factor is copied transposed
// first (the product reads it along rows), unless the result has only a few columns.
template <bool TA, bool TB, class A, class B, class R>
constexpr void matrix_product_into(const A& a, const B& b, R&& result) {
  using T = typename A::value_type;
  using SA = typename A::shape_type;
  using SB = typename B::shape_type;
  const auto M = extent < TA ? 1 : 0 > (a);
  const auto K = extent < TA ? 0 : 1 > (a);
  const auto N = extent < TB ? 0 : 1 > (b);
  if constexpr (SA::is_static && SB::is_static)
    static_assert(std::is_same_v<typename std::remove_cvref_t<R>::shape_type, shape<M, N>>,
                  "ctgrad: internal: a matrix product written into a place of another shape");
  const auto left = [&](std::size_t i, std::size_t k) { return TA ? a[k * M + i] : a[i * K + k]; };
  if constexpr (TB && SB::dims[0] < 8) {
    // Few columns, too few to vectorize along: each element is a dot product of two rows.
    for (std::size_t i = 0; i < M; ++i)
      for (std::size_t j = 0; j < N; ++j) {
        T sum = K == 0 ? T(0) : left(i, 0) * b[j * K];
        for (std::size_t k = 1; k < K; ++k)
          sum += left(i, k) * b[j * K + k];
        result[i * N + j] = sum;
      }
  } else if constexpr (TB) {
    product_into(M, K, N, left, transposed(b), result);
  } else {
    product_into(M, K, N, left, b, result);
  }
}

// matrix_product<TA, TB>(a, b): op(a) @ op(b) as a tensor (matrix_product_into).
template <bool TA, bool TB, class A, class B>
constexpr auto matrix_product(const A& a, const B& b) {
  using SA = typename A::shape_type;
  using SB = typename B::shape_type;
  using R = tensor<typename A::value_type, shape<SA::dims[TA ? 1 : 0], SB::dims[TB ? 0 : 1]>>;
  if constexpr (!SA::is_static || !SB::is_static) {
    if (extent < TA ? 0 : 1 > (a) != extent < TB ? 1 : 0 > (b))
      throw std::invalid_argument("ctgrad: matmul of a " + dims_text(a.dims()) + (TA ? "^T" : "")
                                  + " and a " + dims_text(b.dims()) + (TB ? "^T" : "")
                                  + " matrix: the first's columns must match the second's rows");
  }
  return written<R>({extent < TA ? 1 : 0 > (a), extent < TB ? 0 : 1 > (b)},
                    [&](R& result) { matrix_product_into<TA, TB>(a, b, result); });
}

}  // namespace ctgrad::detail
