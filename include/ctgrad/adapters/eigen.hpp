// Eigen adapter: Eigen matrices and vectors as the values of tensor variables, and tensor values
// (gradients) back as Eigen matrices. Optional: include <ctgrad/adapters/eigen.hpp> with Eigen on
// the include path (CMake: Eigen3::Eigen); the core headers never include Eigen.
//
//   constexpr var<"w", shape<2, 10>> w;
//   const Eigen::MatrixXf m = ...;  // its size is checked at run time: 2x10
//   const auto g = grad(loss, w)(x = xs, w = eigen::to_tensor<shape<2, 10>>(m));
//   const Eigen::Matrix<float, 2, 10> dw = eigen::to_matrix(g);
//
// eigen::bind(w, m) does the same as `w = eigen::to_tensor<shape<2, 10>>(m)`, and its error names
// the variable; eigen::to_tensor(m) deduces shape<M, N> from a fixed-size MxN matrix.
//
// Element (i, j) of a tensor is element (i, j) of the matrix, whatever the storage orders:
// ctgrad tensors are row-major, Eigen matrices column-major by default, and the conversions copy
// element by element. eigen::view<Shape>(m) reads a vector or a row-major matrix where it is,
// without a copy. A dimension of Shape may be dyn (shape<dyn, 784>): it takes the matrix's size.
// Example: tests/runtime_optional/eigen_test.cpp.
#pragma once

#include <ctgrad/expression.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>
#include <ctgrad/variable.hpp>

#include <Eigen/Core>

#include <array>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace ctgrad::eigen {

namespace detail {

// index<N>: N as an Eigen dimension, which is an int template argument.
template <std::size_t N>
constexpr int index = [] {
  static_assert(N <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
                "ctgrad::eigen: a dimension does not fit in an Eigen dimension (int)");
  return static_cast<int>(N);
}();

// fits_v<Shape, D>: D's compile-time sizes (Eigen::Dynamic or fixed) allow a value of Shape: a
// matrix of Shape's rows and columns for a rank-2 shape, a row or column vector of Shape's size
// for a rank-1 shape.
template <class Shape, class D>
constexpr bool fits() {
  constexpr auto allows = [](int compile_time, std::size_t n) {
    return compile_time == Eigen::Dynamic || n == ctgrad::dyn
           || compile_time == static_cast<int>(n);
  };
  if constexpr (Shape::rank == 2)
    return allows(D::RowsAtCompileTime, Shape::dims[0])
           && allows(D::ColsAtCompileTime, Shape::dims[1]);
  else
    return (allows(D::RowsAtCompileTime, 1) && allows(D::ColsAtCompileTime, Shape::size))
           || (allows(D::ColsAtCompileTime, 1) && allows(D::RowsAtCompileTime, Shape::size));
}
template <class Shape, class D>
constexpr bool fits_v = fits<Shape, D>();

// expected_text<Shape>(): the Eigen sizes that Shape accepts, "2x10" or "3x1 or 1x3".
template <class Shape>
std::string expected_text() {
  const auto text = [](std::size_t n) { return n == ctgrad::dyn ? "?" : std::to_string(n); };
  if constexpr (Shape::rank == 2)
    return text(Shape::dims[0]) + "x" + text(Shape::dims[1]);
  else
    return text(Shape::size) + "x1 or 1x" + text(Shape::size);
}

// check_size<Shape>(rows, cols, what): throws std::invalid_argument, starting with `what`, unless
// a rows x cols Eigen matrix holds a value of Shape.
template <class Shape>
void check_size(Eigen::Index rows, Eigen::Index cols, const std::string& what) {
  const auto is = [](Eigen::Index given, std::size_t n) {
    return given >= 0 && (n == ctgrad::dyn || static_cast<std::size_t>(given) == n);
  };
  bool ok = false;
  if constexpr (Shape::rank == 2)
    ok = is(rows, Shape::dims[0]) && is(cols, Shape::dims[1]);
  else
    ok = (is(rows, 1) && is(cols, Shape::size)) || (is(cols, 1) && is(rows, Shape::size));
  if (!ok)
    throw std::invalid_argument(what + " has shape " + ctgrad::detail::shape_text<Shape>()
                                + " and needs a " + expected_text<Shape>()
                                + " Eigen matrix, but the given one is " + std::to_string(rows)
                                + "x" + std::to_string(cols));
}

// dims_of<Shape>(rows, cols): the dimensions of a value of Shape held by a rows x cols Eigen
// matrix (already checked): a rank-1 shape has the vector's length.
template <class Shape>
std::array<std::size_t, Shape::rank> dims_of(Eigen::Index rows, Eigen::Index cols) {
  if constexpr (Shape::rank == 2)
    return {static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)};
  else
    return {static_cast<std::size_t>(rows * cols)};
}

