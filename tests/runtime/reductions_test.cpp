#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "check_values.hpp"
#include "message_of.hpp"
#include "reference.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

// The reductions of tensor/statistics.hpp against PyTorch (tests/reference/reference.json, key
// statistics, float32 and float64): logsumexp, amax, amin, prod, variance, stddev, norm (p = 1, 2,
// infinity) and argmax, argmin, along dimension 0, 1 (written -1 too) and over all elements, of
// 2x3 inputs with ties, zeros, constant rows and elements near 1e4. For each: the value, and the
// gradient of sum(square(r)), against PyTorch in both types, with static shapes and with
// shape<dyn, 3> (the same numbers), and in double against central differences. Then the
// properties that the issue names: logsumexp's gradient is softmax and stays finite at 1e4, the
// gradient of amax on a tie is shared evenly, prod's gradient at zeros is the product of the
// others, the correction of variance, norm's subgradient at 0, argmax's first index on ties and
// its derivative 0; printed derivatives and constant evaluation.
// (Loops over the reference read `item.second` because Clang 14 cannot capture structured
// bindings in lambdas.)

namespace test_reductions {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::elements;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::max_abs;
using ctgrad::test::message_of;
using ctgrad::test::number;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

constexpr var<"x", shape<2, 3>> x;
constexpr var<"x", shape<dyn, 3>> xd;

// with_case(op, dim, option, v, f): f(e), e being the case's reduction of the variable v (dim "0",
// "1" or "null" for all elements; option the correction of var and std, the order of norm).
template <class V, class F>
void with_case(const std::string& op, const std::string& dim, const std::string& option, V v, F f) {
  const auto along = [&](auto whole, auto first, auto last) {
    if (dim == "0")
      f(first);
    else if (dim == "1")
      f(last);
    else
      f(whole);
  };
  if (op == "logsumexp")
    along(logsumexp(v), logsumexp<0>(v), logsumexp<-1>(v));
  else if (op == "amax")
    along(amax(v), amax<0>(v), amax<1>(v));
  else if (op == "amin")
    along(amin(v), amin<0>(v), amin<-1>(v));
  else if (op == "prod")
    along(prod(v), prod<0>(v), prod<1>(v));
  else if (op == "var" && option == "1")
    along(variance(v), variance<0>(v), variance<1>(v, correction<1>));
  else if (op == "var")
    along(variance(v, correction<0>), variance<0>(v, correction<0>),
          variance<-1>(v, correction<0>));
  else if (op == "std" && option == "1")
    along(stddev(v), stddev<0>(v), stddev<1>(v));
  else if (op == "std")
    along(stddev(v, correction<0>), stddev<0>(v, correction<0>), stddev<1>(v, correction<0>));
  else if (op == "norm" && option == "2")
    along(norm(v), norm<0>(v), norm<-1>(v, 2_c));
  else if (op == "norm" && option == "1")
    along(norm(v, 1_c), norm<0>(v, 1_c), norm<1>(v, 1_c));
  else if (op == "norm")
    along(norm(v, inf_c), norm<0>(v, inf_c), norm<1>(v, inf_c));
  else if (op == "argmax")
    along(argmax(v), argmax<0>(v), argmax<1>(v));
  else if (op == "argmin")
    along(argmin(v), argmin<0>(v), argmin<-1>(v));
  else
    BOOST_FAIL("no reduction " << op);
}

// numbers(node): a JSON number or array (of arrays) of numbers, row by row.
std::vector<double> numbers(const ptree& node) {
  if (node.empty())
    return {number(node)};
  return values(node);
}

// Tolerances against PyTorch. Its results and ours come from the same formulas in the same type,
// but not bit for bit: PyTorch sums with vector lanes in another order, accumulates var and std
// in double, and uses its own exp and log (within an ulp of glibc's); the values here take a
// handful of such steps, so 4 ulps of the type (4 epsilon relative) bound the difference. A
// gradient element may come after a cancellation (x - mean in var's, x - r in logsumexp's), whose
// error is ulps of its terms rather than of the element: the check also accepts 4 epsilon times
// the largest gradient element (whose factors, 2 r / (n - correction) or exp(x - r), are those of
// every element), times 1 + max |x| for logsumexp, where an ulp of r (about 1e-3 at 1e4 in float)
// moves exp(x - r) by |r| ulps. PyTorch computes var and std with Welford's updates, whose error
// grows with the condition number of the variance, 1 + mean^2 / var (the two passes here are
// exact to a few ulps: 7/3 for the first row of `large`, where PyTorch's double is off by 3e-13):
// their values and gradients take tolerance times 1 + max |x|^2 / var.
template <class T>
constexpr double tolerance = 4 * std::numeric_limits<T>::epsilon();

// check_case<T>(entry, e, v, bind): e's value and gradient at the entry's input, bound by
// bind(values), against the entry.
template <class T, class E, class V, class Bind>
void check_case(const ptree& entry, const E& e, V v, const Bind& bind) {
  const auto input = values<T>(at(at(reference(), "statistics.inputs"), at(entry, "input").data()));
  const std::vector<double> input_d(input.begin(), input.end());
  const auto value = elements(e(bind(input)));
  const auto expected = numbers(at(entry, "value"));
  BOOST_TEST_REQUIRE(value.size() == expected.size());
  const std::string op = at(entry, "op").data();
  double condition = 1;
  for (std::size_t i = 0; i < value.size(); ++i)
    if (op == "var" || op == "std") {
      const double var = op == "var" ? expected[i] : expected[i] * expected[i];
      condition = std::max(condition, var > 0 ? 1 + max_abs(input_d) * max_abs(input_d) / var : 1);
    }
  const double tol = tolerance<T> * condition;
  for (std::size_t i = 0; i < value.size(); ++i)
    BOOST_TEST(check_close(value[i], expected[i], tol, 0), "value " << i);
  if (at(entry, "grad").data() == "null")
    return;
  const auto f = sum(square(e));
  const auto [loss, g] = value_and_grad(f, v)(bind(input));
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(loss)>, T>);
  BOOST_TEST(check_close(static_cast<double>(loss), number(at(entry, "loss")), tol, 0));
  const auto expected_grad = values(at(entry, "grad"));
  const auto gradient = elements(g);
  BOOST_TEST_REQUIRE(gradient.size() == expected_grad.size());
  const bool lse = op == "logsumexp";
  const double scale = max_abs(expected_grad) * (lse ? 1 + max_abs(input_d) : 1);
  for (std::size_t i = 0; i < gradient.size(); ++i) {
    if (lse)
      BOOST_TEST(std::isfinite(gradient[i]), "gradient " << i);
    BOOST_TEST(check_close(gradient[i], expected_grad[i], tol, tol * scale), "gradient " << i);
  }
}

