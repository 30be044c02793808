// One epoch of MLP training on MNIST-sized data, for the comparison with PyTorch
// (benchmarks/python/mnist_mlp.py, which benchmarks/run calls with this program's time):
// 60000 x 784 float32 inputs (synthetic: uniform in [0, 1), class i mod 10), a 784 -> 512 -> 10
// MLP with a tanh hidden layer, cross-entropy, Adam (lr 1e-3), minibatches of 64 shuffled by
// data_loader, the last one partial (60000 = 937 x 64 + 32): the batch dimension is dyn.
// Prints a markdown table row with the best time per epoch of --runs runs (default 3) and the
// mean loss of the last epoch. Options: --rows N (default 60000), --runs R.
#include <ctgrad/ctgrad.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace ctgrad;

constexpr std::size_t inputs = 784;
constexpr std::size_t hidden = 512;
constexpr std::size_t classes = 10;

constexpr var<"x", shape<dyn, inputs>> x;
constexpr var<"y", shape<dyn>> y;
constexpr var<"w1", shape<inputs, hidden>> w1;
constexpr var<"b1", shape<hidden>> b1;
constexpr var<"w2", shape<hidden, classes>> w2;
constexpr var<"b2", shape<classes>> b2;
constexpr auto loss = cross_entropy(matmul(tanh(matmul(x, w1) + b1), w2) + b2, y);

// uniform(state): a float in [0, 1) from a 64-bit LCG (Knuth's MMIX constants), its top 24 bits.
float uniform(std::uint64_t& state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<float>(state >> 40) * 0x1p-24f;
}

struct model {
  param<float, shape<inputs, hidden>> pw1;
  param<float, shape<hidden>> pb1;
  param<float, shape<hidden, classes>> pw2;
  param<float, shape<classes>> pb2;

  explicit model(std::uint64_t seed) {
    std::uint64_t state = seed;
    const auto init = [&](auto& p, std::size_t fan_in) {
      const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
      for (float& v : p.value)
        v = bound * (2.0f * uniform(state) - 1.0f);
    };
    init(pw1, inputs);
    init(pb1, inputs);
    init(pw2, hidden);
    init(pb2, hidden);
  }
};

std::size_t count_option(std::string_view option, std::string_view text) {
  std::size_t v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc{} || end != text.data() + text.size() || v == 0)
    throw std::invalid_argument(std::string(option) + " expects a positive whole number");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 60000;
  std::size_t runs = 3;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg.starts_with("--benchmark"))
        continue;  // benchmarks/run passes Google Benchmark's flags to every bench_*: not ours
      if (arg != "--rows" && arg != "--runs")
        throw std::invalid_argument("unknown argument '" + std::string(arg) + "'");
      if (++i == argc)
        throw std::invalid_argument(std::string(arg) + " needs a value");
      (arg == "--rows" ? rows : runs) = count_option(arg, argv[i]);
    }
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "bench_mnist_mlp: %s\nusage: bench_mnist_mlp [--rows N] [--runs R]\n",
                 e.what());
    return 2;
  }
  std::vector<float> xs(rows * inputs);
  std::vector<int> ys(rows);
  std::uint64_t state = 42;
  for (float& v : xs)
    v = uniform(state);
  for (std::size_t i = 0; i < rows; ++i)
    ys[i] = static_cast<int>(i % classes);

  double best = INFINITY;
  double last_loss = 0;
  for (std::size_t run = 0; run < runs; ++run) {
    model m(7);
    adam optimizer({.lr = 1e-3}, m.pw1, m.pb1, m.pw2, m.pb2);
    data_loader loader({.batch_size = 64, .shuffle = true, .seed = 1}, x = xs, y = ys);
    const auto start = std::chrono::steady_clock::now();
    double total = 0;
    for (const auto& [xb, yb] : loader) {
      optimizer.zero_grad();
      total += static_cast<double>(
                   backward(loss, xb, yb, w1 = m.pw1, b1 = m.pb1, w2 = m.pw2, b2 = m.pb2))
               * static_cast<double>(yb.value.size());
      optimizer.step();
    }
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    last_loss = total / static_cast<double>(rows);
  }
  std::printf("| variant | threads | seconds per epoch | ratio to ctgrad | mean loss |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  std::printf("| ctgrad | 1 | %.3f | 1 | %.4f |\n", best, last_loss);
}