// copy<Shape>(m): the values of m (already checked) as a tensor of Shape: element (i, j) of m is
// element (i, j) of the tensor; for a rank-1 shape, element k of the row or column vector m.
template <class Shape, class D>
tensor<typename D::Scalar, Shape> copy(const Eigen::DenseBase<D>& m) {
  // Evaluates expressions (products, blocks, maps) once; a plain matrix is not copied.
  const auto& e = m.derived().eval();
  // the static dimensions as the loops' bounds where there are
  const std::array<std::size_t, Shape::rank> dims = [&] {
    if constexpr (Shape::is_static)
      return Shape::dims;
    else
      return dims_of<Shape>(e.rows(), e.cols());
  }();
  return ctgrad::detail::written<tensor<typename D::Scalar, Shape>>(dims, [&](auto& result) {
    if constexpr (Shape::rank == 2) {
      for (std::size_t i = 0; i < dims[0]; ++i)
        for (std::size_t j = 0; j < dims[1]; ++j)
          result(i, j) = e(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    } else {
      const bool row = e.rows() == 1;
      for (std::size_t k = 0; k < dims[0]; ++k) {
        const auto index = static_cast<Eigen::Index>(k);
        result[k] = row ? e(0, index) : e(index, 0);
      }
    }
  });
}

template <class Shape, class D>
constexpr void check_static() {
  static_assert(ctgrad::detail::is_shape_v<Shape> && (Shape::rank == 1 || Shape::rank == 2),
                "ctgrad::eigen: Eigen matrices convert to tensors of shape<M, N> and Eigen "
                "vectors to tensors of shape<N>");
  static_assert(Number<typename D::Scalar>,
                "ctgrad::eigen: the Eigen matrix's scalar type must be a real number type");
  static_assert(fits_v<Shape, D>,
                "ctgrad::eigen: the Eigen matrix's compile-time size does not fit the shape "
                "(a shape<M, N> needs an MxN matrix, a shape<N> a row or column vector of N "
                "values)");
}

}  // namespace detail

// to_tensor<Shape>(m): the Eigen matrix, vector, array or expression m as a tensor of Shape and
// of m's scalar type. A shape<M, N> needs an MxN matrix, a shape<N> a row or column vector of N
// values. Fixed sizes are checked at compile time, dynamic ones at run time
// (std::invalid_argument naming the expected and the given sizes).
// `w = eigen::to_tensor<shape<2, 10>>(m)` binds a variable to it.
template <class Shape, class D>
tensor<typename D::Scalar, Shape> to_tensor(const Eigen::DenseBase<D>& m) {
  detail::check_static<Shape, D>();
  detail::check_size<Shape>(m.rows(), m.cols(), "ctgrad::eigen::to_tensor: the tensor");
  return detail::copy<Shape>(m);
}

// FixedSizeDense<D>: a fixed-size Eigen matrix, array or expression type. (Its sizes are tested
// before DenseBase<D> is formed, so that to_tensor<shape<...>>(m) never instantiates
// DenseBase<shape<...>> while Clang considers the overload below.)
template <class D>
concept FixedSizeDense = requires {
  typename D::Scalar;
  D::RowsAtCompileTime;
  D::ColsAtCompileTime;
}
&&(D::RowsAtCompileTime != Eigen::Dynamic && D::ColsAtCompileTime != Eigen::Dynamic)
    && std::is_base_of_v<Eigen::DenseBase<D>, D>;

