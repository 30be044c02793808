#include <boost/test/unit_test.hpp>

#include <ctgrad/adapters/eigen.hpp>
#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <Eigen/Core>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// The Eigen adapter (include/ctgrad/adapters/eigen.hpp): Eigen matrices, vectors and expressions
// as tensor values, element (i, j) for element (i, j) whatever the storage order; gradients back
// as Eigen matrices; wrong dynamic sizes throw std::invalid_argument naming the expected and the
// given sizes. And the seed's sigmoid layer (reference.json `sigmoid_layer`, float32) with x and w
// given as Eigen matrices and w's gradient returned as one.

namespace test_eigen {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::check_close;
using ctgrad::test::matrix;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;

// Float results against PyTorch's float32 ones: 8 ulps of float, relative. Both compute the same
// float operations, at most in another order: o is a 10-term dot product whose terms hardly
// cancel (the sum of their magnitudes is less than 1.25 times the magnitude of the sum), then one
// exp and one division, each rounded within one ulp; sigmoid's condition number is below 1 here.
// The loss and w's gradient add a few products of these.
constexpr double float_rel_tol = 8 * FLT_EPSILON;

// The reference matrix at `node` as an Eigen matrix of T, dynamic size, column-major.
template <class T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> eigen_matrix(const ptree& node) {
  const std::vector<std::vector<double>> rows = matrix(node);
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> result(
      static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.at(0).size()));
  for (Eigen::Index i = 0; i < result.rows(); ++i)
    for (Eigen::Index j = 0; j < result.cols(); ++j)
      result(i, j) = static_cast<T>(rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
  return result;
}

// check_matrix(actual, node): every element of an Eigen matrix close to the reference matrix.
template <class D>
void check_matrix(const Eigen::MatrixBase<D>& actual, const ptree& node) {
  const std::vector<std::vector<double>> expected = matrix(node);
  BOOST_TEST_REQUIRE(static_cast<std::size_t>(actual.rows()) == expected.size());
  for (Eigen::Index i = 0; i < actual.rows(); ++i) {
    const std::vector<double>& row = expected[static_cast<std::size_t>(i)];
    BOOST_TEST_REQUIRE(static_cast<std::size_t>(actual.cols()) == row.size());
    for (Eigen::Index j = 0; j < actual.cols(); ++j)
      BOOST_TEST_CONTEXT("element (" << i << ", " << j << ")") {
        BOOST_TEST(check_close(static_cast<double>(actual(i, j)), row[static_cast<std::size_t>(j)],
                               float_rel_tol));
      }
  }
}

// invalid_argument_message(f): the message of the std::invalid_argument that f() throws.
template <class F>
std::string invalid_argument_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  BOOST_FAIL("no std::invalid_argument was thrown");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr var<"x", shape<1, 10>> x;
constexpr var<"w", shape<2, 10>> w;
constexpr auto o = sigmoid(matmul(x, t(w)));
constexpr auto loss = mse_loss(c<1>, o);

// Fixed sizes are checked at compile time (to_tensor static_asserts fits_v).
static_assert(eigen::detail::fits_v<shape<2, 10>, Eigen::Matrix<float, 2, 10>>);
static_assert(eigen::detail::fits_v<shape<2, 10>, Eigen::MatrixXf>);
static_assert(eigen::detail::fits_v<shape<2, 10>, Eigen::Matrix<float, 2, Eigen::Dynamic>>);
static_assert(!eigen::detail::fits_v<shape<2, 10>, Eigen::Matrix<float, 10, 2>>);
static_assert(!eigen::detail::fits_v<shape<2, 10>, Eigen::Matrix<float, Eigen::Dynamic, 9>>);
static_assert(eigen::detail::fits_v<shape<3>, Eigen::Vector3d>);
static_assert(eigen::detail::fits_v<shape<3>, Eigen::RowVector3d>);
static_assert(eigen::detail::fits_v<shape<3>, Eigen::VectorXd>);
static_assert(eigen::detail::fits_v<shape<3>, Eigen::MatrixXd>);
static_assert(!eigen::detail::fits_v<shape<3>, Eigen::Vector4d>);
static_assert(!eigen::detail::fits_v<shape<4>, Eigen::Matrix2d>);
static_assert(!eigen::detail::fits_v<shape<4>, Eigen::Matrix<double, 2, Eigen::Dynamic>>);

BOOST_AUTO_TEST_SUITE(eigen_adapter)

// view: a vector's or a row-major matrix's numbers read where they are, for any size.
BOOST_AUTO_TEST_CASE(view_reads_in_place) {
  constexpr var<"a", shape<300, 4>> a;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(300, 4);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      m(i, j) = std::sin(double(i * 4 + j));
  const auto v = eigen::view<shape<300, 4>>(m);
  BOOST_TEST(v.data == m.data());
  BOOST_TEST(v(7, 3) == m(7, 3));
  const auto f = sum(square(a)) / 2_c;
  const auto g_view = grad(f, a)(a = v);
  const auto g_copy = grad(f, a)(a = eigen::to_tensor<shape<300, 4>>(m));
  BOOST_TEST((g_view == g_copy));
  BOOST_TEST(g_view(7, 3) == m(7, 3));

  const Eigen::VectorXf column = Eigen::VectorXf::LinSpaced(1200, 0.0f, 1.0f);
  BOOST_TEST(eigen::view<shape<1200>>(column).data == column.data());
  using column_shape = shape<1200, 1>;
  BOOST_TEST(eigen::view<column_shape>(column)(5, 0) == column(5));

  // A block of a larger matrix has strides: refused, with what to do instead.
  using row_major_4x4 = Eigen::Matrix<double, 4, 4, Eigen::RowMajor>;
  using block_shape = shape<2, 3>;
  row_major_4x4 bigger = Eigen::Matrix4d::Zero();
  BOOST_CHECK_EXCEPTION(
      (void)eigen::view<block_shape>(bigger.block(1, 1, 2, 3)), std::invalid_argument,
      [](const std::invalid_argument& e) {
        return std::string(e.what())
               == "ctgrad::eigen::view: the Eigen object's numbers are not contiguous (inner "
                  "stride 1, outer stride 4): to_tensor copies it";
      });
  using wrong_shape = shape<300, 5>;
  BOOST_CHECK_THROW((void)eigen::view<wrong_shape>(m), std::invalid_argument);
}

// A dynamic shape takes the matrix's sizes: view reads in place, to_tensor copies in element
// order; a static dimension is still checked.
BOOST_AUTO_TEST_CASE(dynamic_shapes) {
  constexpr var<"a", shape<dyn, 4>> a;
  constexpr var<"b", shape<300, 4>> b;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m(300, 4);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      m(i, j) = std::cos(double(i * 4 + j));
  const auto v = eigen::view<shape<dyn, 4>>(m);
  BOOST_TEST(v.data == m.data());
  BOOST_TEST(v.dims()[0] == 300u);
  const auto g = grad(sum(square(a)) / 2_c, a)(a = v);
  const auto gs = grad(sum(square(b)) / 2_c, b)(b = eigen::view<shape<300, 4>>(m));
  BOOST_TEST(g.dims()[0] == 300u);
  BOOST_TEST(std::equal(g.begin(), g.end(), gs.begin()));

  Eigen::MatrixXd column_major(2, 3);
  column_major << 1, 2, 3, 4, 5, 6;
  const auto t = eigen::to_tensor<shape<dyn, dyn>>(column_major);
  BOOST_TEST(t.dims()[0] == 2u);
  BOOST_TEST(t.dims()[1] == 3u);
  BOOST_TEST(t(1, 0) == 4.0);
  const auto w = eigen::to_tensor<shape<dyn>>(Eigen::VectorXd::LinSpaced(5, 0.0, 4.0));
  BOOST_TEST(w.dims()[0] == 5u);
  BOOST_TEST(w[4] == 4.0);
  using five_columns = shape<dyn, 5>;
  BOOST_CHECK_EXCEPTION((void)eigen::view<five_columns>(m), std::invalid_argument,
                        [](const std::invalid_argument& e) {
                          return std::string(e.what())
                                 == "ctgrad::eigen::view: the tensor has shape [?, 5] and needs a "
                                    "?x5 Eigen matrix, but the given one is 300x4";
                        });
  BOOST_CHECK_THROW((void)eigen::to_tensor<shape<dyn>>(column_major), std::invalid_argument);
}

// The storage orders: the column-major matrix [[1, 2, 3], [4, 5, 6]] is the row-major tensor
// {1, 2, 3, 4, 5, 6}, and back.
BOOST_AUTO_TEST_CASE(element_order) {
  Eigen::Matrix<double, 2, 3> m;
  m << 1, 2, 3, 4, 5, 6;
  const tensor<double, shape<2, 3>> expected{{1, 2, 3, 4, 5, 6}};

  const auto deduced = eigen::to_tensor(m);
  static_assert(std::is_same_v<decltype(deduced), const tensor<double, shape<2, 3>>>);
  BOOST_TEST((deduced == expected));
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(m) == expected));

  const Eigen::Matrix<double, 2, 3, Eigen::RowMajor> row_major = m;
  BOOST_TEST((eigen::to_tensor(row_major) == expected));
  const Eigen::MatrixXd dynamic = m;
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(dynamic) == expected));
  // Expressions are evaluated first: a transpose, a block, a product, a map, an array.
  const Eigen::Matrix<double, 3, 2> transposed = m.transpose();
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(transposed.transpose()) == expected));
  Eigen::MatrixXd bigger = Eigen::MatrixXd::Zero(4, 4);
  bigger.block(1, 1, 2, 3) = m;
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(bigger.block(1, 1, 2, 3)) == expected));
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(Eigen::Matrix2d::Identity() * m) == expected));
  const double storage[6] = {1, 4, 2, 5, 3, 6};  // column-major
  BOOST_TEST((eigen::to_tensor<shape<2, 3>>(Eigen::Map<const Eigen::Matrix<double, 2, 3>>(storage))
              == expected));
  BOOST_TEST((eigen::to_tensor(m.array()) == expected));

  // And back: to_matrix gives the Eigen matrix of the same elements.
  const auto back = eigen::to_matrix(expected);
  static_assert(std::is_same_v<decltype(back), const Eigen::Matrix<double, 2, 3>>);
  BOOST_TEST((back == m));
  BOOST_TEST(back(1, 0) == 4.0);
  BOOST_TEST((eigen::to_tensor(eigen::to_matrix(expected)) == expected));
}

