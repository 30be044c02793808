#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "check_values.hpp"
#include "reference.hpp"

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

// The losses of issue #29 against PyTorch (tests/reference/reference.json, key "losses", float32):
//   regression          l1_loss, huber_loss (delta 1 and 1/2) and smooth_l1_loss (beta 1, 1/2
//                       and 0) with reductions mean, sum and none, at the kinks |z| = delta or
//                       beta and at a tie: values, gradients by input and target, and the second
//                       derivative by the input (PyTorch's double backward);
//   kl_div              log-probabilities against probabilities (with a 0) or log-probabilities,
//                       reductions mean, sum, none and batchmean;
//   bce_with_logits     binary_cross_entropy_with_logits at logits up to 1e4, mean, sum and none,
//                       and with a pos_weight per class;
//   cross_entropy_smoothing  cross_entropy with label_smoothing 0.1 and 0.25, class indices and
//                       probabilities, mean, sum and none;
//   constant_evaluation values and gradients at the kinks in constant expressions.
// Every loss runs on inputs of a static shape and of a dynamic batch (shape<dyn, C>), and every
// gradient is also checked against central differences in double, at points away from kinks.

namespace test_losses {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::central_difference;
using ctgrad::test::check_close;
using ctgrad::test::elements;
using ctgrad::test::fd_abs_tol;
using ctgrad::test::fd_rel_tol;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::ptree;
using ctgrad::test::reference;
using ctgrad::test::values;

// float_tol: as in tensor_ops_test.cpp, PyTorch's float32 results and ours come from the same
// formulas in float but not bit for bit (summation order, vectorised exp and log, a division
// where the other multiplies); a handful of steps of an ulp each after the last cancellation,
// so 4 float ulps. Where a result cancels terms larger than itself, the check takes `scale`, a
// bound on the terms' magnitude derived beside each use, and accepts 4 ulps of it.
constexpr double float_tol = 4 * FLT_EPSILON;

// as_floats(v), as_doubles(v): JSON numbers as float or double vectors.
std::vector<float> as_floats(const std::vector<double>& v) {
  return {v.begin(), v.end()};
}
std::vector<double> as_doubles(const std::vector<float>& v) {
  return {v.begin(), v.end()};
}

// loss_values(node): a reference loss, a number or an array, as a vector.
std::vector<double> loss_values(const ptree& node) {
  return node.empty() ? std::vector<double>{number(node)} : values(node);
}

// check_floats(actual, expected, scales): each element within float_tol of PyTorch's, or of
// scales[i] (the magnitude of the terms that element cancels; none if scales is empty).
template <class A>
void check_floats(const A& actual, const std::vector<double>& expected,
                  const std::vector<double>& scales = {}) {
  const auto got = elements(actual);
  BOOST_TEST_REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    BOOST_TEST(
        check_close(got[i], expected[i], float_tol, float_tol * (scales.empty() ? 0.0 : scales[i])),
        "element " << i);
}

// fd_gradient(f, x): the gradient of the scalar function f of the vector x by central
// differences, one coordinate at a time.
template <class F>
std::vector<double> fd_gradient(F f, const std::vector<double>& x) {
  std::vector<double> result(x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    const auto along = [&](double t) {
      auto moved = x;
      moved[k] = t;
      return static_cast<double>(f(moved));
    };
    result[k] = central_difference(along, x[k]);
  }
  return result;
}

// check_fd(g, fd, value): a gradient against central differences of a function of that value.
template <class G>
void check_fd(const G& g, const std::vector<double>& fd, double value) {
  const auto got = elements(g);
  BOOST_TEST_REQUIRE(got.size() == fd.size());
  for (std::size_t k = 0; k < fd.size(); ++k)
    BOOST_TEST(check_close(got[k], fd[k], fd_rel_tol, fd_abs_tol(value)), "coordinate " << k);
}

// scaled(terms, r, count): the scale of a loss reduced by r from elements whose terms have the
// magnitudes `terms`: each element's own for none, their sum for sum, divided by count for the
// mean (the number of elements, or of samples for batchmean).
std::vector<double> scaled(const std::vector<double>& terms, const std::string& r, double count) {
  if (r == "none")
    return terms;
  double total = 0;
  for (const double t : terms)
    total += t;
  return {r == "sum" ? total : total / count};
}

// gradient_scales(terms, r, count): the scale of each element of the gradient of loss.sum():
// its term, divided by count for the means.
std::vector<double> gradient_scales(std::vector<double> terms, const std::string& r, double count) {
  if (r != "none" && r != "sum")
    for (double& t : terms)
      t /= count;
  return terms;
}

// with_reduction(r, f): f(integral_constant<reduction, R>) for PyTorch's name of R; kl_div's
// batchmean only with_kl_reduction.
template <class F>
void with_reduction(const std::string& r, F f) {
  if (r == "mean")
    f(std::integral_constant<reduction, reduction::mean>{});
  else if (r == "sum")
    f(std::integral_constant<reduction, reduction::sum>{});
  else if (r == "none")
    f(std::integral_constant<reduction, reduction::none>{});
  else
    BOOST_FAIL("no reduction " << r);
}
template <class F>
void with_kl_reduction(const std::string& r, F f) {
  if (r == "batchmean")
    f(std::integral_constant<reduction, reduction::batchmean>{});
  else
    with_reduction(r, f);
}

// The variables: a 2 x 3 input and target, static and as a dynamic batch of rows of 3.
constexpr var<"input", shape<2, 3>> input;
constexpr var<"target", shape<2, 3>> target;
constexpr var<"input", shape<dyn, 3>> input_d;
constexpr var<"target", shape<dyn, 3>> target_d;

// check_loss(loss, x, t, entry, scales, gradient_scale, second): loss(x, t) against the entry's
// "loss", the gradients of sum(loss) by x and t against "grad_input" and "grad_target" (scales
// for the value, gradient_scale for the gradients), and with `second` the gradient of the sum of
// d(sum(loss), x) against "grad2_input".
template <class L, class X, class T>
void check_loss(const L& loss, X x, T t, const ptree& entry, const std::vector<double>& scales,
                const std::vector<double>& gradient_scale, bool second) {
  const auto x_f = as_floats(values(at(entry, "input")));
  const auto t_f = as_floats(values(at(entry, "target")));
  const auto value = loss(x = x_f, t = t_f);
  static_assert(std::is_same_v<detail::element_t<std::remove_cvref_t<decltype(value)>>, float>,
                "float stays float");
  check_floats(value, loss_values(at(entry, "loss")), scales);
  const auto f = sum(loss);
  const auto [gx, gt] = grad(f, x, t)(x = x_f, t = t_f);
  check_floats(gx, values(at(entry, "grad_input")), gradient_scale);
  check_floats(gt, values(at(entry, "grad_target")), gradient_scale);
  if (second)
    check_floats(grad(sum(d(f, x)), x)(x = x_f, t = t_f), values(at(entry, "grad2_input")));
}

// check_fd_of(loss, x, t, x_d, t_d): the gradients of sum(loss) by x and t in double against
// central differences at x_d, t_d.
template <class L, class X, class T>
void check_fd_of(const L& loss, X x, T t, const std::vector<double>& x_d,
                 const std::vector<double>& t_d) {
  const auto f = sum(loss);
  const auto [v, g] = value_and_grad(f, x, t)(x = x_d, t = t_d);
  check_fd(std::get<0>(g), fd_gradient([&](const auto& p) { return f(x = p, t = t_d); }, x_d), v);
  check_fd(std::get<1>(g), fd_gradient([&](const auto& p) { return f(x = x_d, t = p); }, t_d), v);
}

// regression<R>(name, parameter, x, t): the loss `name` with delta or beta `parameter`.
template <reduction R, class X, class T, class F>
void regression(const std::string& name, double parameter, X x, T t, F f) {
  if (name == "l1")
    f(l1_loss<R>(x, t));
  else if (name == "huber" && parameter == 1)
    f(huber_loss<R>(x, t));
  else if (name == "huber" && parameter == 0.5)
    f(huber_loss<R>(x, t, c<1, 2>));
  else if (name == "smooth_l1" && parameter == 1)
    f(smooth_l1_loss<R>(x, t));
  else if (name == "smooth_l1" && parameter == 0.5)
    f(smooth_l1_loss<R>(x, t, c<1, 2>));
  else if (name == "smooth_l1" && parameter == 0)
    f(smooth_l1_loss<R>(x, t, c<0>));
  else
    BOOST_FAIL("no loss " << name << " with parameter " << parameter);
}

BOOST_AUTO_TEST_CASE(regression_losses) {
  // Differences away from every kink (0, +-1/2, +-1) by more than the central differences'
  // reach, for the comparison in double.
  const std::vector<double> x_fd{-1.7, -0.8, -0.3, 0.2, 0.6, 1.4};
  const std::vector<double> t_fd{0.1, -0.05, 0.0, -0.1, 0.0, 0.1};
  int rows = 0;
  for (const std::string name : {"l1", "huber", "smooth_l1"}) {
    for (const auto& item : at(at(reference(), "losses"), name)) {
      const ptree& entry = item.second;
      const std::string r = at(entry, "reduction").data();
      const double parameter = number(at(entry, "parameter"));
      const bool second = name != "l1" && parameter > 0;
      ++rows;
      BOOST_TEST_CONTEXT(name << "_loss, parameter " << parameter << ", reduction " << r) {
        with_reduction(r, [&](auto rc) {
          constexpr reduction R = decltype(rc)::value;
          regression<R>(name, parameter, input, target, [&](const auto& loss) {
            check_loss(loss, input, target, entry, {}, {}, second);
            check_fd_of(loss, input, target, x_fd, t_fd);
          });
          regression<R>(name, parameter, input_d, target_d, [&](const auto& loss) {
            check_loss(loss, input_d, target_d, entry, {}, {}, second);
          });
        });
      }
    }
  }
  BOOST_TEST(rows == 18);
}

BOOST_AUTO_TEST_CASE(kl_div_reference) {
  int rows = 0;
  for (const auto& item : at(reference(), "losses.kl_div")) {
    const ptree& entry = item.second;
    const std::string r = at(entry, "reduction").data();
    const bool log_t = at(entry, "log_target").data() == "true";
    const auto x = values(at(entry, "input"));
    const auto t = values(at(entry, "target"));
    // The terms each element's loss cancels, t log t and t x (exp(t) t and exp(t) x for log
    // targets), and those of the target's gradient, log t + 1 - x (exp(t) (t - x + 1)).
    std::vector<double> terms;
    std::vector<double> target_terms;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double p = log_t ? std::exp(t[i]) : t[i];
      terms.push_back(log_t ? p * (std::abs(t[i]) + std::abs(x[i]))
                            : std::abs(p == 0 ? 0 : p * std::log(p)) + std::abs(p * x[i]));
      target_terms.push_back(log_t ? p * (std::abs(t[i]) + std::abs(x[i]) + 1)
                                   : std::abs(std::log(p)) + 1 + std::abs(x[i]));
    }
    const double count = r == "batchmean" ? 2 : 6;
    const auto gradient_scale = gradient_scales(target_terms, r, count);
    ++rows;
    BOOST_TEST_CONTEXT("log_target " << log_t << ", reduction " << r) {
      with_kl_reduction(r, [&](auto rc) {
        constexpr reduction R = decltype(rc)::value;
        const auto check = [&](auto xv, auto tv) {
          const auto run = [&](const auto& loss) {
            check_loss(loss, xv, tv, entry, scaled(terms, r, count), gradient_scale, false);
            if constexpr (std::is_same_v<decltype(xv), decltype(input)>) {
              // In double, at the reference's points; a target of 0 has no two-sided
              // difference (its gradient is NaN, as PyTorch's), so the probabilities are moved
              // off it.
              auto t_d = t;
              for (double& p : t_d)
                p = log_t || p > 0 ? p : 0.05;
              check_fd_of(loss, xv, tv, x, t_d);
            }
          };
          if (log_t)
            run(kl_div<R>(xv, tv, log_target));
          else
            run(kl_div<R>(xv, tv));
        };
        check(input, target);
        check(input_d, target_d);
      });
    }
  }
  BOOST_TEST(rows == 8);
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_with_logits_reference) {
  constexpr var<"input", shape<2, 4>> x;
  constexpr var<"target", shape<2, 4>> t;
  constexpr var<"input", shape<dyn, 4>> xd;
  constexpr var<"target", shape<dyn, 4>> td;
  constexpr var<"pos_weight", shape<4>> w;
  int rows = 0;
  for (const std::string key : {"bce_with_logits", "bce_with_logits_pos_weight"}) {
    for (const auto& item : at(at(reference(), "losses"), key)) {
      const ptree& entry = item.second;
      const std::string r = at(entry, "reduction").data();
      const bool weighted = key == "bce_with_logits_pos_weight";
      const auto in = values(at(entry, "input"));
      const auto tg = values(at(entry, "target"));
      const auto pw = weighted ? values(at(entry, "pos_weight")) : std::vector<double>{};
      const auto pw_f = as_floats(pw);
      // The terms: max(x, 0) and x t, of magnitude |x| (times 1 + pos_weight for the weighted
      // loss, whose PyTorch form (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x) cancels them
      // too); in the gradient, sigmoid(x) and t (times pos_weight).
      std::vector<double> terms;
      std::vector<double> gradient_terms;
      for (std::size_t i = 0; i < in.size(); ++i) {
        const double weight = weighted ? pw[i % 4] : 1.0;
        terms.push_back((1 + weight) * (std::abs(in[i]) + 1));
        gradient_terms.push_back(1 + weight);
      }
      const auto scales = scaled(terms, r, 8);
      const auto gradient_scale = gradient_scales(gradient_terms, r, 8);
      ++rows;
      BOOST_TEST_CONTEXT(key << ", reduction " << r) {
        with_reduction(r, [&](auto rc) {
          constexpr reduction R = decltype(rc)::value;
          const auto check = [&](auto xv, auto tv) {
            const auto run = [&](const auto& loss, const auto&... weight) {
              const auto x_f = as_floats(in);
              const auto t_f = as_floats(tg);
              const auto value = loss(xv = x_f, tv = t_f, weight...);
              check_floats(value, loss_values(at(entry, "loss")), scales);
              for (const double e : elements(value))
                BOOST_TEST(std::isfinite(e));
              const auto [gx, gt] = grad(sum(loss), xv, tv)(xv = x_f, tv = t_f, weight...);
              check_floats(gx, values(at(entry, "grad_input")), gradient_scale);
              check_floats(gt, values(at(entry, "grad_target")),
                           weighted ? gradient_scales(terms, r, 8) : std::vector<double>{});
            };
            if (weighted)
              run(binary_cross_entropy_with_logits<R>(xv, tv, w), w = pw_f);
            else
              run(binary_cross_entropy_with_logits<R>(xv, tv));
          };
          check(x, t);
          check(xd, td);
          // In double against central differences, at the reference's points (1e4 too, where the
          // loss is linear) and with targets moved inside (0, 1).
          std::vector<double> t_fd = tg;
          for (double& p : t_fd)
            p = 0.1 + 0.8 * p;
          if (weighted) {
            const auto loss = binary_cross_entropy_with_logits<R>(x, t, w);
            const auto f = sum(loss);
            const auto [v, g] = value_and_grad(f, x, t)(x = in, t = t_fd, w = pw);
            check_fd(std::get<0>(g),
                     fd_gradient([&](const auto& p) { return f(x = p, t = t_fd, w = pw); }, in), v);
            check_fd(std::get<1>(g),
                     fd_gradient([&](const auto& p) { return f(x = in, t = p, w = pw); }, t_fd), v);
          } else {
            check_fd_of(binary_cross_entropy_with_logits<R>(x, t), x, t, in, t_fd);
          }
        });
      }
    }
  }
  BOOST_TEST(rows == 6);
}

