#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

// Softmax, log_softmax, reductions along a dimension and the losses against PyTorch
// (tests/reference/reference.json, float32):
//   softmax             the seed's softmax(a, 0) and its Jacobian, row i = grad of p[i];
//   log_softmax         the same for log_softmax, and a 2x3 matrix along dim 1;
//   softmax_2d          softmax of a 2x3 matrix along dims 1 and 0, grad of sum(p * w);
//   reductions          sum and mean along dims 0, 1 and all, grad of sum(reduced^2);
//   mse_reductions      mse_loss with reductions mean, sum and none;
//   cross_entropy       class-index targets (mean, sum) and probability targets (mean);
//   binary_cross_entropy  mean and sum, also at inputs 0 and 1 (logs clamped at -100);
//   mlp_softmax_ce      tanh(x @ w1 + b1) @ w2 + b2 and cross_entropy: loss and 4 gradients;
//   slicing             slice<Start, Stop, Step>(x), x[Start:Stop:Step]: values, rows of a
//                       matrix, gradients (into a target's elements, and through an operation
//                       that is not elementwise) against formulas, PyTorch (float64) and
//                       central differences, d, a second derivative, printing, constant
//                       evaluation; +0.0 in the elements no slice or index takes.
// Every gradient is also checked against central differences in double.
// (Loops over the reference read `item.second` because Clang 14 cannot capture structured
// bindings in lambdas.)

namespace test_tensor_ops {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::fd_step;
using ctgrad::test::matrix;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

// float_tol: PyTorch's float32 results and ours come from the same formulas in float, but not
// bit for bit: PyTorch sums with vector lanes in another order, uses its own vectorised exp, log
// and tanh (within an ulp of glibc's), and divides where we multiply or the reverse (the mean of
// BCE's derivative, softmax's normalisation). Each such step moves a result by at most an ulp,
// and the results here take a handful of steps after the last cancellation, so 4 float ulps
// (4 * FLT_EPSILON relative; the measured worst case is below 1) bound the difference.
// Where the last steps cancel (1 - p with p near 1, a gradient summed over samples with terms of
// both signs), those ulps are ulps of the terms, not of the result: the check then takes
// `scale`, a bound on the terms' magnitude derived beside each use, and also accepts a
// difference of 4 * FLT_EPSILON * scale. Without such a bound a relative tolerance would have to
// be about 100 ulps for the MLP's gradients, whose entries are 1e-4 from terms near 1e-2.
constexpr double float_tol = 4 * FLT_EPSILON;

boost::test_tools::predicate_result check_float(double actual, double expected, double scale = 0) {
  return check_close(actual, expected, float_tol, float_tol * scale);
}

// floats<N>(values): JSON numbers as a float array (the reference's float32 values are exact).
template <std::size_t N>
std::array<float, N> floats(const std::vector<double>& values) {
  BOOST_TEST_REQUIRE(values.size() == N);
  std::array<float, N> result{};
  for (std::size_t i = 0; i < N; ++i)
    result[i] = static_cast<float>(values[i]);
  return result;
}

// doubles<N>(values): JSON numbers as a double array.
template <std::size_t N>
std::array<double, N> doubles(const std::vector<double>& values) {
  BOOST_TEST_REQUIRE(values.size() == N);
  std::array<double, N> result{};
  for (std::size_t i = 0; i < N; ++i)
    result[i] = values[i];
  return result;
}

// to_double(a): a float array as doubles.
template <std::size_t N>
std::array<double, N> to_double(const std::array<float, N>& a) {
  std::array<double, N> result{};
  for (std::size_t i = 0; i < N; ++i)
    result[i] = static_cast<double>(a[i]);
  return result;
}

// check_floats(actual, expected, scale): check_float for each element.
template <class A>
void check_floats(const A& actual, const std::vector<double>& expected, double scale = 0) {
  BOOST_TEST_REQUIRE(std::size(actual) == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    BOOST_TEST(check_float(static_cast<double>(actual[i]), expected[i], scale), "element " << i);
}

// fd_gradient(f, x, step): the gradient of the scalar function f of the array x by central
// differences, one coordinate at a time; step(k) is the step for coordinate k.
template <std::size_t N, class F, class Step>
std::array<double, N> fd_gradient(F f, const std::array<double, N>& x, Step step) {
  std::array<double, N> result{};
  for (std::size_t k = 0; k < N; ++k) {
    const auto along = [&](double t) {
      auto moved = x;
      moved[k] = t;
      return f(moved);
    };
    result[k] = central_difference(along, x[k], step(k));
  }
  return result;
}
template <std::size_t N, class F>
std::array<double, N> fd_gradient(F f, const std::array<double, N>& x) {
  return fd_gradient(f, x, [](std::size_t) { return fd_step; });
}

// check_fd(g, fd, value): a gradient against central differences of a function of that value.
template <class G, std::size_t N>
void check_fd(const G& g, const std::array<double, N>& fd, double value) {
  for (std::size_t k = 0; k < N; ++k)
    BOOST_TEST(check_close(g[k], fd[k], fd_rel_tol, fd_abs_tol(value)), "coordinate " << k);
}

// for_each_index<N>(f): f(c<0>), ..., f(c<N - 1>).
template <std::size_t N, class F>
void for_each_index(F f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(c<I>), ...);
  }
  (std::make_index_sequence<N>{});
}

constexpr var<"a", shape<3>> a;
constexpr var<"onehot", shape<3>> onehot;