// fd_applies(entry): central differences measure the gradient: not at a tie of the elements
// that amax, amin or the infinity norm reduce (the inputs ties, zeros and constant_rows have
// some), where the function has a kink, and the gradient is PyTorch's even split (checked above).
bool fd_applies(const ptree& entry) {
  const std::string op = at(entry, "op").data();
  const std::string input = at(entry, "input").data();
  const bool extremum =
      op == "amax" || op == "amin" || (op == "norm" && at(entry, "option").data() == "inf");
  return !(extremum && (input == "ties" || input == "zeros" || input == "constant_rows"));
}

// check_fd(e, input): the gradient of sum(square(e)) by x in double against central differences.
template <class E>
void check_fd(const E& e, const std::vector<double>& input) {
  const auto f = sum(square(e));
  const auto g = grad(f, x)(x = input);
  for (std::size_t k = 0; k < 6; ++k) {
    const auto along = [&](double t) {
      auto moved = input;
      moved[k] = t;
      return f(x = moved);
    };
    const double fd = central_difference(along, input[k]);
    BOOST_TEST(check_close(g[k], fd, fd_rel_tol, fd_abs_tol(f(x = input))), "coordinate " << k);
  }
}

BOOST_AUTO_TEST_CASE(against_pytorch_and_central_differences) {
  std::size_t checked = 0;
  for (const auto& item : at(reference(), "statistics.cases")) {
    const ptree& entry = item.second;
    const std::string op = at(entry, "op").data();
    const std::string dim = at(entry, "dim").data();
    const std::string option = at(entry, "option").data();
    const std::string dtype = at(entry, "dtype").data();
    BOOST_TEST_CONTEXT(op << " (" << option << ") along " << dim << " of "
                          << at(entry, "input").data() << " in " << dtype) {
      if (dtype == "float32") {
        with_case(op, dim, option, x, [&](const auto& e) {
          check_case<float>(entry, e, x, [](const auto& in) { return x = in; });
        });
      } else {
        with_case(op, dim, option, x, [&](const auto& e) {
          check_case<double>(entry, e, x, [](const auto& in) { return x = in; });
          if (at(entry, "grad").data() != "null" && fd_applies(entry))
            check_fd(e,
                     values(at(at(reference(), "statistics.inputs"), at(entry, "input").data())));
        });
        BOOST_TEST_CONTEXT("shape<dyn, 3>") {
          with_case(op, dim, option, xd, [&](const auto& e) {
            check_case<double>(entry, e, xd, [](const auto& in) { return xd = in; });
          });
        }
      }
      ++checked;
    }
  }
  BOOST_TEST(checked == 2u * 6u * 13u * 3u);
}

