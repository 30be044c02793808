// The peer benchmarks (bench_peers): every objective of objectives.hpp, computed by ctgrad, by
// hand and by each AD library found when the benchmark was configured. This header is the small
// framework the variants share: each translation unit (ctgrad_*.cpp, one per peer) adds its
// variants with add(objective, variant, kernel), and main.cpp checks them against hand_written,
// times them in one run and prints the ratios. It is C++17, for the libtorch variant.
#pragma once

#include "objectives.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace bench::peers {

// variant: one library's way of computing an objective's value and gradient.
//   timed: the benchmark loop;
//   check: the value followed by the gradient at sample point i, for the check before timing.
struct variant {
  std::string objective;
  std::string name;
  std::function<void(benchmark::State&)> timed;
  std::function<std::vector<double>(std::size_t)> check;
};

// variants(): all that the translation units added.
std::vector<variant>& variants();

// skip(objective, variant, reason): a variant that was not built, listed after the run.
void skip(std::string objective, std::string variant, std::string reason);

// timed_loop(state, o, kernel): the benchmark loop. Each iteration takes the next sample point
// and calls kernel(point, gradient), which returns the value and writes the gradient; value and
// gradient are kept alive, so nothing is hoisted or dropped.
template <class Kernel>
void timed_loop(benchmark::State& state, const objective& o, Kernel& kernel) {
  const std::vector<double>& all = points(o);
  std::vector<double> gradient(o.inputs);
  std::size_t i = 0;
  for (auto _ : state) {
    double value = kernel(all.data() + i * o.inputs, gradient.data());
    benchmark::DoNotOptimize(value);
    benchmark::DoNotOptimize(gradient.data());
    benchmark::ClobberMemory();
    i = (i + 1) % o.samples;
  }
}

// function<F>: the function F as a function object, so that the benchmark loop inlines it.
template <auto F>
struct function {
  double operator()(const double* point, double* gradient) const { return F(point, gradient); }
};

// add(o, name, kernel): registers a variant whose kernel is a function object
// double(const double* point, double* gradient), copied into the variant.
template <class Kernel>
void add(const objective& o, std::string name, Kernel kernel) {
  static_assert(std::is_class_v<Kernel>, "pass a function object (function<F>), not a pointer");
  auto shared = std::make_shared<Kernel>(std::move(kernel));
  auto check = [o, shared](std::size_t i) {
    std::vector<double> result(1 + o.inputs);
    result[0] = (*shared)(points(o).data() + i * o.inputs, result.data() + 1);
    return result;
  };
  variants().push_back({o.name, std::move(name),
                        [o, shared](benchmark::State& s) { timed_loop(s, o, *shared); }, check});
}

// The translation units' registration functions; each one adds its variants, or says in skip()
// why it has none. A peer that CMake did not find has an empty one (main.cpp).
void add_hand_written();
void add_ctgrad();
void add_ctgrad_mlp();
void add_boost_autodiff();
void add_eigen_autodiff();
void add_ceres_jet();
void add_adolc();
void add_libtorch();

}  // namespace bench::peers