// Jacobian rows of a 3-vector function p of a: row i is the gradient of p[i], computed in float
// and compared with dp_da (float32), and in double against central differences.
template <bool SoftmaxLike, class P>
void check_jacobian_rows(const P& p, const ptree& entry) {
  const auto a_f = floats<3>(numbers(at(entry, "a")));
  const auto rows = matrix(at(entry, "dp_da"));
  BOOST_TEST_REQUIRE(rows.size() == 3U);
  const auto p_f = p(a = a_f);
  for_each_index<3>([&](auto index) {
    constexpr std::size_t i = decltype(index)::value.num;
    const auto row = grad(p[index], a)(a = a_f);
    // Entries are p_i (delta_ij - p_j) (softmax) or delta_ij - p_j (log_softmax): a subtraction
    // of numbers up to 1 in magnitude, times p_i for softmax, so the terms have magnitude p_i.
    const double scale = SoftmaxLike ? static_cast<double>(p_f[i]) : 1.0;
    BOOST_TEST_CONTEXT("a = " << a_f[0] << ", " << a_f[1] << ", " << a_f[2] << ", row " << i) {
      check_floats(row, rows[i], scale);
    }
    // The same row as the gradient of sum(p * onehot_i).
    std::array<float, 3> unit{};
    unit[i] = 1;
    BOOST_TEST((grad(sum(p * onehot), a)(a = a_f, onehot = unit) == row));
    // Double: against central differences of p[i].
    const auto a_d = to_double(a_f);
    const auto g = grad(p[index], a)(a = a_d);
    const auto fd =
        fd_gradient([&](const std::array<double, 3>& x) { return p[index](a = x); }, a_d);
    check_fd(g, fd, p[index](a = a_d));
  });
}

BOOST_AUTO_TEST_CASE(softmax_seed) {
  const auto p = softmax<0>(a);
  for (const auto& item : at(reference(), "softmax")) {
    const ptree& entry = item.second;
    const auto a_f = floats<3>(numbers(at(entry, "a")));
    check_floats(p(a = a_f), numbers(at(entry, "p")));
    check_jacobian_rows<true>(p, entry);
  }
  // The spellings softmax(a, 0_c) and softmax<-1>(a) are the same expression.
  static_assert(std::is_same_v<decltype(softmax(a, 0_c)), decltype(softmax<0>(a))>);
  static_assert(std::is_same_v<decltype(softmax<-1>(a)), decltype(softmax<0>(a))>);
}