// A dynamic shape gives the numbers of the static one, bit for bit, over 4 rows too.
BOOST_AUTO_TEST_CASE(dynamic_shapes_give_the_static_numbers) {
  constexpr var<"x", shape<4, 3>> xs;
  const std::vector<double> v{1.0, -2.0, 3.0, 0.5, 0.0, -1.0, 2.0, 2.0, 2.0, -0.25, 7.0, 1.5};
  const auto same = [&](const auto& fd, const auto& fs) {
    const auto gd = grad(sum(square(fd)), xd)(xd = v);
    const auto gs = grad(sum(square(fs)), xs)(xs = v);
    BOOST_TEST(gd.dims()[0] == 4u);
    BOOST_TEST(elements(gd) == elements(gs), boost::test_tools::per_element());
    BOOST_TEST(elements(fd(xd = v)) == elements(fs(xs = v)), boost::test_tools::per_element());
  };
  same(logsumexp<0>(xd), logsumexp<0>(xs));
  same(logsumexp(xd), logsumexp(xs));
  same(amax<0>(xd), amax<0>(xs));
  same(amin(xd), amin(xs));
  same(prod<0>(xd), prod<0>(xs));
  same(prod<1>(xd), prod<1>(xs));
  same(variance<0>(xd), variance<0>(xs));
  same(variance(xd, correction<0>), variance(xs, correction<0>));
  same(stddev<1>(xd), stddev<1>(xs));
  same(stddev(xd), stddev(xs));
  same(norm<0>(xd), norm<0>(xs));
  same(norm(xd, inf_c), norm(xs, inf_c));
  BOOST_TEST(elements(argmax<0>(xd)(xd = v)) == elements(argmax<0>(xs)(xs = v)),
             boost::test_tools::per_element());
  // symbolic d divides by the sizes bound (numel)
  const auto dv = d(sum(variance<0>(xd)), xd)(xd = v);
  const auto gv = grad(sum(variance<0>(xs)), xs)(xs = v);
  for (std::size_t i = 0; i < 12; ++i)
    BOOST_TEST(check_close(dv[i], gv[i], 1e-15, 1e-15), "element " << i);
}