BOOST_AUTO_TEST_CASE(cross_entropy_label_smoothing) {
  constexpr var<"logits", shape<3, 4>> logits;
  constexpr var<"logits", shape<dyn, 4>> logits_d;
  constexpr var<"logits", shape<dyn, dyn>> logits_dd;
  constexpr var<"y", shape<3>> y;
  constexpr var<"y", shape<dyn>> y_d;
  constexpr var<"q", shape<3, 4>> q;
  constexpr var<"q", shape<dyn, 4>> q_d;
  int rows = 0;
  for (const auto& item : at(reference(), "losses.cross_entropy_smoothing")) {
    const ptree& entry = item.second;
    const std::string r = at(entry, "reduction").data();
    const std::string type = at(entry, "target_type").data();
    const double s = number(at(entry, "label_smoothing"));
    const auto z = values(at(entry, "logits"));
    const auto z_f = as_floats(z);
    const auto target = values(at(entry, "target"));
    // The gradient softmax - (1 - s) onehot - s / C cancels terms up to 1 (1/3 for the mean).
    const std::vector<double> gradient_scale(12, r == "mean" ? 1.0 / 3 : 1.0);
    ++rows;
    BOOST_TEST_CONTEXT(type << " target, label_smoothing " << s << ", reduction " << r) {
      with_reduction(r, [&](auto rc) {
        constexpr reduction R = decltype(rc)::value;
        // check(loss, l, arrange, ...): with the logits bound to arrange(flat values), the flat
        // values themselves or their rows (for shape<dyn, dyn>).
        const auto check = [&](const auto& loss, auto l, auto arrange, const auto& target_binding,
                               const auto& target_binding_d) {
          check_floats(loss(l = arrange(z_f), target_binding), loss_values(at(entry, "loss")));
          check_floats(grad(sum(loss), l)(l = arrange(z_f), target_binding),
                       values(at(entry, "grad_logits")), gradient_scale);
          const auto f = sum(loss);
          const auto [v, g] = value_and_grad(f, l)(l = arrange(z), target_binding_d);
          check_fd(
              g, fd_gradient([&](const auto& p) { return f(l = arrange(p), target_binding_d); }, z),
              v);
        };
        const auto flat = [](const auto& v) { return v; };
        const auto rows_of = [](const auto& v) {
          std::vector<std::vector<typename std::remove_cvref_t<decltype(v)>::value_type>> m;
          for (std::size_t i = 0; i < v.size(); i += 4)
            m.emplace_back(v.begin() + static_cast<std::ptrdiff_t>(i),
                           v.begin() + static_cast<std::ptrdiff_t>(i + 4));
          return m;
        };
        const auto with_smoothing = [&](auto f) {
          if (s == 0.1)
            f(c<1, 10>);
          else if (s == 0.25)
            f(c<1, 4>);
          else
            BOOST_FAIL("no label_smoothing " << s);
        };
        with_smoothing([&](auto smoothing) {
          if (type == "class_index") {
            std::vector<int> classes;
            for (const double k : numbers(at(entry, "target")))
              classes.push_back(static_cast<int>(k));
            check(cross_entropy<R>(logits, y, smoothing), logits, flat, y = classes, y = classes);
            check(cross_entropy<R>(logits_d, y_d, smoothing), logits_d, flat, y_d = classes,
                  y_d = classes);
            check(cross_entropy<R>(logits_dd, y_d, smoothing), logits_dd, rows_of, y_d = classes,
                  y_d = classes);
          } else {
            check(cross_entropy<R>(logits, q, smoothing), logits, flat, q = as_floats(target),
                  q = target);
            check(cross_entropy<R>(logits_d, q_d, smoothing), logits_d, flat,
                  q_d = as_floats(target), q_d = target);
          }
        });
      });
    }
  }
  BOOST_TEST(rows == 12);
  // label_smoothing 0 is the plain loss, and 1 leaves only the smoothing term.
  const std::vector<int> classes{1, 3, 0};
  const std::vector<double> z{1.0, 2.0, 0.5, -1.0, 0.1, 0.2, 0.3, 0.4, 5.0, -5.0, 0.0, 2.0};
  BOOST_TEST(cross_entropy(logits, y, c<0>)(logits = z, y = classes)
             == cross_entropy(logits, y)(logits = z, y = classes));
  BOOST_TEST(check_close(cross_entropy(logits, y, c<1>)(logits = z, y = classes),
                         -mean(log_softmax<1>(logits))(logits = z), 1e-15));
}

