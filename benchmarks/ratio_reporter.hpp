// ratio_reporter: a Google Benchmark console reporter that also keeps the CPU and real time of
// every repetition of every benchmark, so that a benchmark can print, after the run, ratios between
// variants measured in the same run. Used by himmelblau.cpp, dense_layer.cpp and
// himmelblau_adam.cpp.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace bench {

// ratio_reporter: the console output (aggregates only, when there are repetitions), plus the CPU
// and real time of every repetition of every benchmark, in the benchmark's time unit.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
  ratio_reporter() : ConsoleReporter(OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> shown;
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Aggregate || run.repetitions <= 1)
        shown.push_back(run);
      if (run.run_type == Run::RT_Iteration && !run.error_occurred) {
        cpu_[run.run_name.function_name].push_back(run.GetAdjustedCPUTime());
        real_[run.run_name.function_name].push_back(run.GetAdjustedRealTime());
      }
    }
    if (!shown.empty())
      ConsoleReporter::ReportRuns(shown);
  }

  // median_cpu(name), min_real(name): over the repetitions; negative when name did not run.
  double median_cpu(const std::string& name) const {
    const auto found = cpu_.find(name);
    if (found == cpu_.end() || found->second.empty())
      return -1.0;
    std::vector<double> t = found->second;
    std::sort(t.begin(), t.end());
    const std::size_t n = t.size();
    return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
  }
  double min_real(const std::string& name) const {
    const auto found = real_.find(name);
    if (found == real_.end() || found->second.empty())
      return -1.0;
    return *std::min_element(found->second.begin(), found->second.end());
  }

  // print_ratios(name, reference): the two last cells of a ratio table's row, "min real ratio |
  // median CPU ratio |" of name to reference, or "- | - |" when reference did not run.
  void print_ratios(const std::string& name, const std::string& reference) const {
    const double reference_real = min_real(reference);
    if (reference_real > 0)
      std::printf("%.3f | %.3f |\n", min_real(name) / reference_real,
                  median_cpu(name) / median_cpu(reference));
    else
      std::printf("- | - |\n");
  }

private:
  std::map<std::string, std::vector<double>> cpu_;
  std::map<std::string, std::vector<double>> real_;
};

// initialize(argc, argv): benchmark::Initialize with this project's defaults, which the command
// line overrides (later flags win): 20 short repetitions, interleaved at random so that a slow
// spell of the machine hits every variant alike. False when an argument is not recognised.
inline bool initialize(int argc, char** argv) {
  std::string defaults[] = {"--benchmark_repetitions=20", "--benchmark_min_time=0.1",
                            "--benchmark_enable_random_interleaving=true"};
  std::vector<char*> args{argv[0]};
  for (auto& flag : defaults)
    args.push_back(flag.data());
  for (int k = 1; k < argc; ++k)
    args.push_back(argv[k]);
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  return !benchmark::ReportUnrecognizedArguments(count, args.data());
}

// run(argc, argv, print): initialize, run the registered benchmarks with a ratio_reporter, then
// print(reporter); main's exit code.
template <class Print>
int run(int argc, char** argv, Print print) {
  if (!initialize(argc, argv))
    return 1;
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  print(reporter);
  return 0;
}

}  // namespace bench