BOOST_AUTO_TEST_CASE(logsumexp_is_stable_and_its_gradient_is_softmax) {
  const std::array<float, 6> large{1e4f, 1e4f + 1, 1e4f - 2, -1e4f, 0.5f, 1e4f};
  const auto r = logsumexp<1>(x)(x = large);
  BOOST_TEST(std::isfinite(r[0]));
  BOOST_TEST(std::isfinite(r[1]));
  BOOST_TEST(r[1] == 1e4f);  // exp(-2e4 - 1e4) and exp(0.5 - 1e4) add nothing to exp(0)
  const auto g = grad(sum(logsumexp<1>(x)), x)(x = large);
  const auto p = softmax<1>(x)(x = large);
  for (std::size_t i = 0; i < 6; ++i) {
    BOOST_TEST(std::isfinite(g[i]));
    // exp(x - r) against exp(x - m) / sum(exp(x - m)): an ulp of r, 1e-3 at 1e4, moves the first
    // by 1e-3 relative, as in PyTorch (the reference's float32 values differ from float64's so)
    BOOST_TEST(check_close(g[i], p[i], 2e-3, 1e-30), "element " << i);
  }
  // in double and away from 1e4, the two agree to rounding
  const std::array<double, 6> small{0.3, -1.0, 2.0, 0.5, 0.5, -0.25};
  const auto gs = grad(sum(logsumexp<-1>(x)), x)(x = small);
  const auto ps = softmax<-1>(x)(x = small);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(gs[i], ps[i], 8 * DBL_EPSILON, 0), "element " << i);
  // PyTorch's value where the maximum is infinite (m taken as 0) and of an empty dimension
  constexpr double inf = std::numeric_limits<double>::infinity();
  const std::array<double, 6> infinite{inf, 1.0, 2.0, -inf, -inf, -inf};
  const auto ri = logsumexp<1>(x)(x = infinite);
  BOOST_TEST(ri[0] == inf);
  BOOST_TEST(ri[1] == -inf);
  const std::vector<std::array<double, 3>> none;
  BOOST_TEST(logsumexp(xd)(xd = none) == -inf);
  BOOST_TEST(prod(xd)(xd = none) == 1.0);
}

BOOST_AUTO_TEST_CASE(amax_shares_the_gradient_of_a_tie) {
  constexpr var<"v", shape<4>> v;
  const std::array<double, 4> tie{2.0, -1.0, 2.0, 2.0};
  const auto g = grad(amax(v), v)(v = tie);
  BOOST_TEST(g[0] == 1.0 / 3);
  BOOST_TEST(g[1] == 0.0);
  BOOST_TEST(g[2] == 1.0 / 3);
  BOOST_TEST(g[3] == 1.0 / 3);
  const auto h = grad(amin(v), v)(v = tie);
  BOOST_TEST(h[1] == 1.0);
  BOOST_TEST(h[0] + h[2] + h[3] == 0.0);
  // a NaN makes the value NaN, and the gradient of its slice NaN, as in PyTorch
  const std::array<double, 4> nan{2.0, std::numeric_limits<double>::quiet_NaN(), 1.0, 3.0};
  BOOST_TEST(std::isnan(amax(v)(v = nan)));
  BOOST_TEST(std::isnan(amin<0>(v)(v = nan)));
  BOOST_TEST(std::isnan(grad(amax(v), v)(v = nan)[0]));
  // an empty dimension has no maximum: PyTorch raises too
  const std::vector<std::array<double, 3>> none;
  BOOST_TEST(message_of([&] { (void)amax<0>(xd)(xd = none); })
             == "ctgrad: amax (or argmax) of an empty dimension");
  BOOST_TEST(message_of([&] { (void)argmin(xd)(xd = none); })
             == "ctgrad: amin (or argmin) of an empty dimension");
}