// p[i] with an index known at run time: the same values and gradients as p[c<i>] (against the
// reference through check_jacobian_rows), symbolic d too; an index out of range throws
// std::out_of_range naming the index and the dimension; rows of a matrix.
BOOST_AUTO_TEST_CASE(runtime_index) {
  const auto p = softmax<0>(a);
  const ptree& entry = at(reference(), "softmax").front().second;
  const auto a_f = floats<3>(numbers(at(entry, "a")));
  const auto rows = matrix(at(entry, "dp_da"));
  for (int i = 0; i < 3; ++i) {
    const auto u = static_cast<std::size_t>(i);
    BOOST_TEST(p[i](a = a_f) == p(a = a_f)[u]);
    const auto row = grad(p[i], a)(a = a_f);
    check_floats(row, rows[u], static_cast<double>(p(a = a_f)[u]));
    BOOST_TEST((d(p[i], a)(a = a_f) == row));
  }
  for_each_index<3>([&](auto index) {
    const auto i = static_cast<int>(decltype(index)::value.num);
    BOOST_TEST((grad(p[i], a)(a = a_f) == grad(p[index], a)(a = a_f)));
  });
  BOOST_TEST(to_string(p[2]) == "softmax(a)[2]");
  const auto message = [&](int i) {
    try {
      (void)p[i](a = a_f);
    } catch (const std::out_of_range& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  BOOST_TEST(message(3) == "ctgrad: index 3 is out of range for a first dimension of size 3");
  BOOST_TEST(message(-4) == "ctgrad: index -4 is out of range for a first dimension of size 3");
  // Negative indices count from the end, as in Python, at run time and at compile time.
  BOOST_TEST(p[-1](a = a_f) == p(a = a_f)[2]);
  BOOST_TEST((grad(p[-3], a)(a = a_f) == grad(p[0_c], a)(a = a_f)));
  static_assert(std::is_same_v<decltype(p[-1_c]), decltype(p[2_c])>);
  BOOST_CHECK_THROW(grad(p[7], a)(a = a_f), std::out_of_range);

  constexpr var<"m", shape<2, 3>> m;
  constexpr std::array<double, 6> mv{1, 2, 3, 4, 5, 6};
  std::size_t r = 1;
  const auto row = m[r](m = mv);
  BOOST_TEST((row == tensor<double, shape<3>>{{4, 5, 6}}));
  const auto g = grad(sum(square(m[r])), m)(m = mv);
  BOOST_TEST((g == tensor<double, shape<2, 3>>{{0, 0, 0, 8, 10, 12}}));
  static_assert(grad(sum(m[1]), m)(m = mv)(1, 2) == 1.0 && grad(sum(m[1]), m)(m = mv)(0, 2) == 0);
}

BOOST_AUTO_TEST_CASE(softmax_is_stable) {
  // Large inputs: exp(1000) overflows, exp(x - max) does not.
  const auto p = softmax<0>(a)(a = std::array{1000.0, 1001.0, 999.0});
  const auto q = softmax<0>(a)(a = std::array{0.0, 1.0, -1.0});
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST(check_close(p[i], q[i], 1e-15));
  const auto l = log_softmax<0>(a)(a = std::array{1000.0f, 1001.0f, 999.0f});
  BOOST_TEST(std::isfinite(l[0]));
  // A NaN makes its whole slice NaN, as in PyTorch.
  const auto n = softmax<0>(a)(a = std::array{0.0, std::numeric_limits<double>::quiet_NaN(), 1.0});
  for (std::size_t i = 0; i < 3; ++i)
    BOOST_TEST(std::isnan(n[i]));
}

BOOST_AUTO_TEST_CASE(log_softmax_vectors_and_matrix) {
  const auto& node = at(reference(), "log_softmax");
  const auto p = log_softmax<0>(a);
  for (const auto& item : at(node, "vectors")) {
    const ptree& entry = item.second;
    const auto a_f = floats<3>(numbers(at(entry, "a")));
    // x - max - log(sum) adds two numbers <= 0: no cancellation.
    check_floats(p(a = a_f), numbers(at(entry, "p")));
    check_jacobian_rows<false>(p, entry);
  }
  // A 2x3 matrix along dim 1: the value and the gradient of sum(p^2).
  const auto& m = at(node, "matrix");
  BOOST_TEST(number(at(m, "dim")) == 1.0);
  constexpr var<"m", shape<2, 3>> x;
  const auto lp = log_softmax<1>(x);
  const auto f = sum(square(lp));
  const auto x_f = floats<6>(values(at(m, "a")));
  const auto lp_f = lp(x = x_f);
  check_floats(lp_f, values(at(m, "p")));
  // grad = 2p - exp(p) * sum(2p) along the row: terms up to 2 * sum |p| of the row (exp(p) <= 1).
  const auto g_f = grad(f, x)(x = x_f);
  const auto expected = values(at(m, "grad_of_sum_of_squares"));
  for (std::size_t i = 0; i < 6; ++i) {
    const std::size_t row = i / 3 * 3;
    const double scale =
        2 * std::fabs(static_cast<double>(lp_f[row] + lp_f[row + 1] + lp_f[row + 2]));
    BOOST_TEST(check_float(static_cast<double>(g_f[i]), expected[i], scale), "element " << i);
  }
  const auto x_d = to_double(x_f);
  check_fd(grad(f, x)(x = x_d),
           fd_gradient([&](const std::array<double, 6>& v) { return f(x = v); }, x_d), f(x = x_d));
}

BOOST_AUTO_TEST_CASE(softmax_2d) {
  constexpr var<"m", shape<2, 3>> x;
  constexpr var<"w", shape<2, 3>> w;
  for (const auto& item : at(reference(), "softmax_2d")) {
    const ptree& entry = item.second;
    const auto x_f = floats<6>(values(at(entry, "a")));
    const auto w_f = floats<6>(values(at(entry, "w")));
    const auto check = [&](const auto& p) {
      const auto f = sum(p * w);
      check_floats(p(x = x_f), values(at(entry, "p")));
      // grad = p * (w - sum(w * p)): w - sum(w * p) cancels terms up to max |w| = 6.
      const auto g = grad(f, x)(x = x_f, w = w_f);
      const auto expected = values(at(entry, "grad_of_weighted_sum"));
      for (std::size_t i = 0; i < 6; ++i) {
        const double scale = 6.0 * static_cast<double>(p(x = x_f)[i]);
        BOOST_TEST(check_float(static_cast<double>(g[i]), expected[i], scale), "element " << i);
      }
      const auto x_d = to_double(x_f);
      const auto w_d = to_double(w_f);
      const auto fd =
          fd_gradient([&](const std::array<double, 6>& v) { return f(x = v, w = w_d); }, x_d);
      check_fd(grad(f, x)(x = x_d, w = w_d), fd, f(x = x_d, w = w_d));
    };
    const double dim = number(at(entry, "dim"));
    BOOST_TEST_CONTEXT("dim " << dim) {
      if (dim == 1.0)
        check(softmax<1>(x));
      else
        check(softmax(x, 0_c));
    }
  }
}

BOOST_AUTO_TEST_CASE(reductions) {
  constexpr var<"t", shape<2, 3>> t;
  for (const auto& item : at(reference(), "reductions")) {
    const ptree& entry = item.second;
    const std::string op = at(entry, "op").data();
    const std::string dim = at(entry, "dim").data();
    const auto t_f = floats<6>(values(at(entry, "t")));
    const auto check = [&](const auto& reduced) {
      const auto f = sum(square(reduced));
      const auto value = reduced(t = t_f);
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, float>)
        BOOST_TEST(check_float(static_cast<double>(value), number(at(entry, "reduced"))));
      else
        check_floats(value, numbers(at(entry, "reduced")));
      const auto [v, g] = value_and_grad(f, t)(t = t_f);
      BOOST_TEST(check_float(static_cast<double>(v), number(at(entry, "value"))));
      check_floats(g, values(at(entry, "grad")));
      const auto t_d = to_double(t_f);
      check_fd(grad(f, t)(t = t_d),
               fd_gradient([&](const std::array<double, 6>& x) { return f(t = x); }, t_d),
               f(t = t_d));
    };
    BOOST_TEST_CONTEXT(op << " along " << dim) {
      if (op == "sum" && dim == "0")
        check(sum<0>(t));
      else if (op == "sum" && dim == "1")
        check(sum(t, 1_c));
      else if (op == "sum")
        check(sum(t));
      else if (op == "mean" && dim == "0")
        check(mean<0>(t));
      else if (op == "mean" && dim == "1")
        check(mean<-1>(t));
      else
        check(mean(t));
    }
  }
}

BOOST_AUTO_TEST_CASE(sum_keepdim_and_unsqueeze) {
  constexpr var<"t", shape<2, 3>> t;
  const std::array values{1.0, -2.0, 3.0, 0.5, 4.0, -1.0};
  const auto kept = sum_keepdim<1>(t)(t = values);
  static_assert(std::is_same_v<decltype(kept), const tensor<double, shape<2, 1>>>);
  BOOST_TEST(kept[0] == 2.0);
  BOOST_TEST(kept[1] == 3.5);
  // The gradient of sum(w * sum_keepdim<0>(t)): each t[i, j] gets w[0, j].
  constexpr var<"w", shape<1, 3>> w;
  const auto g = grad(sum(w * sum_keepdim<0>(t)), t)(t = values, w = std::array{1.0, 2.0, 3.0});
  BOOST_TEST((g == tensor<double, shape<2, 3>>{{1.0, 2.0, 3.0, 1.0, 2.0, 3.0}}));
  const auto u = unsqueeze<1>(t)(t = values);
  static_assert(std::is_same_v<decltype(u), const tensor<double, shape<2, 1, 3>>>);
  BOOST_TEST((squeeze<1>(u) == tensor<double, shape<2, 3>>{{1.0, -2.0, 3.0, 0.5, 4.0, -1.0}}));
}

BOOST_AUTO_TEST_CASE(mse_reductions) {
  constexpr var<"input", shape<2, 2>> input;
  constexpr var<"target", shape<2, 2>> target;
  for (const auto& item : at(reference(), "mse_reductions")) {
    const ptree& entry = item.second;
    const std::string r = at(entry, "reduction").data();
    const auto in_f = floats<4>(values(at(entry, "input")));
    const auto target_f = floats<4>(values(at(entry, "target")));
    const auto check = [&](const auto& loss) {
      const auto f = sum(loss);
      const auto value = loss(input = in_f, target = target_f);
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(value)>, float>)
        BOOST_TEST(check_float(static_cast<double>(value), number(at(entry, "loss"))));
      else
        check_floats(value, values(at(entry, "loss")));
      check_floats(grad(f, input)(input = in_f, target = target_f),
                   values(at(entry, "grad_input")));
      const auto in_d = to_double(in_f);
      const auto target_d = to_double(target_f);
      const auto [v, g] = value_and_grad(f, input, target)(input = in_d, target = target_d);
      check_fd(std::get<0>(g),
               fd_gradient(
                   [&](const std::array<double, 4>& x) { return f(input = x, target = target_d); },
                   in_d),
               v);
      check_fd(
          std::get<1>(g),
          fd_gradient([&](const std::array<double, 4>& x) { return f(input = in_d, target = x); },
                      target_d),
          v);
    };
    BOOST_TEST_CONTEXT("reduction " << r) {
      if (r == "mean")
        check(mse_loss(input, target));
      else if (r == "sum")
        check(mse_loss<reduction::sum>(input, target));
      else
        check(mse_loss<reduction::none>(input, target));
    }
  }
}