// Constant evaluation: the kinks, the tie and a logit of 1e4, exactly.
constexpr var<"a"> a;
constexpr var<"b"> b;
static_assert(huber_loss(a, b)(a = 3.0, b = 1.0) == 1.5);           // 1 * (2 - 1/2)
static_assert(grad(huber_loss(a, b), a)(a = 2.0, b = 1.0) == 1.0);  // delta at z = delta
static_assert(grad(huber_loss(a, b, c<1, 2>), a)(a = 0.5, b = 0.0) == 0.5);
static_assert(grad(smooth_l1_loss(a, b), a)(a = -1.0, b = 0.0) == -1.0);       // -1 at z = -beta
static_assert(grad(smooth_l1_loss(a, b, c<0>), a)(a = 1.0, b = 1.0) == -1.0);  // PyTorch's
static_assert(grad(l1_loss(a, b), a)(a = 1.0, b = 1.0) == 0.0);
static_assert(binary_cross_entropy_with_logits(a, b)(a = 1e4, b = 0.25) == 7500.0);
static_assert(binary_cross_entropy_with_logits(a, b)(a = -1e4, b = 0.25) == 2500.0);
static_assert(grad(binary_cross_entropy_with_logits(a, b), a)(a = 1e4, b = 0.25) == 0.75);
static_assert(kl_div(a, b)(a = -1.0, b = 0.0) == 0.0);  // a target of 0 contributes 0