BOOST_AUTO_TEST_CASE(vectors) {
  const tensor<float, shape<3>> expected{{1, 2, 3}};
  const Eigen::Vector3f column(1, 2, 3);
  BOOST_TEST((eigen::to_tensor<shape<3>>(column) == expected));
  BOOST_TEST((eigen::to_tensor<shape<3>>(column.transpose()) == expected));
  const Eigen::VectorXf dynamic = column;
  BOOST_TEST((eigen::to_tensor<shape<3>>(dynamic) == expected));
  BOOST_TEST((eigen::to_tensor<shape<3>>(Eigen::MatrixXf(dynamic.transpose())) == expected));
  // A fixed-size vector deduces a matrix shape.
  static_assert(std::is_same_v<decltype(eigen::to_tensor(column)), tensor<float, shape<3, 1>>>);

  const auto back = eigen::to_vector(expected);
  static_assert(std::is_same_v<decltype(back), const Eigen::Matrix<float, 3, 1>>);
  BOOST_TEST((back == column));
  // 1xN and Nx1 matrices.
  const tensor<float, shape<1, 3>> row{{1, 2, 3}};
  static_assert(std::is_same_v<decltype(eigen::to_matrix(row)), Eigen::Matrix<float, 1, 3>>);
  BOOST_TEST((eigen::to_matrix(row) == column.transpose()));
}

