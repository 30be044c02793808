// Runtime cost of ctgrad's tensor gradients against hand-written code (and libtorch), in float:
//
//   sigmoid_layer  the seed's layer: x 1x10, w 2x10, o = sigmoid(x @ w.t()),
//                  loss = mse_loss(ones(1, 2), o); the loss and w's gradient.
//                    ctgrad_value_and_grad  value_and_grad(loss, w)(x = ..., w = ...), its result
//                                           copied into the benchmark's;
//                    ctgrad_into            value_and_grad(loss, w).into(w_grad)(...), written
//                                           into the benchmark's result;
//                    hand_written           the same formulas, written out as loops.
//                  Each iteration takes the next of 256 precomputed random (x, w) pairs. Both
//                  run functions are kept out of line (noinline): GCC inlined the short
//                  hand-written one into the timing loop and not ctgrad's, which timed the
//                  inlining decision rather than the code (1.2 with, 1.0 without).
//   dense_layer    batch 64, 256 -> 128: x 64x256, w 128x256, b 128,
//                  o = sigmoid(x @ w.t() + b), loss = mse_loss(o, y) with a target y 64x128;
//                  the loss and the gradients of w and b.
//                    ctgrad_value_and_grad  value_and_grad(loss, w, b)(x = ..., w = ..., b = ...,
//                                           y = ...), the data bound as std::span;
//                    hand_written           cache-friendly loops written for this layer (below);
//                    libtorch               torch::sigmoid(torch::matmul(x, w.t()) + b),
//                                           torch::mse_loss, loss.backward(), one thread; only
//                                           when CMake found libtorch (CTGRAD_BENCH_TORCH; the
//                                           code is in libtorch/dense_layer_torch.cpp).
//
// All variants are checked to agree before they are timed. Each benchmark is repeated 20 times,
// the repetitions of all benchmarks interleaved at random, and a table after the run gives each
// variant's time and its ratio to hand_written from the same run (minimum real time, and median
// CPU time). See docs/benchmarks.md.
#include "libtorch/libtorch.hpp"
#include "ratio_reporter.hpp"

#include <ctgrad/ctgrad.hpp>

#include <benchmark/benchmark.h>

#ifdef CTGRAD_BENCH_TORCH
#include "libtorch/dense_layer_torch.hpp"
#endif

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// close(got, want, scale): |got - want| within 1e-4 of scale (the largest magnitude of the
// quantity): the variants sum in different orders, so they agree to rounding, not bit for bit.
bool close(float got, float want, float scale) {
  return std::abs(got - want) <= 1e-4f * scale + 1e-30f;
}

bool all_close(std::span<const float> got, std::span<const float> want) {
  if (got.size() != want.size())
    return false;
  float scale = 0;
  for (const float v : want)
    scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < got.size(); ++i)
    if (!close(got[i], want[i], scale))
      return false;
  return true;
}

// sigmoid(v): PyTorch's formula, as ctgrad's sigmoid computes it.
inline float sigmoid(float v) {
  return 1.0f / (1.0f + std::exp(-v));
}

// ---- The seed's sigmoid layer ------------------------------------------------------------------

