// Gradients from many threads: a gradient function holds no state and no shared tape, so one
// object is called from every thread at once. Here the least-squares fit of y = a x + b: each
// thread sums the gradient over its part of the data, and the parts' sums are added.
// Run with --json for the values under reference.json's key names; it fails when the threads'
// gradient differs from one thread's.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <iostream>
#include <thread>
#include <vector>

namespace {

using namespace ctgrad;

// [threads]
constexpr var<"a"> a;
constexpr var<"b"> b;
constexpr var<"x"> x;
constexpr var<"y"> y;

// One sample's squared error, and its gradient by a and b: named once, shared by every thread.
constexpr auto sample_loss = square(a * x + b - y);
constexpr auto sample_grad = grad(sample_loss, a, b);

// gradient_sum(xs, ys, begin, end, ...): the sum of the samples' gradients in [begin, end).
std::array<double, 2> gradient_sum(const std::vector<double>& xs, const std::vector<double>& ys,
                                   std::size_t begin, std::size_t end, double a_now, double b_now) {
  std::array<double, 2> total{};
  for (std::size_t i = begin; i < end; ++i) {
    const auto [da, db] = sample_grad(a = a_now, b = b_now, x = xs[i], y = ys[i]);
    total[0] += da;
    total[1] += db;
  }
  return total;
}

// parallel_gradient(...): the same sum over threads, each with its own part and its own result.
std::array<double, 2> parallel_gradient(const std::vector<double>& xs,
                                        const std::vector<double>& ys, std::size_t threads,
                                        double a_now, double b_now) {
  std::vector<std::array<double, 2>> parts(threads);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      parts[t] = gradient_sum(xs, ys, xs.size() * t / threads, xs.size() * (t + 1) / threads, a_now,
                              b_now);
    });
  for (auto& worker : workers)
    worker.join();
  std::array<double, 2> total{};
  for (const auto& part : parts) {
    total[0] += part[0];
    total[1] += part[1];
  }
  return total;
}
// [threads]

}  // namespace

int main(int argc, char** argv) {
  constexpr std::size_t n = 100000;
  std::vector<double> xs(n), ys(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs[i] = -1 + 2 * static_cast<double>(i) / (n - 1);
    ys[i] = 3 * xs[i] - 2 + 0.1 * std::sin(7.0 * static_cast<double>(i));
  }
  const auto one = gradient_sum(xs, ys, 0, n, 0.5, 0.25);
  const auto four = parallel_gradient(xs, ys, 4, 0.5, 0.25);
  const bool agree = std::fabs(one[0] - four[0]) <= 1e-9 * std::fabs(one[0])
                     && std::fabs(one[1] - four[1]) <= 1e-9 * std::fabs(one[1]);

  if (example::wants_json(argc, argv))
    std::cout << example::object(
        {{"threads", example::object({
                         {"one_thread", example::array({one[0], one[1]})},
                         {"four_threads", example::array({four[0], four[1]})},
                     })}})
              << '\n';
  else
    std::cout << "gradient of the summed squared error at a = 0.5, b = 0.25 over " << n
              << " samples:\n  one thread:   [" << one[0] << ", " << one[1]
              << "]\n  four threads: [" << four[0] << ", " << four[1] << "]\n";
  if (!agree) {
    std::cerr << "threads: the four threads' gradient differs from one thread's\n";
    return 1;
  }
}