BOOST_AUTO_TEST_CASE(forms_and_errors) {
  // Reduction none gives the elements' losses, whose sum and mean are the other reductions.
  const std::vector<double> x{-2.0, -1.0, -0.5, 0.0, 0.75, 1.25};
  const std::vector<double> t{0.0, 0.0, 0.0, 0.0, 0.25, 0.25};
  const auto each = huber_loss<reduction::none>(input, target)(input = x, target = t);
  double total = 0;
  for (std::size_t i = 0; i < 6; ++i)
    total += each[i];
  BOOST_TEST(
      check_close(huber_loss<reduction::sum>(input, target)(input = x, target = t), total, 1e-15));
  BOOST_TEST(check_close(huber_loss(input, target)(input = x, target = t), total / 6, 1e-15));
  // smooth_l1_loss is huber_loss divided by beta (the same delta).
  BOOST_TEST(check_close(smooth_l1_loss(input, target, c<1, 2>)(input = x, target = t),
                         huber_loss(input, target, c<1, 2>)(input = x, target = t) * 2, 1e-15));
  // kl_div's batchmean is the sum divided by the batch, for a dynamic batch too.
  const std::vector<double> lp{-1.0, -2.0, -0.5, -1.5, -1.0, -1.0};
  const std::vector<double> p{0.2, 0.0, 0.8, 0.3, 0.3, 0.4};
  BOOST_TEST(
      check_close(kl_div<reduction::batchmean>(input_d, target_d)(input_d = lp, target_d = p),
                  kl_div<reduction::sum>(input, target)(input = lp, target = p) / 2, 1e-15));
  // A class index out of range is still an error with label smoothing.
  constexpr var<"logits", shape<2, 3>> logits;
  constexpr var<"y", shape<2>> y;
  BOOST_CHECK_THROW(cross_entropy(logits, y, c<1, 10>)(logits = x, y = std::vector{3, 0}),
                    std::out_of_range);
}

}  // namespace test_losses