namespace seed {

constexpr std::size_t in = 10;
constexpr std::size_t out = 2;
constexpr std::size_t sample_count = 256;  // a power of two: the index wraps with a mask

namespace expr {
using namespace ctgrad;
constexpr var<"x", shape<1, in>> x;
constexpr var<"w", shape<out, in>> w;
constexpr auto o = sigmoid(matmul(x, w.t()));
constexpr auto loss = mse_loss(ones<1, out>, o);
constexpr auto loss_and_grad = value_and_grad(loss, w);
}  // namespace expr

struct sample {
  std::array<float, in> x;
  std::array<float, out * in> w;
};

struct result {
  float loss;
  std::array<float, out * in> w_grad;
};

struct ctgrad_value_and_grad {
  [[gnu::noinline]] static result run(const sample& s) {
    using namespace expr;
    const auto [value, w_grad] = loss_and_grad(x = s.x, w = s.w);
    return {value, w_grad.data};
  }
};

// ctgrad_into: the same gradient, written where the benchmark keeps it.
struct ctgrad_into {
  [[gnu::noinline]] static result run(const sample& s) {
    using namespace expr;
    result r;
    r.loss = loss_and_grad.into(r.w_grad)(x = s.x, w = s.w);
    return r;
  }
};

// hand_written: the forward pass, then the derivative worked out by hand:
// d loss / d o_j = -(1 - o_j) (the mean over 2 of (1 - o_j)^2), times o_j (1 - o_j) through the
// sigmoid, times x_k for w_jk.
struct hand_written {
  [[gnu::noinline]] static result run(const sample& s) {
    result r;
    std::array<float, out> o;
    float loss = 0;
    for (std::size_t j = 0; j < out; ++j) {
      float z = 0;
      for (std::size_t k = 0; k < in; ++k)
        z += s.x[k] * s.w[j * in + k];
      o[j] = sigmoid(z);
      loss += (1.0f - o[j]) * (1.0f - o[j]);
    }
    r.loss = loss / static_cast<float>(out);
    for (std::size_t j = 0; j < out; ++j) {
      const float dz = -(2.0f * (1.0f - o[j]) / static_cast<float>(out)) * (1.0f - o[j]) * o[j];
      for (std::size_t k = 0; k < in; ++k)
        r.w_grad[j * in + k] = s.x[k] * dz;
    }
    return r;
  }
};

// samples(): fixed pseudo-random inputs in [-1, 1], weights in [-0.5, 0.5].
const std::vector<sample>& samples() {
  static const std::vector<sample> all = [] {
    std::mt19937 rng(12345);
    std::uniform_real_distribution<float> input(-1.0f, 1.0f);
    std::uniform_real_distribution<float> weight(-0.5f, 0.5f);
    std::vector<sample> v(sample_count);
    for (auto& s : v) {
      for (auto& e : s.x)
        e = input(rng);
      for (auto& e : s.w)
        e = weight(rng);
    }
    return v;
  }();
  return all;
}

template <class Variant>
bool agrees_with_hand_written() {
  for (const sample& s : samples()) {
    const result r = Variant::run(s);
    const result h = hand_written::run(s);
    if (!close(r.loss, h.loss, std::abs(h.loss)) || !all_close(r.w_grad, h.w_grad))
      return false;
  }
  return true;
}

template <class Variant>
void timed(benchmark::State& state) {
  const sample* all = samples().data();
  std::size_t i = 0;
  for (auto _ : state) {
    result r = Variant::run(all[i]);
    i = (i + 1) & (sample_count - 1);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace seed

// ---- A dense layer: batch 64, 256 -> 128 --------------------------------------------------------

namespace dense {

constexpr std::size_t batch = 64;
constexpr std::size_t in = 256;
constexpr std::size_t out = 128;

namespace expr {
using namespace ctgrad;
constexpr var<"x", shape<batch, in>> x;
constexpr var<"w", shape<out, in>> w;
constexpr var<"b", shape<out>> b;
constexpr var<"y", shape<batch, out>> y;
constexpr auto o = sigmoid(matmul(x, w.t()) + b);
constexpr auto loss = mse_loss(o, y);
constexpr auto loss_and_grads = value_and_grad(loss, w, b);
}  // namespace expr

// data: the layer's inputs, row-major on the heap: x batch x in, w out x in, b out, y batch x out.
struct data {
  std::vector<float> x, w, b, y;
};

// output: the loss and the two gradients, for the check before timing.
struct output {
  float loss = 0;
  std::vector<float> w_grad = std::vector<float>(out * in);
  std::vector<float> b_grad = std::vector<float>(out);
};

// the_data(): inputs in [-1, 1], weights and bias in [-1/16, 1/16] (PyTorch's default
// initialisation bound 1/sqrt(256)), targets in [0, 1].
const data& the_data() {
  static const data d = [] {
    std::mt19937 rng(2024);
    const auto fill = [&](std::size_t n, float low, float high) {
      std::uniform_real_distribution<float> u(low, high);
      std::vector<float> v(n);
      for (auto& e : v)
        e = u(rng);
      return v;
    };
    return data{fill(batch * in, -1.0f, 1.0f), fill(out * in, -0.0625f, 0.0625f),
                fill(out, -0.0625f, 0.0625f), fill(batch * out, 0.0f, 1.0f)};
  }();
  return d;
}

// ctgrad: the data bound as fixed-size spans, which the computation reads where they are.
struct ctgrad_value_and_grad {
  static auto compute(const data& d) {
    using namespace expr;
    return loss_and_grads(x = std::span<const float, batch * in>(d.x.data(), batch * in),
                          w = std::span<const float, out * in>(d.w.data(), out * in),
                          b = std::span<const float, out>(d.b.data(), out),
                          y = std::span<const float, batch * out>(d.y.data(), batch * out));
  }
  static void run(const data& d, output& r) {
    const auto [value, gradients] = compute(d);
    const auto& [w_grad, b_grad] = gradients;
    r.loss = value;
    std::copy(w_grad.begin(), w_grad.end(), r.w_grad.begin());
    std::copy(b_grad.begin(), b_grad.end(), r.b_grad.begin());
  }
  static void timed(benchmark::State& state) {
    const data& d = the_data();
    for (auto _ : state) {
      auto r = compute(d);
      benchmark::DoNotOptimize(r);
    }
  }
};

// hand_written: what one would write for this layer in plain C++ without a BLAS: every inner
// loop runs along contiguous memory over independent elements, so GCC vectorizes it at -O3
// without -ffast-math, and the products work on blocks of 4 rows held in L1. It is not a
// register-blocked GEMM kernel (no intrinsics, baseline x86-64 SSE2 as the benchmark is built).
struct hand_written {
  static constexpr std::size_t rows = 4;   // the block of batch rows
  static constexpr std::size_t tile = 16;  // the tiles of the transpose
  static_assert(batch % rows == 0 && in % tile == 0 && out % tile == 0);

  // workspace: buffers reused from call to call.
  struct workspace {
    std::vector<float> wt = std::vector<float>(in * out);     // w transposed, in x out
    std::vector<float> o = std::vector<float>(batch * out);   // sigmoid(x @ w.t() + b)
    std::vector<float> dz = std::vector<float>(batch * out);  // d loss / d (x @ w.t() + b)
  };

  static void run(const data& d, workspace& ws, output& r) {
    const float* x = d.x.data();
    const float* w = d.w.data();
    float* wt = ws.wt.data();
    float* o = ws.o.data();
    float* dz = ws.dz.data();

    // Forward: z = x @ w.t() as rows of z accumulating rows of w.t(), so that the inner loop
    // runs along j; then o = sigmoid(z + b).
    // (In tiles: a column of w.t() has a power-of-two stride, whose lines share a few L1 sets.)
    for (std::size_t j0 = 0; j0 < out; j0 += tile)
      for (std::size_t k0 = 0; k0 < in; k0 += tile)
        for (std::size_t j = j0; j < j0 + tile; ++j)
          for (std::size_t k = k0; k < k0 + tile; ++k)
            wt[k * out + j] = w[j * in + k];
    for (std::size_t i0 = 0; i0 < batch; i0 += rows) {
      std::array<std::array<float, out>, rows> z{};
      for (std::size_t k = 0; k < in; ++k) {
        const float* wt_k = wt + k * out;
        for (std::size_t i = 0; i < rows; ++i) {
          const float xik = x[(i0 + i) * in + k];
          for (std::size_t j = 0; j < out; ++j)
            z[i][j] += xik * wt_k[j];
        }
      }
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < out; ++j)
          o[(i0 + i) * out + j] = sigmoid(z[i][j] + d.b[j]);
    }

    // The loss and d loss / d z: the mean's 1/N, the square's 2 (o - y), the sigmoid's o (1 - o).
    constexpr float n = static_cast<float>(batch * out);
    std::array<float, out> column_loss{};
    std::array<float, out> b_grad{};
    for (std::size_t i = 0; i < batch; ++i)
      for (std::size_t j = 0; j < out; ++j) {
        const float oij = o[i * out + j];
        const float diff = oij - d.y[i * out + j];
        column_loss[j] += diff * diff;
        const float g = (2.0f * diff / n) * (1.0f - oij) * oij;
        dz[i * out + j] = g;
        b_grad[j] += g;
      }
    float loss = 0;
    for (const float c : column_loss)
      loss += c;
    r.loss = loss / n;
    std::copy(b_grad.begin(), b_grad.end(), r.b_grad.begin());

    // d loss / d w = dz.t() @ x: row j of the gradient accumulates rows of x, 4 at a time.
    static_assert(rows == 4, "the loop below names the 4 rows");
    float* w_grad = r.w_grad.data();
    std::fill(w_grad, w_grad + out * in, 0.0f);
    for (std::size_t i0 = 0; i0 < batch; i0 += rows) {
      const float* x0 = x + i0 * in;
      const float* x1 = x0 + in;
      const float* x2 = x1 + in;
      const float* x3 = x2 + in;
      for (std::size_t j = 0; j < out; ++j) {
        const float a0 = dz[i0 * out + j];
        const float a1 = dz[(i0 + 1) * out + j];
        const float a2 = dz[(i0 + 2) * out + j];
        const float a3 = dz[(i0 + 3) * out + j];
        float* g = w_grad + j * in;
        for (std::size_t k = 0; k < in; ++k)
          g[k] = g[k] + a0 * x0[k] + a1 * x1[k] + a2 * x2[k] + a3 * x3[k];
      }
    }
  }
  static void run(const data& d, output& r) {
    workspace ws;
    run(d, ws, r);
  }
  static void timed(benchmark::State& state) {
    const data& d = the_data();
    workspace ws;
    output r;
    for (auto _ : state) {
      run(d, ws, r);
      benchmark::DoNotOptimize(r.w_grad.data());
      benchmark::DoNotOptimize(r.loss);
      benchmark::ClobberMemory();
    }
  }
};

#ifdef CTGRAD_BENCH_TORCH
// libtorch: the layer as a PyTorch user writes it in C++ (libtorch/dense_layer_torch.cpp), the
// gradients set to none before each backward, on one thread (set in main) like the others.
struct libtorch_backward {
  static bench::libtorch::dense_layer make(const data& d) {
    return {batch, in, out, d.x.data(), d.w.data(), d.b.data(), d.y.data()};
  }
  static void run(const data& d, output& r) {
    bench::libtorch::dense_layer layer = make(d);
    r.loss = layer.step();
    std::copy_n(layer.w_grad(), out * in, r.w_grad.begin());
    std::copy_n(layer.b_grad(), out, r.b_grad.begin());
  }
  static void timed(benchmark::State& state) {
    bench::libtorch::dense_layer layer = make(the_data());
    for (auto _ : state) {
      float loss = layer.step();
      benchmark::DoNotOptimize(loss);
      benchmark::DoNotOptimize(layer.w_grad());
      benchmark::DoNotOptimize(layer.b_grad());
    }
  }
};
#endif

template <class Variant>
bool agrees_with_hand_written() {
  output r;
  output h;
  Variant::run(the_data(), r);
  hand_written::run(the_data(), h);
  return close(r.loss, h.loss, std::abs(h.loss)) && all_close(r.w_grad, h.w_grad)
         && all_close(r.b_grad, h.b_grad);
}

}  // namespace dense

// ---- Registration and the ratio table -----------------------------------------------------------

struct entry {
  std::string_view layer;
  std::string_view variant;
  benchmark::TimeUnit unit;
};

const std::vector<entry>& entries() {
  static const std::vector<entry> all = {
      {"sigmoid_layer", "ctgrad_value_and_grad", benchmark::kNanosecond},
      {"sigmoid_layer", "ctgrad_into", benchmark::kNanosecond},
      {"sigmoid_layer", "hand_written", benchmark::kNanosecond},
      {"dense_layer", "ctgrad_value_and_grad", benchmark::kMicrosecond},
      {"dense_layer", "hand_written", benchmark::kMicrosecond},
#ifdef CTGRAD_BENCH_TORCH
      {"dense_layer", "libtorch", benchmark::kMicrosecond},
#endif
  };
  return all;
}

// bench_name(layer, variant): "<layer>/<variant>". (Built with append: GCC 12 gives a false
// -Wrestrict warning on "literal" + std::string.)
std::string bench_name(std::string_view layer, std::string_view variant) {
  std::string name(layer);
  name.append("/").append(variant);
  return name;
}

void register_all() {
  using function = void (*)(benchmark::State&);
  const std::array<function, 6> functions{
      seed::timed<seed::ctgrad_value_and_grad>,
      seed::timed<seed::ctgrad_into>,
      seed::timed<seed::hand_written>,
      dense::ctgrad_value_and_grad::timed,
      dense::hand_written::timed,
#ifdef CTGRAD_BENCH_TORCH
      dense::libtorch_backward::timed,
#else
      nullptr,
#endif
  };
  for (std::size_t i = 0; i < entries().size(); ++i) {
    const entry& e = entries()[i];
    benchmark::RegisterBenchmark(bench_name(e.layer, e.variant).c_str(), functions[i])
        ->Unit(e.unit);
  }
}

// print_ratios: each variant against hand_written of the same layer, by the minimum real time
// over the repetitions (other processes only add time) and by the median CPU time.
void print_ratios(const ratio_reporter& reporter) {
  std::printf("\n| layer | variant | min real time | ratio (min real) | ratio (median CPU) |\n"
              "|---|---|---:|---:|---:|\n");
  for (const entry& e : entries()) {
    const std::string name = bench_name(e.layer, e.variant);
    const std::string hand = bench_name(e.layer, "hand_written");
    const double real = reporter.min_real(name);
    if (real < 0)
      continue;
    const char* unit = e.unit == benchmark::kNanosecond ? "ns" : "µs";
    std::printf("| %.*s | %.*s | %.1f %s | ", static_cast<int>(e.layer.size()), e.layer.data(),
                static_cast<int>(e.variant.size()), e.variant.data(), real, unit);
    reporter.print_ratios(name, hand);
  }
}

}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;

  bench::libtorch::announce();

  bool agree = seed::agrees_with_hand_written<seed::ctgrad_value_and_grad>()
               && seed::agrees_with_hand_written<seed::ctgrad_into>()
               && dense::agrees_with_hand_written<dense::ctgrad_value_and_grad>();
#ifdef CTGRAD_BENCH_TORCH
  agree = agree && dense::agrees_with_hand_written<dense::libtorch_backward>();
#endif
  if (!agree) {
    std::fprintf(stderr, "bench_dense_layer: the variants' results differ\n");
    return 1;
  }

  register_all();
  return run(argc, argv, print_ratios);
}
