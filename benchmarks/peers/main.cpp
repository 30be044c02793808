// bench_peers: the value and gradient of every objective of objectives.hpp, by hand (the
// denominator), by ctgrad and by the AD libraries that CMake found: Boost.Math's autodiff (fvar),
// Eigen's AutoDiffScalar, Ceres' Jet, ADOL-C and libtorch. A library that was not found is
// reported in one line and skipped. Every variant is checked against hand_written at a few sample
// points before anything is timed; then all benchmarks run in one run (20 repetitions, interleaved
// at random), and one table gives each variant's time and its ratio to hand_written.
// Google Benchmark's flags apply, e.g. --benchmark_filter=rosenbrock --benchmark_min_time=0.01.
#include "peers.hpp"

#include "../ratio_reporter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace bench::peers {

std::vector<variant>& variants() {
  static std::vector<variant> all;
  return all;
}

namespace {

struct skipped {
  std::string objective, variant, reason;
};

std::vector<skipped>& skipped_variants() {
  static std::vector<skipped> all;
  return all;
}

// not_found(peer, package): the one line for a peer that CMake did not find.
[[maybe_unused]] void not_found(const char* peer, const char* package) {
  std::printf("%s: not found when bench_peers was configured (%s), skipped\n", peer, package);
}

}  // namespace

void skip(std::string objective, std::string variant, std::string reason) {
  skipped_variants().push_back({std::move(objective), std::move(variant), std::move(reason)});
}

// The peers that CMake did not find add nothing.
#ifndef CTGRAD_BENCH_BOOST_AUTODIFF
void add_boost_autodiff() {
  not_found("boost_fvar", "boost/math/differentiation/autodiff.hpp");
}
#endif
#ifndef CTGRAD_BENCH_EIGEN_AUTODIFF
void add_eigen_autodiff() {
  not_found("eigen_autodiff", "libeigen3-dev: unsupported/Eigen/AutoDiff");
}
#endif
#ifndef CTGRAD_BENCH_CERES
void add_ceres_jet() {
  not_found("ceres_jet", "libceres-dev");
}
#endif
#ifndef CTGRAD_BENCH_ADOLC
void add_adolc() {
  not_found("adolc", "libadolc-dev");
}
#endif
#ifndef CTGRAD_BENCH_TORCH
void add_libtorch() {
  not_found("libtorch", "libtorch-dev");
}
#endif

namespace {

// agrees(v, hand): v's value and gradient within the objective's tolerance of hand_written's,
// relative to the largest magnitude of each, at the first (up to) 4 sample points.
bool agrees(const variant& v, const variant& hand, const objective& o) {
  for (std::size_t i = 0; i < std::min<std::size_t>(o.samples, 4); ++i) {
    const std::vector<double> got = v.check(i);
    const std::vector<double> want = hand.check(i);
    double gradient_scale = 0;
    for (std::size_t j = 1; j < want.size(); ++j)
      gradient_scale = std::max(gradient_scale, std::abs(want[j]));
    for (std::size_t j = 0; j < want.size(); ++j) {
      const double scale = j == 0 ? std::abs(want[0]) : gradient_scale;
      if (!(std::abs(got[j] - want[j]) <= o.tolerance * (scale + 1e-300))) {
        std::fprintf(stderr, "bench_peers: %s/%s: %s %zu is %.17g, hand_written's %.17g\n",
                     v.objective.c_str(), v.name.c_str(), j == 0 ? "the value" : "partial", j,
                     got[j], want[j]);
        return false;
      }
    }
  }
  return true;
}

const variant* find(const std::string& objective, const std::string& name) {
  for (const variant& v : variants())
    if (v.objective == objective && v.name == name)
      return &v;
  return nullptr;
}

// time(ns): with a unit that keeps 3 or 4 digits.
std::string time(double ns) {
  char text[32];
  if (ns < 1e4)
    std::snprintf(text, sizeof text, "%.1f ns", ns);
  else if (ns < 1e7)
    std::snprintf(text, sizeof text, "%.1f µs", ns / 1e3);
  else
    std::snprintf(text, sizeof text, "%.1f ms", ns / 1e6);
  return text;
}

// print_ratios: one row per variant, the objectives in the order of the registration, each
// variant against hand_written of its objective, by the minimum real time over the repetitions
// (other processes only add time) and by the median CPU time.
void print_ratios(const ratio_reporter& reporter) {
  std::printf("\n| objective | variant | min real time | ratio (min real) | ratio (median CPU) |\n"
              "|---|---|---:|---:|---:|\n");
  for (const variant& v : variants()) {
    const std::string name = v.objective + "/" + v.name;
    const std::string hand = v.objective + "/hand_written";
    const double real = reporter.min_real(name);
    const double hand_real = reporter.min_real(hand);
    if (real < 0)
      continue;
    std::printf("| %s | %s | %s | ", v.objective.c_str(), v.name.c_str(), time(real).c_str());
    if (hand_real > 0)
      std::printf("%.3f | %.3f |\n", real / hand_real,
                  reporter.median_cpu(name) / reporter.median_cpu(hand));
    else
      std::printf("- | - |\n");
  }
  if (!skipped_variants().empty()) {
    std::printf("\n| objective | variant | skipped because |\n|---|---|---|\n");
    for (const skipped& s : skipped_variants())
      std::printf("| %s | %s | %s |\n", s.objective.c_str(), s.variant.c_str(), s.reason.c_str());
  }
}

}  // namespace
}  // namespace bench::peers

int main(int argc, char** argv) {
  using namespace bench::peers;
  add_hand_written();
  add_ctgrad();
  add_ctgrad_mlp();
  add_boost_autodiff();
  add_eigen_autodiff();
  add_ceres_jet();
  add_adolc();
  add_libtorch();
  // Group the variants by objective, in the order of the objectives, keeping each one's order.
  std::vector<std::string> order;
  for_each_objective([&](auto o) { order.push_back(decltype(o)::get().name); });
  std::stable_sort(variants().begin(), variants().end(), [&](const variant& a, const variant& b) {
    return std::find(order.begin(), order.end(), a.objective)
           < std::find(order.begin(), order.end(), b.objective);
  });

  bool agree = true;
  for_each_objective([&](auto tag) {
    const objective& o = decltype(tag)::get();
    const variant* hand = find(o.name, "hand_written");
    for (const variant& v : variants())
      if (v.objective == o.name && &v != hand)
        agree = agrees(v, *hand, o) && agree;
  });
  if (!agree) {
    std::fprintf(stderr, "bench_peers: results differ from hand_written's, nothing timed\n");
    return 1;
  }

  for (const variant& v : variants())
    benchmark::RegisterBenchmark((v.objective + "/" + v.name).c_str(), v.timed);
  if (!bench::initialize(argc, argv))
    return 1;
  bench::ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  print_ratios(reporter);
  return 0;
}
