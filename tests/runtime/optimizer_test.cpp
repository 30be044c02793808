#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "reference.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The optimizers against PyTorch (tests/reference/reference.json, float32, torch.optim's
// single-tensor implementations):
//   himmelblau_adam  the PyTorch program's run, Adam(lr=1e-3) for 20000 steps from four
//                    starts, printed every 2000 steps;
//   adam_variants    weight_decay, amsgrad, maximize, other betas and eps;
//   sgd_variants     plain, momentum, dampening, nesterov, weight_decay with momentum.
// Each printed row has x after the step and f before it; both must agree within 1e-5 relative
// (f only where |f| > 1e-6: near a minimum f is a difference of nearly equal numbers, and its
// relative error says nothing about the trajectory). Then minimize: the NaN stop, a fit of the
// the sigmoid layer, and the options' checks.

namespace test_optimizer {

using namespace ctgrad;
using ctgrad::test::at;
using ctgrad::test::check_close;
using ctgrad::test::number;
using ctgrad::test::numbers;
using ctgrad::test::ptree;
using ctgrad::test::reference;

constexpr double rel_tol = 1e-5;
constexpr double f_floor = 1e-6;  // |f| above which f is compared

// himmelblau(x, y): Himmelblau's function, written once for numbers and expressions.
constexpr auto himmelblau(auto x, auto y) {
  return square(x * x + y - 11_c) + square(x + y * y - 7_c);
}

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = himmelblau(x, y);

// [vector]
// The same function of one 2-vector, as the PyTorch program writes it: himmelblau(x) with x[0] and
// x[1].
constexpr var<"p", shape<2>> p;
constexpr auto f_vector = himmelblau(p[0_c], p[1_c]);
// [vector]

// row: one printed row of a run.
struct row {
  std::size_t step;
  double x0, x1, f;
};

// check_rows(rows, run): the rows against the reference run's "printed" list, and the final x.
void check_rows(const std::vector<row>& rows, const ptree& run, double final0, double final1) {
  const ptree& printed = at(run, "printed");
  BOOST_TEST_REQUIRE(rows.size() == printed.size());
  std::size_t i = 0;
  for (const auto& item : printed) {
    const ptree& expected = item.second;
    const std::vector<double> ex = numbers(at(expected, "x"));
    const double ef = number(at(expected, "f"));
    BOOST_TEST_CONTEXT("row " << i << ", step " << rows[i].step) {
      BOOST_TEST(rows[i].step == static_cast<std::size_t>(number(at(expected, "step"))));
      BOOST_TEST(check_close(rows[i].x0, ex[0], rel_tol));
      BOOST_TEST(check_close(rows[i].x1, ex[1], rel_tol));
      if (std::fabs(ef) > f_floor)
        BOOST_TEST(check_close(rows[i].f, ef, rel_tol));
      else
        BOOST_TEST(std::fabs(rows[i].f) <= f_floor);
    }
    ++i;
  }
  const std::vector<double> final_x = numbers(at(run, "final_x"));
  BOOST_TEST(check_close(final0, final_x[0], rel_tol));
  BOOST_TEST(check_close(final1, final_x[1], rel_tol));
}

// printed_steps(run): the steps at which the reference printed.
std::vector<std::size_t> printed_steps(const ptree& run) {
  std::vector<std::size_t> steps;
  for (const auto& item : at(run, "printed"))
    steps.push_back(static_cast<std::size_t>(number(at(item.second, "step"))));
  return steps;
}

bool contains(const std::vector<std::size_t>& steps, std::size_t step) {
  for (const std::size_t s : steps)
    if (s == step)
      return true;
  return false;
}

// run_vector(optimizer, w, steps, printed): PyTorch's loop on the 2-vector param w.
template <class Optimizer>
std::vector<row> run_vector(Optimizer& optimizer, param<float, shape<2>>& w, std::size_t steps,
                            const std::vector<std::size_t>& printed) {
  std::vector<row> rows;
  // [loop]
  for (std::size_t step = 0; step < steps; ++step) {
    optimizer.zero_grad();                         // optimizer.zero_grad()
    const float loss = backward(f_vector, p = w);  // loss = himmelblau(x); loss.backward()
    optimizer.step();                              // optimizer.step()
    if (contains(printed, step))
      rows.push_back({step, w.value[0], w.value[1], loss});
  }
  // [loop]
  return rows;
}

BOOST_AUTO_TEST_CASE(adam_himmelblau_seed_run) {
  // Two scalar params x and y, as examples/himmelblau.cpp does, through minimize.
  for (const auto& item : at(reference(), "himmelblau_adam")) {
    const ptree& run = item.second;
    const std::vector<double> start = numbers(at(run, "start"));
    BOOST_TEST_CONTEXT("start " << start[0] << ", " << start[1]) {
      param<float> px(static_cast<float>(start[0]));
      param<float> py(static_cast<float>(start[1]));
      adam optimizer({.lr = 1e-3}, px, py);
      std::vector<row> rows;
      const auto result =
          minimize(f, bind(x = px, y = py), optimizer, 20000, [&](std::size_t step, float loss) {
            if (step % 2000 == 0)
              rows.push_back({step, px.value, py.value, loss});
          });
      BOOST_TEST(result.steps == 20000u);
      BOOST_TEST(optimizer.steps() == 20000u);
      check_rows(rows, run, px.value, py.value);
    }
  }
}

BOOST_AUTO_TEST_CASE(adam_himmelblau_vector_param) {
  // The PyTorch program's x = torch.tensor([0., 0.]): one param of shape 2.
  const ptree& run = at(reference(), "himmelblau_adam").begin()->second;
  param<float, shape<2>> w(std::array{0.0f, 0.0f});
  adam optimizer({.lr = 1e-3}, w);
  const auto rows = run_vector(optimizer, w, 20000, printed_steps(run));
  check_rows(rows, run, w.value[0], w.value[1]);
}

// options_text(o): the reference's options as "lr=0.01 betas=[0.9,0.999] ...", for messages.
std::string options_text(const ptree& o) {
  std::string text;
  for (const auto& [key, value] : o) {
    std::string shown = value.data();
    if (!value.empty()) {
      shown = "[";
      for (const auto& element : value)
        shown += (shown.size() > 1 ? "," : "") + element.second.data();
      shown += "]";
    }
    text += (text.empty() ? "" : " ") + key + "=" + shown;
  }
  return text;
}

bool flag(const ptree& o, std::string_view key) {
  return at(o, key).data() == "true";
}

// check_variants<Optimizer>(key, make_options): every run of reference.json's key, by
// Optimizer(make_options(run's options), w) on a param w of shape 2.
template <template <class...> class Optimizer, class MakeOptions>
void check_variants(std::string_view key, MakeOptions make_options) {
  for (const auto& item : at(reference(), key)) {
    const ptree& run = item.second;
    BOOST_TEST_CONTEXT(key << ": " << options_text(at(run, "options"))) {
      param<float, shape<2>> w(numbers(at(run, "start")));
      Optimizer<param<float, shape<2>>> optimizer(make_options(at(run, "options")), w);
      const auto steps = static_cast<std::size_t>(number(at(run, "steps")));
      const auto rows = run_vector(optimizer, w, steps, printed_steps(run));
      check_rows(rows, run, w.value[0], w.value[1]);
    }
  }
}

BOOST_AUTO_TEST_CASE(adam_variants) {
  check_variants<adam>("adam_variants", [](const ptree& o) {
    const std::vector<double> betas = numbers(at(o, "betas"));
    return adam_options{.lr = number(at(o, "lr")),
                        .betas = {betas[0], betas[1]},
                        .eps = number(at(o, "eps")),
                        .weight_decay = number(at(o, "weight_decay")),
                        .amsgrad = flag(o, "amsgrad"),
                        .maximize = flag(o, "maximize")};
  });
}

BOOST_AUTO_TEST_CASE(sgd_variants) {
  check_variants<sgd>("sgd_variants", [](const ptree& o) {
    return sgd_options{.lr = number(at(o, "lr")),
                       .momentum = number(at(o, "momentum")),
                       .dampening = number(at(o, "dampening")),
                       .weight_decay = number(at(o, "weight_decay")),
                       .nesterov = flag(o, "nesterov"),
                       .maximize = flag(o, "maximize")};
  });
}

BOOST_AUTO_TEST_CASE(parameter_kinds_agree) {
  // One run of Adam with weight decay and amsgrad, four ways: a param of shape 2, two scalar
  // params, a std::array of two params, and a plain std::array with the gradient from grad().
  // Every way must give the same floats.
  // [kinds]
  const adam_options options{.lr = 1e-2, .weight_decay = 0.1, .amsgrad = true};
  param<float, shape<2>> w(std::array{-1.0f, 0.5f});
  param<float> px(-1.0f);
  param<float> py(0.5f);
  std::array<param<float>, 2> ps{param<float>(-1.0f), param<float>(0.5f)};
  std::array<float, 2> plain{-1.0f, 0.5f};
  adam by_vector(options, w);
  adam by_scalars(options, px, py);
  adam by_array(options, ps);
  adam by_plain(options, plain);
  for (int step = 0; step < 300; ++step) {
    by_vector.zero_grad();
    backward(f_vector, p = w);
    by_vector.step();
    by_scalars.zero_grad();
    backward(f, x = px, y = py);
    by_scalars.step();
    by_array.zero_grad();
    backward(f, x = ps[0], y = ps[1]);
    by_array.step();
    const auto [dx, dy] = grad(f, x, y)(x = plain[0], y = plain[1]);
    by_plain.step(std::array{dx, dy});
  }
  // [kinds]
  for (const float* other : {&px.value, &ps[0].value, &plain[0]})
    BOOST_TEST(*other == w.value[0]);
  for (const float* other : {&py.value, &ps[1].value, &plain[1]})
    BOOST_TEST(*other == w.value[1]);
  BOOST_TEST(by_plain.steps() == 300u);
}

BOOST_AUTO_TEST_CASE(minimize_stops_at_a_nan_loss) {
  // sqrt(x) from x = 1 with SGD(lr=1): x = 1 - 0.5 = 0.5 after step 0, then
  // 0.5 - 1/(2 sqrt(0.5)) < 0 after step 1, so the loss of step 2 is sqrt of a negative: NaN.
  constexpr var<"x"> v;
  param<float> w(1.0f);
  sgd optimizer({.lr = 1.0}, w);
  const float after_step_1 = 0.5f - 1.0f / (2.0f * std::sqrt(0.5f));
  std::size_t callbacks = 0;
  // [nan]
  try {
    minimize(sqrt(v), bind(v = w), optimizer, 100, [&](std::size_t, float) { ++callbacks; });
    BOOST_FAIL("minimize did not stop");
  } catch (const non_finite_error& e) {
    BOOST_TEST(e.step() == 2u);
    BOOST_TEST(std::string(e.what()).find("the loss is nan at step 2") != std::string::npos,
               e.what());
  }
  BOOST_TEST(callbacks == 2u);
  BOOST_TEST(optimizer.steps() == 2u);
  BOOST_TEST(w.value == after_step_1);  // the last finite value, no NaN step applied
  // [nan]
  BOOST_TEST(std::isfinite(w.value));
}

BOOST_AUTO_TEST_CASE(minimize_stops_at_an_infinite_gradient) {
  // sqrt at 0: the loss 0 is finite, its gradient 1/(2 sqrt(0)) is not. The second parameter's
  // gradient is the bad one, at step 0; nothing moves.
  constexpr var<"a"> a;
  constexpr var<"b"> b;
  param<float> pa(4.0f);
  param<float> pb(0.0f);
  adam optimizer({.lr = 0.1}, pa, pb);
  try {
    minimize(a + sqrt(b), bind(a = pa, b = pb), optimizer, 10);
    BOOST_FAIL("minimize did not stop");
  } catch (const non_finite_error& e) {
    BOOST_TEST(e.step() == 0u);
    const std::string what = e.what();
    BOOST_TEST(what.find("gradient of the optimizer's parameter 1") != std::string::npos, what);
    BOOST_TEST(what.find("at step 0") != std::string::npos, what);
  }
  BOOST_TEST(pa.value == 4.0f);
  BOOST_TEST(pb.value == 0.0f);
  BOOST_TEST(optimizer.steps() == 0u);
}

BOOST_AUTO_TEST_CASE(minimize_fits_the_sigmoid_layer) {
  // Seed part 3's layer, o = sigmoid(x @ w.t()) with loss mse_loss(ones(1, 2), o), at
  // reference.json's inputs (loss 0.2605 there): Adam moves w until the loss is below 1e-3,
  // stopping through the callback.
  constexpr var<"x", shape<1, 10>> xv;
  constexpr var<"w", shape<2, 10>> wv;
  constexpr auto loss = mse_loss(ones<1, 2>, sigmoid(matmul(xv, wv.t())));
  std::array<float, 10> xs{};
  std::array<float, 20> ws{};
  for (std::size_t k = 0; k < 10; ++k)
    xs[k] = static_cast<float>(0.1 * static_cast<double>(k) - 0.4);
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < 10; ++c)
      ws[r * 10 + c] = static_cast<float>(0.05 * (static_cast<double>(r) - static_cast<double>(c)));
  param<float, shape<2, 10>> W(ws);
  const float initial = loss(xv = xs, wv = W);
  BOOST_TEST(check_close(initial, number(at(reference(), "sigmoid_layer.loss")), 1e-6));