BOOST_AUTO_TEST_CASE(cross_entropy_reference) {
  constexpr var<"logits", shape<3, 4>> logits;
  constexpr var<"y", shape<3>> classes;
  constexpr var<"probabilities", shape<3, 4>> probabilities;
  for (const auto& item : at(reference(), "cross_entropy")) {
    const ptree& entry = item.second;
    const std::string type = at(entry, "target_type").data();
    const std::string r = at(entry, "reduction").data();
    const auto logits_f = floats<12>(values(at(entry, "logits")));
    const auto logits_d = to_double(logits_f);
    const auto check = [&](const auto& loss, const auto& target_binding,
                           const auto& target_binding_d) {
      const auto [v, g] = value_and_grad(loss, logits)(logits = logits_f, target_binding);
      BOOST_TEST(check_float(static_cast<double>(v), number(at(entry, "loss"))));
      // grad = (softmax(logits) - target) / N: 1 - p cancels terms of magnitude 1 / N.
      check_floats(g, values(at(entry, "grad_logits")), r == "mean" ? 1.0 / 3 : 1.0);
      const auto fd = fd_gradient(
          [&](const std::array<double, 12>& x) { return loss(logits = x, target_binding_d); },
          logits_d);
      check_fd(grad(loss, logits)(logits = logits_d, target_binding_d), fd,
               loss(logits = logits_d, target_binding_d));
    };
    BOOST_TEST_CONTEXT(type << " target, reduction " << r) {
      if (type == "class_index") {
        std::array<int, 3> y{};
        for (std::size_t i = 0; const double v : numbers(at(entry, "target")))
          y[i++] = static_cast<int>(v);
        if (r == "mean")
          check(cross_entropy(logits, classes), classes = y, classes = y);
        else
          check(cross_entropy<reduction::sum>(logits, classes), classes = y, classes = y);
      } else {
        const auto target = values(at(entry, "target"));
        BOOST_TEST_REQUIRE(r == "mean");
        check(cross_entropy(logits, probabilities), probabilities = floats<12>(target),
              probabilities = doubles<12>(target));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(cross_entropy_forms) {
  // Class indices and the equivalent one-hot probabilities give the same loss and gradient;
  // reduction none gives each sample's loss; one sample (logits <C>, a scalar class) works too.
  constexpr var<"logits", shape<2, 3>> logits;
  constexpr var<"y", shape<2>> y;
  constexpr var<"q", shape<2, 3>> q;
  const std::array z{0.5, -1.0, 2.0, 0.0, 0.25, -0.5};
  const auto [v1, g1] =
      value_and_grad(cross_entropy(logits, y), logits)(logits = z, y = std::array{2, 0});
  const auto [v2, g2] = value_and_grad(cross_entropy(logits, q), logits)(
      logits = z, q = std::array{0.0, 0.0, 1.0, 1.0, 0.0, 0.0});
  BOOST_TEST(check_close(v1, v2, 1e-15));
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(g1[i], g2[i], 1e-15, 1e-16));
  const auto each = cross_entropy<reduction::none>(logits, y)(logits = z, y = std::array{2, 0});
  BOOST_TEST(check_close((each[0] + each[1]) / 2, v1, 1e-15));
  const auto each_q = cross_entropy<reduction::none>(logits, q)(
      logits = z, q = std::array{0.0, 0.0, 1.0, 1.0, 0.0, 0.0});
  BOOST_TEST(check_close(each_q[0], each[0], 1e-15));
  constexpr var<"l", shape<3>> l;
  constexpr var<"k"> k;
  const double one = cross_entropy(l, k)(l = std::array{0.5, -1.0, 2.0}, k = 2);
  BOOST_TEST(check_close(one, each[0], 1e-15));
  // A class index out of range, or not an integer, is an error, as in PyTorch.
  BOOST_CHECK_THROW(cross_entropy(logits, y)(logits = z, y = std::array{3, 0}), std::out_of_range);
  BOOST_CHECK_THROW(cross_entropy(logits, y)(logits = z, y = std::array{-1, 0}), std::out_of_range);
  BOOST_CHECK_THROW(cross_entropy(logits, y)(logits = z, y = std::array{0.5, 0.0}),
                    std::out_of_range);
  // nll_loss on log-probabilities is cross_entropy without the log_softmax.
  BOOST_TEST(nll_loss(log_softmax<1>(logits), y)(logits = z, y = std::array{2, 0}) == v1);
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_reference) {
  constexpr var<"x", shape<5>> x5;
  constexpr var<"t", shape<5>> t5;
  constexpr var<"x", shape<2>> x2;
  constexpr var<"t", shape<2>> t2;
  for (const auto& item : at(reference(), "binary_cross_entropy")) {
    const ptree& entry = item.second;
    const std::string r = at(entry, "reduction").data();
    const auto in = numbers(at(entry, "input"));
    const auto target = numbers(at(entry, "target"));
    const auto check = [&]<std::size_t N>(const auto& x, const auto& t, const auto& loss,
                                          std::integral_constant<std::size_t, N>) {
      const auto in_f = floats<N>(in);
      const auto target_f = floats<N>(target);
      const auto [v, g] = value_and_grad(loss, x)(x = in_f, t = target_f);
      BOOST_TEST(check_float(static_cast<double>(v), number(at(entry, "loss"))));
      check_floats(g, numbers(at(entry, "grad_input")));
      // Central differences in double, with steps that stay inside (0, 1) and small against
      // the distance to 0 and 1; inputs at 0 or 1 have no two-sided difference.
      const auto in_d = to_double(in_f);
      const auto target_d = to_double(target_f);
      bool interior = true;
      for (const double p : in_d)
        interior = interior && p > 0 && p < 1;
      if (interior) {
        const auto [vd, gd] = value_and_grad(loss, x)(x = in_d, t = target_d);
        const auto step = [&](std::size_t k) {
          return std::fmin(fd_step, std::fmin(in_d[k], 1 - in_d[k]) / 100);
        };
        check_fd(
            gd,
            fd_gradient([&](const std::array<double, N>& p) { return loss(x = p, t = target_d); },
                        in_d, step),
            vd);
      }
    };
    BOOST_TEST_CONTEXT("reduction " << r << ", " << in.size() << " inputs") {
      if (in.size() == 5 && r == "mean")
        check(x5, t5, binary_cross_entropy(x5, t5), std::integral_constant<std::size_t, 5>{});
      else if (in.size() == 5)
        check(x5, t5, binary_cross_entropy<reduction::sum>(x5, t5),
              std::integral_constant<std::size_t, 5>{});
      else if (r == "mean")
        check(x2, t2, binary_cross_entropy(x2, t2), std::integral_constant<std::size_t, 2>{});
      else
        check(x2, t2, binary_cross_entropy<reduction::sum>(x2, t2),
              std::integral_constant<std::size_t, 2>{});
    }
  }
  // The gradient by the target, -logit(x) (PyTorch's binary_cross_entropy_target_backward), at
  // targets inside (0, 1), where central differences can step both ways.
  const std::array in_d{0.1, 0.5, 0.9, 0.999, 1e-8};
  const std::array target_d{0.25, 0.5, 0.75, 0.01, 0.99};
  for (const auto& loss : {binary_cross_entropy(x5, t5)}) {
    const auto [v, g] = value_and_grad(loss, x5, t5)(x5 = in_d, t5 = target_d);
    check_fd(std::get<1>(g),
             fd_gradient([&](const std::array<double, 5>& p) { return loss(x5 = in_d, t5 = p); },
                         target_d),
             v);
    const auto step = [&](std::size_t k) {
      return std::fmin(fd_step, std::fmin(in_d[k], 1 - in_d[k]) / 100);
    };
    check_fd(
        std::get<0>(g),
        fd_gradient([&](const std::array<double, 5>& p) { return loss(x5 = p, t5 = target_d); },
                    in_d, step),
        v);
  }
  const auto summed = binary_cross_entropy<reduction::sum>(x5, t5);
  const auto each = binary_cross_entropy<reduction::none>(x5, t5)(x5 = in_d, t5 = target_d);
  double total = 0;
  for (const double e : each)
    total += e;
  BOOST_TEST(check_close(summed(x5 = in_d, t5 = target_d), total, 1e-15));
  // Inputs outside [0, 1] are an error, as in PyTorch.
  BOOST_CHECK_THROW(
      binary_cross_entropy(x2, t2)(x2 = std::array{0.5, 1.5}, t2 = std::array{0.0, 1.0}),
      std::domain_error);
}

BOOST_AUTO_TEST_CASE(mlp_softmax_ce) {
  const auto& node = at(reference(), "mlp_softmax_ce");
  constexpr var<"x", shape<4, 3>> x;
  constexpr var<"w1", shape<3, 5>> w1;
  constexpr var<"b1", shape<5>> b1;
  constexpr var<"w2", shape<5, 2>> w2;
  constexpr var<"b2", shape<2>> b2;
  constexpr var<"y", shape<4>> y;
  const auto h = tanh(matmul(x, w1) + b1);
  const auto logits = matmul(h, w2) + b2;
  const auto loss = cross_entropy(logits, y);

  const auto x_f = floats<12>(values(at(node, "x")));
  const auto w1_f = floats<15>(values(at(node, "w1")));
  const auto b1_f = floats<5>(numbers(at(node, "b1")));
  const auto w2_f = floats<10>(values(at(node, "w2")));
  const auto b2_f = floats<2>(numbers(at(node, "b2")));
  std::array<int, 4> y_i{};
  for (std::size_t i = 0; const double v : numbers(at(node, "target")))
    y_i[i++] = static_cast<int>(v);
  const auto env = bind(x = x_f, w1 = w1_f, b1 = b1_f, w2 = w2_f, b2 = b2_f, y = y_i);

  // Bounds on the magnitude of the terms that the last sums add (N = 4 samples, C = 2 classes,
  // 5 hidden units, |x|, |w2|, |h| and |b2| at most hx, w2x, hx and b2x below):
  //   logits = h @ w2 + b2            5 terms |h| |w2| and b2:        5 hx w2x + b2x
  //   dlogits = g - p * sum(g)        g = -onehot / N: two terms <= 1 / N each
  //   grad_b2 = sum over N samples    N / N = 1
  //   grad_w2 = h^T @ dlogits         N hx / N = hx
  //   dz = (dlogits @ w2^T) (1 - h^2) C w2x / N
  //   grad_b1 = sum over N samples    C w2x
  //   grad_w1 = x^T @ dz              C xx w2x
  const auto max_abs = [](const auto& values) {
    double m = 0;
    for (const auto v : values)
      m = std::fmax(m, std::fabs(static_cast<double>(v)));
    return m;
  };
  const double xx = max_abs(x_f);
  const double hx = max_abs(h(env));
  const double w2x = max_abs(w2_f);
  const double b2x = max_abs(b2_f);
  check_floats(logits(env), values(at(node, "logits")), 5 * hx * w2x + b2x);
  const auto [v, g] = value_and_grad(loss, w1, b1, w2, b2)(env);
  // The loss sums -log_softmax over the samples: terms of one sign.
  BOOST_TEST(check_float(static_cast<double>(v), number(at(node, "loss"))));
  const auto& [g_w1, g_b1, g_w2, g_b2] = g;
  check_floats(g_b2, numbers(at(node, "grad_b2")), 1.0);
  check_floats(g_w2, values(at(node, "grad_w2")), hx);
  check_floats(g_b1, numbers(at(node, "grad_b1")), 2 * w2x);
  check_floats(g_w1, values(at(node, "grad_w1")), 2 * xx * w2x);

  // Double: each gradient against central differences.
  const auto x_d = to_double(x_f);
  const auto w1_d = to_double(w1_f);
  const auto b1_d = to_double(b1_f);
  const auto w2_d = to_double(w2_f);
  const auto b2_d = to_double(b2_f);
  const auto [vd, gd] = value_and_grad(loss, w1, b1, w2, b2)(x = x_d, w1 = w1_d, b1 = b1_d,
                                                             w2 = w2_d, b2 = b2_d, y = y_i);
  check_fd(std::get<0>(gd),
           fd_gradient(
               [&](const std::array<double, 15>& p) {
                 return loss(x = x_d, w1 = p, b1 = b1_d, w2 = w2_d, b2 = b2_d, y = y_i);
               },
               w1_d),
           vd);
  check_fd(std::get<1>(gd),
           fd_gradient(
               [&](const std::array<double, 5>& p) {
                 return loss(x = x_d, w1 = w1_d, b1 = p, w2 = w2_d, b2 = b2_d, y = y_i);
               },
               b1_d),
           vd);
  check_fd(std::get<2>(gd),
           fd_gradient(
               [&](const std::array<double, 10>& p) {
                 return loss(x = x_d, w1 = w1_d, b1 = b1_d, w2 = p, b2 = b2_d, y = y_i);
               },
               w2_d),
           vd);
  check_fd(std::get<3>(gd),
           fd_gradient(
               [&](const std::array<double, 2>& p) {
                 return loss(x = x_d, w1 = w1_d, b1 = b1_d, w2 = w2_d, b2 = p, y = y_i);
               },
               b2_d),
           vd);
}

// matmul reads a transposed factor in place: matmul(a, t(b)), matmul(t(a), b) and
// matmul(t(a), t(b)) are one product each (transposed_matmul_op), printed as written. Each of the
// four forms is checked, in double, against the product written out here and its gradients
// against central differences, returned and written into places; the shapes take the kernel's
// paths: 5 rows (blocks of 4 and a remainder), 9 columns (a transposed right factor copied first)
// and 2 columns (dot products).
template <class Product, std::size_t M, std::size_t K, std::size_t N, class A, class B>
void check_product(const Product& product, const A& a, const B& b, bool ta, bool tb,
                   const std::array<double, M * K>& a_values,
                   const std::array<double, K * N>& b_values) {
  static_assert(std::is_same_v<shape_of_t<Product>, shape<M, N>>);
  const auto value = product(a = a_values, b = b_values);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < N; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < K; ++k)
        sum += a_values[ta ? k * M + i : i * K + k] * b_values[tb ? j * K + k : k * N + j];
      BOOST_TEST(check_close(value(i, j), sum, 1e-15), "element " << i << ", " << j);
    }
  const auto loss = sum(sin(product));
  const auto [v, g] = value_and_grad(loss, a, b)(a = a_values, b = b_values);
  check_fd(std::get<0>(g),
           fd_gradient([&](const auto& p) { return loss(a = p, b = b_values); }, a_values), v);
  check_fd(std::get<1>(g),
           fd_gradient([&](const auto& p) { return loss(a = a_values, b = p); }, b_values), v);
  // Into places of the caller's, which the product's pullbacks write directly (each factor is a
  // target reached once): every number written, the same as the returned gradient's.
  std::vector<double> da(M * K, 123.25);
  std::vector<double> db(K * N, 123.25);
  BOOST_TEST(value_and_grad(loss, a, b).into(da, db)(a = a_values, b = b_values) == v);
  BOOST_TEST(std::equal(da.begin(), da.end(), std::get<0>(g).begin()));
  BOOST_TEST(std::equal(db.begin(), db.end(), std::get<1>(g).begin()));
}

template <std::size_t N>
std::array<double, N> sample_values(double phase) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
    values[i] = std::sin(phase + 1.7 * static_cast<double>(i));
  return values;
}