BOOST_AUTO_TEST_CASE(prod_gradient_at_zeros_is_the_product_of_the_others) {
  constexpr var<"v", shape<4>> v;
  const std::array<double, 4> one_zero{2.0, 0.0, -3.0, 0.5};
  const auto g = grad(prod(v), v)(v = one_zero);
  BOOST_TEST(g[0] == 0.0);
  BOOST_TEST(g[1] == 2.0 * -3.0 * 0.5);
  BOOST_TEST(g[2] == 0.0);
  BOOST_TEST(g[3] == 0.0);
  const std::array<double, 4> two_zeros{2.0, 0.0, -3.0, 0.0};
  const auto g2 = grad(prod(v), v)(v = two_zeros);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(g2[i] == 0.0);
  // without zeros, PyTorch's result / x
  const std::array<double, 4> none{2.0, 4.0, -3.0, 0.5};
  const auto g0 = grad(prod(v), v)(v = none);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(g0[i] == prod(v)(v = none) / none[i]);
  // symbolic d agrees, also along a dimension with a zero in one row only
  const auto dz = d(prod(v), v)(v = one_zero);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(dz[i] == g[i]);
  const std::array<double, 6> rows{0.0, 2.0, -1.5, 1.0, 0.5, 3.0};
  const auto gr = grad(sum(prod<1>(x)), x)(x = rows);
  const std::array<double, 6> expected{2.0 * -1.5, 0.0, 0.0, 0.5 * 3.0, 3.0, 0.5};
  BOOST_TEST(elements(gr) == std::vector<double>(expected.begin(), expected.end()),
             boost::test_tools::per_element());
}

// Second derivatives: the backward formulas are differentiable again, prod's also where one or
// two elements are 0 (where result / x would be NaN), against PyTorch's hessian (float64; for prod,
// of the product written out, as torch.prod's double backward gives 0 for the mixed derivative at
// two zeros; make_reference.py), and symmetric.
BOOST_AUTO_TEST_CASE(second_derivatives_against_pytorch) {
  constexpr var<"v", shape<3>> v;
  for (const auto& item : at(reference(), "statistics.hessians")) {
    const ptree& entry = item.second;
    const std::string op = at(entry, "op").data();
    const auto point = values(at(entry, "x"));
    const auto expected = values(at(entry, "hessian"));
    const auto check = [&](const auto& f) {
      const auto h = hessian(f, v)(v = point);
      for (std::size_t i = 0; i < 9; ++i) {
        BOOST_TEST(check_close(h[i], expected[i], 4 * DBL_EPSILON, 4 * DBL_EPSILON * 5),
                   "element " << i);
        BOOST_TEST(h[i] == h[i % 3 * 3 + i / 3], "element " << i << " and its transpose");
      }
    };
    BOOST_TEST_CONTEXT(op << " at " << point[0] << ", " << point[1] << ", " << point[2]) {
      if (op == "prod")
        check(prod(v));
      else if (op == "logsumexp")
        check(logsumexp(v));
      else
        check(stddev(v));
    }
  }
}

BOOST_AUTO_TEST_CASE(variance_correction_and_stddev_at_a_constant) {
  constexpr var<"v", shape<4>> v;
  const std::array<double, 4> data{1.0, 2.0, 4.0, 9.0};
  // mean 4, squared deviations 9 + 4 + 0 + 25 = 38
  BOOST_TEST(variance(v)(v = data) == 38.0 / 3);
  BOOST_TEST(variance(v, correction<0>)(v = data) == 38.0 / 4);
  BOOST_TEST(variance(v, correction<2>)(v = data) == 38.0 / 2);
  BOOST_TEST(stddev(v, correction<0>)(v = data) == std::sqrt(38.0 / 4));
  // the gradient 2 (x - mean) / (n - correction)
  const auto g = grad(variance(v, correction<2>), v)(v = data);
  BOOST_TEST(g[0] == -3.0);
  BOOST_TEST(g[3] == 5.0);
  // a correction beyond n: the divisor max(0, n - correction) makes the value infinite, and the
  // gradient has PyTorch's factor 2 / (n - correction), negative
  BOOST_TEST(variance(v, correction<5>)(v = data) == std::numeric_limits<double>::infinity());
  BOOST_TEST(grad(variance(v, correction<5>), v)(v = data)[0] == 6.0);
  // stddev of a constant: 0, with the gradient 0 (PyTorch's), not NaN
  const std::array<double, 4> constant{1.5, 1.5, 1.5, 1.5};
  BOOST_TEST(stddev(v)(v = constant) == 0.0);
  const auto gs = grad(stddev(v), v)(v = constant);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(gs[i] == 0.0);
}