// `w = eigen::to_tensor<...>(m)` and eigen::bind(w, m) make bindings; evaluation and gradients
// are in the Eigen matrix's scalar type.
BOOST_AUTO_TEST_CASE(bindings) {
  constexpr var<"v", shape<2, 2>> v;
  Eigen::Matrix2f m;
  m << 1, 2, 3, 4;
  const auto b = v = eigen::to_tensor(m);
  static_assert(std::is_same_v<decltype(b.value), tensor<float, shape<2, 2>>>);
  BOOST_TEST(b.value(0, 1) == 2.0f);
  const auto bound = eigen::bind(v, Eigen::MatrixXf(m));
  static_assert(std::is_same_v<decltype(bound), decltype(b)>);
  BOOST_TEST((bound.value == b.value));

  // d/dv sum(v * v) = 2 v, and v @ v against Eigen's product.
  const auto g = grad(sum(v * v), v)(v = eigen::to_tensor(m));
  static_assert(std::is_same_v<decltype(g), const tensor<float, shape<2, 2>>>);
  BOOST_TEST((eigen::to_matrix(g) == 2 * m));
  BOOST_TEST((eigen::to_matrix(matmul(v, v)(eigen::bind(v, m))) == m * m));
  const Eigen::Matrix2d md = m.cast<double>();
  static_assert(std::is_same_v<decltype(sum(v)(eigen::bind(v, md))), double>);
}