BOOST_AUTO_TEST_CASE(transposed_factors) {
  constexpr var<"a", shape<5, 3>> a;
  constexpr var<"at", shape<3, 5>> at_;
  constexpr var<"b", shape<3, 9>> b;
  constexpr var<"bt", shape<9, 3>> bt;
  constexpr var<"bt2", shape<2, 3>> bt2;
  static_assert(to_static_string(matmul(a, t(bt))) == "matmul(a, t(bt))");
  static_assert(to_static_string(matmul(t(at_), b)) == "matmul(t(at), b)");
  static_assert(to_static_string(matmul(t(at_), t(bt))) == "matmul(t(at), t(bt))");
  static_assert(
      std::is_same_v<
          std::remove_cvref_t<decltype(matmul(a, bt.t()))>,
          node<transposed_matmul_op<false, true>, var<"a", shape<5, 3>>, var<"bt", shape<9, 3>>>>);
  const auto av = sample_values<15>(0.3);
  const auto bv = sample_values<27>(1.1);
  check_product<decltype(matmul(a, b)), 5, 3, 9>(matmul(a, b), a, b, false, false, av, bv);
  check_product<decltype(matmul(t(at_), b)), 5, 3, 9>(matmul(t(at_), b), at_, b, true, false, av,
                                                      bv);
  check_product<decltype(matmul(a, t(bt))), 5, 3, 9>(matmul(a, t(bt)), a, bt, false, true, av, bv);
  check_product<decltype(matmul(t(at_), t(bt))), 5, 3, 9>(matmul(t(at_), t(bt)), at_, bt, true,
                                                          true, av, bv);
  check_product<decltype(matmul(a, t(bt2))), 5, 3, 2>(matmul(a, t(bt2)), a, bt2, false, true, av,
                                                      sample_values<6>(2.0));
  // Symbolic: d(p[...], b) for a transposed factor is the same derivative the sweep computes.
  const auto picked = matmul(a, t(bt2))[1_c][0_c];
  BOOST_TEST(d(picked, bt2)(a = av, bt2 = sample_values<6>(2.0))(0, 2) == av[5]);
}

