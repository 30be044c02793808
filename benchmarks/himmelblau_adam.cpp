// Runtime cost of ctgrad's optimizer loop against hand-written code (and libtorch): seed part 5's
// run, Adam(lr=1e-3) for 20000 steps on Himmelblau's function from [0, 0], in float:
//   ctgrad_loop      param<float> x, y and adam, PyTorch's loop written out: zero_grad(),
//                    backward(f, x = px, y = py), step();
//   ctgrad_minimize  the same through minimize(f, bind(...), optimizer, 20000), which also checks
//                    that the loss and the gradients are finite at every step;
//   ctgrad_plain     no params: x and y in a std::array<float, 2>, value_and_grad(f, x, y), and
//                    adam's step(gradients) on the array;
//   hand_written     the gradient derived by hand and the same Adam update (the same operations,
//                    bias corrections in double, std::fma where PyTorch's kernels fuse);
//   libtorch         torch::optim::Adam on a 2-element tensor, on one thread; only when CMake
//                    found libtorch (CTGRAD_BENCH_TORCH; the code is in
//                    libtorch/himmelblau_adam_torch.cpp).
// PyTorch's Python loop is timed by benchmarks/python/himmelblau_adam.py, which benchmarks/run
// calls after this program, with this program's hand_written time for its ratio.
// One iteration is one whole run of 20000 steps. The final points must agree before anything is
// timed: ctgrad's and hand_written's bit for bit, libtorch's within 1e-4. After the runs (20
// repetitions, interleaved at random), a table gives each variant's time and its ratio to
// hand_written, from the same run.
//
// `bench_himmelblau_adam --ctgrad_count` runs ctgrad_loop, ctgrad_minimize, ctgrad_plain and
// hand_written once each, untimed, for an instruction count under callgrind's --toggle-collect
// (valgrind cannot run the libtorch build: configure with -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON;
// see docs/benchmarks.md).
#include "himmelblau_function.hpp"
#include "libtorch/libtorch.hpp"
#include "ratio_reporter.hpp"

#include <ctgrad/ctgrad.hpp>

#include <benchmark/benchmark.h>

#ifdef CTGRAD_BENCH_TORCH
#include "libtorch/himmelblau_adam_torch.hpp"
#endif

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

using point = std::array<float, 2>;

constexpr std::size_t steps = 20000;
constexpr point start{0.0f, 0.0f};

struct ctgrad_loop {
  [[gnu::noinline]] static point run(point from) {
    using namespace expr;
    ctgrad::param<float> px(from[0]);
    ctgrad::param<float> py(from[1]);
    ctgrad::adam optimizer({.lr = 1e-3}, px, py);
    for (std::size_t step = 0; step < steps; ++step) {
      optimizer.zero_grad();
      const float pred = ctgrad::backward(f, x = px, y = py);
      benchmark::DoNotOptimize(pred);
      optimizer.step();
    }
    return {px.value, py.value};
  }
};

struct ctgrad_minimize {
  [[gnu::noinline]] static point run(point from) {
    using namespace expr;
    ctgrad::param<float> px(from[0]);
    ctgrad::param<float> py(from[1]);
    ctgrad::adam optimizer({.lr = 1e-3}, px, py);
    ctgrad::minimize(f, ctgrad::bind(x = px, y = py), optimizer, steps,
                     [](std::size_t, float pred) { benchmark::DoNotOptimize(pred); });
    return {px.value, py.value};
  }
};

struct ctgrad_plain {
  [[gnu::noinline]] static point run(point from) {
    using namespace expr;
    point xy = from;
    ctgrad::adam optimizer({.lr = 1e-3}, xy);
    for (std::size_t step = 0; step < steps; ++step) {
      const auto [pred, gradient] = ctgrad::value_and_grad(f, x, y)(x = xy[0], y = xy[1]);
      benchmark::DoNotOptimize(pred);
      const auto [dx, dy] = gradient;
      optimizer.step(point{dx, dy});
    }
    return xy;
  }
};