// to_tensor(m): a fixed-size MxN Eigen matrix as a tensor of shape<M, N> (a fixed-size vector
// too: Eigen::Vector3d gives shape<3, 1>; spell to_tensor<shape<3>>(v) for a rank-1 tensor).
template <FixedSizeDense D>
auto to_tensor(const D& m) {
  using Shape = shape<static_cast<std::size_t>(D::RowsAtCompileTime),
                      static_cast<std::size_t>(D::ColsAtCompileTime)>;
  return to_tensor<Shape>(m);
}

// bind(v, m): the binding `v = to_tensor<v's shape>(m)`; a wrong dynamic size throws
// std::invalid_argument naming the variable, its shape and the given size.
template <fixed_string Name, class Shape, class D>
binding<var<Name, Shape>, tensor<typename D::Scalar, Shape>> bind(const var<Name, Shape>&,
                                                                  const Eigen::DenseBase<D>& m) {
  detail::check_static<Shape, D>();
  detail::check_size<Shape>(m.rows(), m.cols(),
                            "ctgrad: variable '" + std::string(Name.view()) + "'");
  return {detail::copy<Shape>(m)};
}

// view<Shape>(m): the numbers of the Eigen vector or row-major matrix m where they are, as a
// tensor_view of Shape, not copied: `x = eigen::view<shape<1000, 784>>(m)`. m must outlive the
// binding. A column-major matrix (Eigen's default) has its numbers in the other order: it is a
// compile error, and to_tensor copies it; a map with strides throws std::invalid_argument.
template <class Shape, class D>
tensor_view<typename D::Scalar, Shape> view(const Eigen::DenseBase<D>& m) {
  detail::check_static<Shape, D>();
  static_assert((int(D::Flags) & Eigen::DirectAccessBit) != 0,
                "ctgrad::eigen::view: the Eigen object must hold its numbers (a matrix, an array "
                "or a map); to_tensor evaluates and copies an expression");
  static_assert(Shape::rank == 1 || (int(D::Flags) & Eigen::RowMajorBit) != 0 || Shape::dims[0] == 1
                    || Shape::dims[1] == 1,
                "ctgrad::eigen::view: a column-major matrix's numbers are not in a tensor's "
                "row-major order: use Eigen::RowMajor, or to_tensor, which copies");
  detail::check_size<Shape>(m.rows(), m.cols(), "ctgrad::eigen::view: the tensor");
  const auto& derived = m.derived();
  const bool vector = derived.rows() == 1 || derived.cols() == 1;
  if (derived.innerStride() != 1 || (!vector && derived.outerStride() != derived.innerSize()))
    throw std::invalid_argument(
        "ctgrad::eigen::view: the Eigen object's numbers are not contiguous (inner stride "
        + std::to_string(derived.innerStride()) + ", outer stride "
        + std::to_string(derived.outerStride()) + "): to_tensor copies it");
  if constexpr (Shape::is_static)
    return {derived.data()};
  else
    return {derived.data(), detail::dims_of<Shape>(derived.rows(), derived.cols())};
}

// to_matrix(t): the MxN tensor t (a gradient, say) as an Eigen::Matrix<T, M, N>, element (i, j)
// for element (i, j).
template <class T, std::size_t M, std::size_t N>
Eigen::Matrix<T, detail::index<M>, detail::index<N>> to_matrix(const tensor<T, shape<M, N>>& t) {
  Eigen::Matrix<T, detail::index<M>, detail::index<N>> result;
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < N; ++j)
      result(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = t(i, j);
  return result;
}

// to_vector(t): the tensor t of shape<N> as a column vector, Eigen::Matrix<T, N, 1>.
template <class T, std::size_t N>
Eigen::Matrix<T, detail::index<N>, 1> to_vector(const tensor<T, shape<N>>& t) {
  Eigen::Matrix<T, detail::index<N>, 1> result;
  for (std::size_t k = 0; k < N; ++k)
    result(static_cast<Eigen::Index>(k)) = t[k];
  return result;
}

}  // namespace ctgrad::eigen