BOOST_AUTO_TEST_CASE(norm_orders_and_the_subgradient_at_zero) {
  constexpr var<"v", shape<3>> v;
  const std::array<double, 3> data{3.0, -4.0, 0.0};
  BOOST_TEST(norm(v)(v = data) == 5.0);
  BOOST_TEST(norm(v, 2_c)(v = data) == 5.0);
  BOOST_TEST(norm(v, 1_c)(v = data) == 7.0);
  BOOST_TEST(norm(v, inf_c)(v = data) == 4.0);
  const auto g = grad(norm(v), v)(v = data);
  BOOST_TEST(g[0] == 3.0 * (1.0 / 5));  // PyTorch's x * (g / norm)
  BOOST_TEST(g[1] == -4.0 * (1.0 / 5));
  BOOST_TEST(g[2] == 0.0);
  // at 0, PyTorch's subgradients: 0 for each order
  const std::array<double, 3> zero{0.0, 0.0, 0.0};
  BOOST_TEST(norm(v)(v = zero) == 0.0);
  for (const auto& gz : {grad(norm(v), v)(v = zero), grad(norm(v, 1_c), v)(v = zero),
                         grad(norm(v, inf_c), v)(v = zero)})
    for (std::size_t i = 0; i < 3; ++i)
      BOOST_TEST(gz[i] == 0.0);
  BOOST_TEST(d(norm(v), v)(v = zero)[0] == 0.0);
  // the infinity norm shares the gradient of tied magnitudes, with their signs
  const std::array<double, 3> tie{2.0, -2.0, 1.0};
  const auto gi = grad(norm(v, inf_c), v)(v = tie);
  BOOST_TEST(gi[0] == 0.5);
  BOOST_TEST(gi[1] == -0.5);
  BOOST_TEST(gi[2] == 0.0);
}

BOOST_AUTO_TEST_CASE(argmax_takes_the_first_index_and_has_no_gradient) {
  constexpr var<"v", shape<5>> v;
  const std::array<double, 5> ties{1.0, 3.0, -2.0, 3.0, -2.0};
  BOOST_TEST(argmax(v)(v = ties) == 1.0);
  BOOST_TEST(argmin(v)(v = ties) == 2.0);
  const std::array<double, 5> nan{1.0, std::numeric_limits<double>::quiet_NaN(), 3.0,
                                  std::numeric_limits<double>::quiet_NaN(), 0.0};
  BOOST_TEST(argmax(v)(v = nan) == 1.0);  // a NaN is the maximum, as in PyTorch
  BOOST_TEST(argmin(v)(v = nan) == 1.0);
  // along a dimension and over all elements, row-major
  const std::array<float, 6> m{0.5f, 2.0f, 2.0f, 4.0f, -1.0f, 4.0f};
  const auto rows = argmax<1>(x)(x = m);
  static_assert(std::is_same_v<decltype(rows), const tensor<float, shape<2>>>);
  BOOST_TEST(rows[0] == 1.0f);
  BOOST_TEST(rows[1] == 0.0f);
  BOOST_TEST(argmax(x)(x = m) == 3.0f);
  // the derivative is 0: an index in a loss is a constant, as torch.argmax's integer tensor
  static_assert(std::is_same_v<std::remove_cvref_t<decltype(d(argmax(v), v))>,
                               std::remove_cvref_t<decltype(zeros<5>)>>);
  const auto g = grad(sum(square(x)) + argmax(x) * 2.0, x)(x = m);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(g[i] == 2 * m[i]);
}