  constexpr float bound = 1e-3f;
  adam optimizer({.lr = 0.1}, W);
  const auto result = minimize(loss, bind(xv = xs, wv = W), optimizer, 1000,
                               [&](std::size_t, float value) { return value >= bound; });
  BOOST_TEST(result.loss < bound);
  BOOST_TEST(result.steps < 1000u);
  BOOST_TEST(loss(xv = xs, wv = W) < bound);  // after the last step too
}

BOOST_AUTO_TEST_CASE(options_are_checked) {
  param<float> w;
  const auto message = [&](auto make) {
    try {
      make();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  const auto has = [](const std::string& text, const char* part) {
    return text.find(part) != std::string::npos;
  };
  const std::string missing_lr = message([&] { sgd optimizer({.momentum = 0.9}, w); });
  BOOST_TEST(has(missing_lr, "ctgrad::sgd: the learning rate lr is required"), missing_lr);
  const std::string nesterov =
      message([&] { sgd optimizer({.lr = 0.1, .dampening = 0.1, .nesterov = true}, w); });
  BOOST_TEST(has(nesterov, "nesterov momentum requires a momentum and zero dampening"), nesterov);
  const std::string beta = message([&] { adam optimizer({.betas = {0.9, 1.0}}, w); });
  BOOST_TEST(has(beta, "ctgrad::adam: invalid betas[1]"), beta);
  const std::string lr = message([&] { adam optimizer({.lr = -1.0}, w); });
  BOOST_TEST(has(lr, "ctgrad::adam: invalid learning rate lr"), lr);
  const std::string fine = message([&] { adam optimizer(w); });
  BOOST_TEST(fine == "no exception");
}

// What an optimizer takes, checked at compile time.
static_assert(Parameter<param<float, shape<2, 3>>>);
static_assert(Parameter<std::array<param<double>, 4>>);
static_assert(Parameter<std::array<float, 3>>);
static_assert(Parameter<tensor<float, shape<2>>>);
static_assert(Parameter<double>);
static_assert(!Parameter<int>);
static_assert(!Parameter<std::array<int, 2>>);
static_assert(ParamWithGrad<param<float>>);
static_assert(!ParamWithGrad<std::array<float, 2>>);
static_assert(Optimizer<adam<param<float>>>);
static_assert(Optimizer<sgd<param<float, shape<2>>>>);
// The state is inline: an optimizer of a 2x10 param holds its 3 moments per element.
static_assert(sizeof(adam<param<float, shape<2, 10>>>) >= 3 * 20 * sizeof(float));

}  // namespace test_optimizer