struct hand_written {
  [[gnu::noinline]] static point run(point from) {
    constexpr double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    point x = from;
    point exp_avg{};
    point exp_avg_sq{};
    for (std::size_t step = 1; step <= steps; ++step) {
      const float a = x[0] * x[0] + x[1] - 11.0f;
      const float b = x[0] + x[1] * x[1] - 7.0f;
      const float pred = a * a + b * b;
      benchmark::DoNotOptimize(pred);
      const point grad{4.0f * x[0] * a + 2.0f * b, 2.0f * a + 4.0f * x[1] * b};
      // Adam: the bias corrections in double, then each operation in float, as PyTorch.
      const double t = static_cast<double>(step);
      const auto neg_step_size = static_cast<float>(-(lr / (1.0 - std::pow(beta1, t))));
      const auto bias_correction2_sqrt = static_cast<float>(std::sqrt(1.0 - std::pow(beta2, t)));
      for (std::size_t i = 0; i < 2; ++i) {
        const float avg = exp_avg[i] * static_cast<float>(beta1);
        exp_avg[i] = std::fma(static_cast<float>(1.0 - beta1), grad[i], avg);
        const float sq = exp_avg_sq[i] * static_cast<float>(beta2);
        const float scaled = static_cast<float>(1.0 - beta2) * grad[i];
        exp_avg_sq[i] = std::fma(scaled, grad[i], sq);
        const float root = std::sqrt(exp_avg_sq[i]);
        const float denom = root / bias_correction2_sqrt + static_cast<float>(eps);
        const float numerator = neg_step_size * exp_avg[i];
        x[i] = x[i] + numerator / denom;
      }
    }
    return x;
  }
};

#ifdef CTGRAD_BENCH_TORCH
struct libtorch_adam {
  static point run(point from) { return bench::libtorch::himmelblau_adam(from, steps); }
};
#endif

template <class Variant>
void timed(benchmark::State& state) {
  for (auto _ : state) {
    point x = Variant::run(start);
    benchmark::DoNotOptimize(x);
  }
}

struct entry {
  std::string_view variant;
  void (*function)(benchmark::State&);
  point (*run)(point);
};

const std::vector<entry>& entries() {
  static const std::vector<entry> all = {
      {"ctgrad_loop", timed<ctgrad_loop>, ctgrad_loop::run},
      {"ctgrad_minimize", timed<ctgrad_minimize>, ctgrad_minimize::run},
      {"ctgrad_plain", timed<ctgrad_plain>, ctgrad_plain::run},
      {"hand_written", timed<hand_written>, hand_written::run},
#ifdef CTGRAD_BENCH_TORCH
      {"libtorch", timed<libtorch_adam>, libtorch_adam::run},
#endif
  };
  return all;
}

// bench_name(variant): "himmelblau_adam/<variant>". (Built with append: GCC 12 gives a false
// -Wrestrict warning on "literal" + std::string.)
std::string bench_name(std::string_view variant) {
  std::string name = "himmelblau_adam/";
  name.append(variant);
  return name;
}

// agree(): ctgrad's final points equal hand_written's bit for bit, libtorch's within 1e-4, and
// all of them are the minimum (3, 2).
bool agree() {
  const point hand = hand_written::run(start);
  bool same = std::fabs(hand[0] - 3.0f) < 1e-4f && std::fabs(hand[1] - 2.0f) < 1e-4f;
  for (const entry& e : entries()) {
    const point x = e.run(start);
    const bool exact = e.variant != "libtorch";
    const bool ok =
        exact ? x == hand : std::fabs(x[0] - hand[0]) < 1e-4f && std::fabs(x[1] - hand[1]) < 1e-4f;
    if (!ok)
      std::fprintf(stderr,
                   "bench_himmelblau_adam: %.*s ends at (%.9g, %.9g), hand_written at "
                   "(%.9g, %.9g)\n",
                   static_cast<int>(e.variant.size()), e.variant.data(), static_cast<double>(x[0]),
                   static_cast<double>(x[1]), static_cast<double>(hand[0]),
                   static_cast<double>(hand[1]));
    same = same && ok;
  }
  return same;
}

// print_ratios: each variant against hand_written, by the minimum real time over the repetitions
// (other processes only add time) and by the median CPU time.
void print_ratios(const ratio_reporter& reporter) {
  std::printf(
      "\n| variant | min real ms per 20000 steps | ratio (min real) | ratio (median CPU) |\n"
      "|---|---:|---:|---:|\n");
  const std::string hand = bench_name("hand_written");
  for (const entry& e : entries()) {
    const std::string name = bench_name(e.variant);
    const double real = reporter.min_real(name);
    if (real < 0)
      continue;
    std::printf("| %.*s | %.3f | ", static_cast<int>(e.variant.size()), e.variant.data(), real);
    reporter.print_ratios(name, hand);
  }
}

}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;

  if (argc == 2 && std::string_view(argv[1]) == "--ctgrad_count") {
    point a = ctgrad_loop::run(start);
    point b = ctgrad_minimize::run(start);
    point d = ctgrad_plain::run(start);
    benchmark::DoNotOptimize(d);
    point c = hand_written::run(start);
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(c);
    return 0;
  }

  bench::libtorch::announce();
  if (!agree())
    return 1;

  for (const entry& e : entries())
    benchmark::RegisterBenchmark(bench_name(e.variant).c_str(), e.function)
        ->Unit(benchmark::kMillisecond);
  return run(argc, argv, print_ratios);
}