BOOST_AUTO_TEST_CASE(wrong_dynamic_sizes_throw) {
  const Eigen::MatrixXf transposed(10, 2);
  const std::string message =
      invalid_argument_message([&] { (void)eigen::to_tensor<shape<2, 10>>(transposed); });
  BOOST_TEST_INFO("message: " << message);
  BOOST_TEST(contains(message, "[2, 10]"));
  BOOST_TEST(contains(message, "2x10"));
  BOOST_TEST(contains(message, "10x2"));

  const std::string bind_message =
      invalid_argument_message([&] { (void)eigen::bind(w, Eigen::MatrixXf(2, 9)); });
  BOOST_TEST_INFO("message: " << bind_message);
  BOOST_TEST(contains(bind_message, "'w'"));
  BOOST_TEST(contains(bind_message, "2x10"));
  BOOST_TEST(contains(bind_message, "2x9"));

  const std::string vector_message =
      invalid_argument_message([&] { (void)eigen::to_tensor<shape<3>>(Eigen::VectorXd(4)); });
  BOOST_TEST_INFO("message: " << vector_message);
  BOOST_TEST(contains(vector_message, "3x1 or 1x3"));
  BOOST_TEST(contains(vector_message, "4x1"));

  // As many values, but not a vector; a dynamic-width row vector too short; an empty matrix.
  const auto not_a_vector = [] { (void)eigen::to_tensor<shape<4>>(Eigen::MatrixXd(2, 2)); };
  BOOST_CHECK_THROW(not_a_vector(), std::invalid_argument);
  const auto short_row = [] { (void)eigen::to_tensor<shape<1, 10>>(Eigen::RowVectorXf(9)); };
  BOOST_CHECK_THROW(short_row(), std::invalid_argument);
  const auto empty = [] { (void)eigen::to_tensor<shape<2, 10>>(Eigen::MatrixXf()); };
  BOOST_CHECK_THROW(empty(), std::invalid_argument);
  const auto right_row = [] { (void)eigen::to_tensor<shape<1, 10>>(Eigen::RowVectorXf(10)); };
  BOOST_CHECK_NO_THROW(right_row());
}

// Seed part 3: o = sigmoid(x @ w.t()), loss = mse_loss(ones(1, 2), o), with x and w given as Eigen
// matrices (fixed size and dynamic size) and w's gradient returned as an Eigen matrix.
BOOST_AUTO_TEST_CASE(sigmoid_layer) {
  const ptree& data = at(reference(), "sigmoid_layer");
  const Eigen::MatrixXf xs = eigen_matrix<float>(at(data, "x"));
  const Eigen::MatrixXf ws = eigen_matrix<float>(at(data, "w"));

  // Dynamic-size matrices, through eigen::bind and through `w = eigen::to_tensor<...>(m)`.
  const auto env = bind(eigen::bind(x, xs), w = eigen::to_tensor<shape<2, 10>>(ws));
  const Eigen::Matrix<float, 1, 2> o_value = eigen::to_matrix(o(env));
  check_matrix(o_value, at(data, "o"));
  const auto [loss_value, w_grad] = value_and_grad(loss, w)(env);
  static_assert(std::is_same_v<decltype(loss_value), const float>);
  BOOST_TEST(check_close(loss_value, number(at(data, "loss")), float_rel_tol));
  const Eigen::Matrix<float, 2, 10> w_grad_matrix = eigen::to_matrix(w_grad);
  check_matrix(w_grad_matrix, at(data, "w_grad"));

  // [eigen]
  // Fixed-size matrices, the shapes deduced; a row-major w.
  const Eigen::Matrix<float, 1, 10> x_fixed = xs;
  const Eigen::Matrix<float, 2, 10, Eigen::RowMajor> w_fixed = ws;
  const auto g = grad(loss, w)(x = eigen::to_tensor(x_fixed), w = eigen::to_tensor(w_fixed));
  static_assert(std::is_same_v<decltype(eigen::to_matrix(g)), Eigen::Matrix<float, 2, 10>>);
  // [eigen]
  check_matrix(eigen::to_matrix(g), at(data, "w_grad"));
  BOOST_TEST((eigen::to_matrix(g) == w_grad_matrix));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace test_eigen