// Symbolic d sums a broadcast between tensors of different shapes, as grad does: the bias of a
// layer, shape<5> added to a shape<4, 5>, gets the sum over the 4 rows (sum_to_size).
BOOST_AUTO_TEST_CASE(symbolic_d_sums_broadcasts) {
  constexpr var<"x", shape<4, 3>> x;
  constexpr var<"w", shape<3, 5>> w;
  constexpr var<"b", shape<5>> b;
  constexpr auto loss = sum(square(tanh(matmul(x, w) + b)));
  const auto xv = sample_values<12>(0.2);
  const auto wv = sample_values<15>(0.9);
  const auto bv = sample_values<5>(1.4);
  const auto symbolic = d(loss, b);
  static_assert(std::is_same_v<shape_of_t<decltype(symbolic)>, shape<5>>);
  BOOST_TEST(to_string(symbolic).starts_with("sum_to_size("));
  const auto by_d = symbolic(x = xv, w = wv, b = bv);
  const auto by_grad = grad(loss, b)(x = xv, w = wv, b = bv);
  for (std::size_t k = 0; k < 5; ++k)
    BOOST_TEST(check_close(by_d[k], by_grad[k], 1e-13), "element " << k);
  check_fd(by_d, fd_gradient([&](const auto& p) { return loss(x = xv, w = wv, b = p); }, bv),
           loss(x = xv, w = wv, b = bv));
  // In a constant expression: d(sum(m * b), b) sums m over its 3 rows.
  constexpr var<"m", shape<3, 2>> m;
  constexpr var<"b2", shape<2>> b2;
  static_assert(
      d(sum(m * b2), b2)(m = std::array{1.0, 2.0, 3.0, 4.0, 5.0, 6.0}, b2 = std::array{0.5, -1.0})
      == tensor<double, shape<2>>{{9.0, 12.0}});
}