// The example of docs/tensors.md.
BOOST_AUTO_TEST_CASE(reductions_of_a_batch) {
  // [reductions]
  constexpr var<"s", shape<dyn, 3>> scores;
  const std::vector<std::array<float, 3>> batch{{1e4f, 1e4f + 1, 1e4f - 2}, {0.5f, 2.0f, -1.0f}};
  const auto lse = logsumexp<1>(scores);                                 // per row, finite at 1e4
  const auto p = grad(sum(lse), scores)(scores = batch);                 // softmax<1>(scores)
  const auto spread = stddev<0>(scores, correction<0>)(scores = batch);  // per column
  const auto best = argmax<1>(scores)(scores = batch);                   // 1 and 1, as floats
  // [reductions]
  const auto q = softmax<1>(scores)(scores = batch);
  for (std::size_t i = 0; i < 6; ++i)
    BOOST_TEST(check_close(p[i], q[i], 2e-3, 1e-30), "element " << i);  // 1e-3 at 1e4 (above)
  BOOST_TEST(spread.dims()[0] == 3u);
  // two rows: half their difference, 4999.5, to the rounding of its square
  BOOST_TEST(check_close(spread[1], 4999.5, tolerance<float>, 0));
  BOOST_TEST(best[0] == 1.0f);
  BOOST_TEST(best[1] == 1.0f);
}

// Shapes, spellings and printed derivatives, checked at compile time.
static_assert(std::is_same_v<shape_of_t<decltype(logsumexp<1>(x))>, shape<2>>);
static_assert(std::is_same_v<shape_of_t<decltype(amax<0>(x))>, shape<3>>);
static_assert(std::is_same_v<shape_of_t<decltype(prod(x))>, shape<>>);
static_assert(std::is_same_v<shape_of_t<decltype(variance<0>(xd))>, shape<3>>);
static_assert(std::is_same_v<shape_of_t<decltype(stddev<1>(xd))>, shape<dyn>>);
static_assert(std::is_same_v<shape_of_t<decltype(argmin<-1>(x))>, shape<2>>);
static_assert(std::is_same_v<decltype(amax<-1>(x)), decltype(amax<1>(x))>);
static_assert(std::is_same_v<decltype(variance<1>(x)), decltype(variance<1>(x, correction<1>))>);
static_assert(std::is_same_v<decltype(norm(x)), decltype(norm(x, 2_c))>);
static_assert(std::is_same_v<decltype(norm<1>(x, 1_c)), decltype(sum<1>(abs(x)))>);
static_assert(std::is_same_v<decltype(norm(x, inf_c)), decltype(amax(abs(x)))>);
static_assert(prints_as<to_static_string(d(logsumexp(x), x)), "exp(x - logsumexp(x))">);
static_assert(prints_as<to_static_string(d(sum(logsumexp<1>(x)), x)),
                        "unsqueeze(1)*exp(x - unsqueeze(logsumexp(x)))">);
static_assert(prints_as<to_static_string(d(amax(x), x)), "(x >= amax(x))/sum(x >= amax(x))">);
static_assert(prints_as<to_static_string(d(variance(x), x)), "(2/5)*(x - mean(x))">);
static_assert(prints_as<to_static_string(d(norm(x), x)), "x*select(norm(x), 1/norm(x))">);

// Constant evaluation: values and gradients.
constexpr std::array<double, 6> data{1.0, -2.0, 3.0, 0.5, 4.0, -1.0};
static_assert(amax(x)(x = data) == 4.0);
static_assert(amin<0>(x)(x = data)[1] == -2.0);
static_assert(prod(x)(x = data) == 12.0);
static_assert(argmax<1>(x)(x = data)[0] == 2.0);
constexpr var<"v", shape<4>> v4;
static_assert(variance(v4, correction<0>)(v4 = std::array{1.0, 2.0, 4.0, 9.0}) == 9.5);
static_assert(stddev(v4)(v4 = std::array{1.0, 2.0, 3.0, 4.0}) * 0.0 == 0.0);
static_assert(grad(prod(x), x)(x = data)[1] == -6.0);
static_assert(grad(sum(amax<0>(x)), x)(x = data)[4] == 1.0);

}  // namespace test_reductions