BOOST_AUTO_TEST_CASE(slicing) {
  constexpr var<"x", shape<7>> x;
  const std::array<double, 7> xv{0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 3.0};
  constexpr auto odd = slice<1, 7, 2>(x);  // x[1:7:2]: elements 1, 3, 5
  static_assert(std::is_same_v<shape_of_t<decltype(odd)>, shape<3>>);
  BOOST_TEST((odd(x = xv) == tensor<double, shape<3>>{{-1.25, 0.75, 1.5}}));
  BOOST_TEST((slice<2, 5>(x)(x = xv) == tensor<double, shape<3>>{{2.0, 0.75, -0.5}}));
  BOOST_TEST(to_string(odd) == "x[1:6:2]");  // the smallest stop that takes the same elements
  BOOST_TEST(to_string(slice<2, 5>(x)) == "x[2:5]");

  // Into x's elements directly (an elementwise region), and through softmax (a node of its own).
  const auto gx = grad(sum(exp(odd) * slice<0, 3>(x)), x)(x = xv);
  // f = e^x1 x0 + e^x3 x1 + e^x5 x2.
  const std::array<double, 7> expected{std::exp(-1.25),
                                       std::exp(-1.25) * 0.5 + std::exp(0.75),
                                       std::exp(1.5),
                                       std::exp(0.75) * -1.25,
                                       0.0,
                                       std::exp(1.5) * 2.0,
                                       0.0};
  for (std::size_t i = 0; i < 7; ++i)
    BOOST_TEST(check_close(gx[i], expected[i], 1e-14));
  // The elements that no slice or index takes are +0.0, as PyTorch's, also when x occurs more
  // than once (whose other sums start at -0.0, which adding the first contribution leaves exact).
  BOOST_TEST((!std::signbit(gx[4]) && !std::signbit(gx[6])));
  const auto gi = grad(x[0_c] * x[1_c], x)(x = xv);
  BOOST_TEST((gi[0] == xv[1] && gi[1] == xv[0]));
  for (std::size_t i = 2; i < 7; ++i)
    BOOST_TEST((gi[i] == 0.0 && !std::signbit(gi[i])));
  // The elements that a part takes keep the sign of a zero adjoint, as PyTorch's for one part
  // (1.13: x[0] * y and (x[0:3:2] * y).sum() with y = -0.0 give x.grad [-0., 0., 0.] and
  // [-0., 0., -0.]); they start at -0.0, which adding the first contribution leaves exact.
  constexpr var<"y"> y;
  const auto gz = grad(x[0_c] * y, x)(x = xv, y = -0.0);
  const auto gs = grad(sum(slice<0, 3, 2>(x) * y), x)(x = xv, y = -0.0);
  for (std::size_t i = 0; i < 7; ++i) {
    BOOST_TEST((gz[i] == 0.0 && std::signbit(gz[i]) == (i == 0)));
    BOOST_TEST((gs[i] == 0.0 && std::signbit(gs[i]) == (i == 0 || i == 2)));
  }
  // Slices that take every element between them: all start at -0.0 (one loop of stores).
  const auto gall = grad(sum(square(slice<0, 7, 2>(x))) + sum(slice<1, 7, 2>(x)), x)(x = xv);
  for (std::size_t i = 0; i < 7; ++i)
    BOOST_TEST(gall[i] == (i % 2 == 0 ? 2 * xv[i] : 1.0));
  constexpr auto f = sum(softmax<0>(odd) * slice<0, 6, 2>(x));
  const auto gf = grad(f, x)(x = xv);
  // Against PyTorch (reference.json's slicing, float64, the same x): a few roundings apart.
  const ptree& entry = at(reference(), "slicing");
  const auto x_reference = numbers(at(entry, "x"));
  const auto df_dx = numbers(at(entry, "df_dx"));
  BOOST_TEST(check_close(f(x = xv), number(at(entry, "f")), 1e-14));
  for (std::size_t i = 0; i < 7; ++i) {
    BOOST_TEST(x_reference[i] == xv[i]);
    BOOST_TEST(check_close(gf[i], df_dx[i], 1e-14, 1e-16));  // 0 exactly where x is not taken
  }
  for (std::size_t i = 0; i < 7; ++i) {
    const double fd = central_difference(
        [&](double v) {
          auto moved = xv;
          moved[i] = v;
          return f(x = moved);
        },
        xv[i]);
    BOOST_TEST(check_close(gf[i], fd, fd_rel_tol, fd_abs_tol(f(x = xv))));
    BOOST_TEST(check_close(d(f, x)(x = xv)[i], gf[i], 1e-14));
  }

  // A second derivative goes through slice_scatter's pullback, a slice again: d of
  // sum(d(sum(x[0:6:2]^3), x)) = d of sum over those elements of 3 x^2 = 6 x there, 0 elsewhere.
  constexpr auto second = d(sum(d(sum(pow<3>(slice<0, 6, 2>(x))), x)), x);
  const auto second_value = second(x = xv);
  for (std::size_t i = 0; i < 7; ++i)
    BOOST_TEST(second_value[i] == (i % 2 == 0 && i < 6 ? 6 * xv[i] : 0.0));

  // Rows of a matrix; constant evaluation.
  constexpr var<"m", shape<3, 2>> m;
  constexpr std::array<double, 6> mv{1, 2, 3, 4, 5, 6};
  BOOST_TEST((slice<0, 3, 2>(m)(m = mv) == tensor<double, shape<2, 2>>{{1, 2, 5, 6}}));
  BOOST_TEST((grad(sum(square(slice<1, 3>(m))), m)(m = mv)
              == tensor<double, shape<3, 2>>{{0, 0, 6, 8, 10, 12}}));
  static_assert(grad(sum(square(slice<0, 3, 2>(m))), m)(m = mv)(2, 1) == 12.0);
}

}  // namespace test_tensor_ops
