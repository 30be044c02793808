// Runtime cost of ctgrad against hand-written code: the value and gradient of Himmelblau's function
//   f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2
// in float and double, three ways:
//   ctgrad_value_and_grad  value_and_grad(f, x, y): one forward and one reverse sweep;
//   ctgrad_symbolic        f, d(f, x) and d(f, y) as expressions, each evaluated;
//   hand_written           the derivative worked out by hand, sharing the two inner terms.
// Each iteration takes the next of 1024 precomputed points and hands the three results to
// benchmark::DoNotOptimize, so nothing is hoisted or folded. After the runs (20 repetitions,
// interleaved at random), a table gives each variant's time and its ratio to hand_written, from
// the same run.
//
// `bench_himmelblau --ctgrad_count=N` runs each variant, and loop_only (the loop without the
// computation), N times in count_loop<Variant, T>, without timing, for an instruction count under
// callgrind's --toggle-collect (see benchmarks/run).
#include "himmelblau_function.hpp"
#include "ratio_reporter.hpp"

#include <ctgrad/ctgrad.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// himmelblau(x, y) and expr::f come from himmelblau_function.hpp; on numbers himmelblau is checked
// against hand_written before timing.
namespace expr {
constexpr auto f_and_grad = value_and_grad(f, x, y);
constexpr auto df_dx = d(f, x);
constexpr auto df_dy = d(f, y);
}  // namespace expr

template <class T>
struct result {
  T value, dx, dy;
};

template <class T>
struct point {
  T x, y;
};

struct ctgrad_value_and_grad {
  template <class T>
  static result<T> run(T px, T py) {
    using namespace expr;
    const auto [value, gradient] = f_and_grad(x = px, y = py);
    const auto [dx, dy] = gradient;
    return {value, dx, dy};
  }
};

struct ctgrad_symbolic {
  template <class T>
  static result<T> run(T px, T py) {
    using namespace expr;
    const auto at = bind(x = px, y = py);
    return {f(at), df_dx(at), df_dy(at)};
  }
};

struct hand_written {
  template <class T>
  static result<T> run(T x, T y) {
    const T a = x * x + y - T(11);
    const T b = x + y * y - T(7);
    return {a * a + b * b, T(4) * x * a + T(2) * b, T(2) * a + T(4) * y * b};
  }
};

// loop_only: no computation, for the instruction count of the loop, loads and stores alone.
struct loop_only {
  template <class T>
  static result<T> run(T x, T y) {
    return {x, y, x};
  }
};

constexpr std::size_t point_count = 1024;  // a power of two: the index wraps with a mask

// points<T>(): 1024 fixed pseudo-random points in [-5, 5]^2, Himmelblau's usual domain.
template <class T>
const std::vector<point<T>>& points() {
  static const std::vector<point<T>> all = [] {
    std::mt19937 rng(12345);
    std::uniform_real_distribution<double> coordinate(-5.0, 5.0);
    std::vector<point<T>> v(point_count);
    for (auto& p : v) {
      const double px = coordinate(rng);
      const double py = coordinate(rng);
      p = {static_cast<T>(px), static_cast<T>(py)};
    }
    return v;
  }();
  return all;
}

// step<Variant>(pts, i): one evaluation at the next point, its result kept alive.
template <class Variant, class T>
inline void step(const point<T>* pts, std::size_t& i) {
  const point<T> p = pts[i];
  i = (i + 1) & (point_count - 1);
  result<T> r = Variant::run(p.x, p.y);
  benchmark::DoNotOptimize(r);
}

// The timed loops start on a 64-byte boundary. The kernels are a few cycles long, and where a loop
// falls in the instruction cache changes its time by up to 35% (measured on this machine: the
// same loop ran at 1.5 or 2.1 ns depending on the code before it), which would swamp the
// differences between the variants. GCC only; Clang builds leave placement to chance.
#if defined(__GNUC__) && !defined(__clang__)
#define BENCH_ALIGN_LOOPS [[gnu::optimize("align-loops=64")]]
#else
#define BENCH_ALIGN_LOOPS
#endif

template <class Variant, class T>
BENCH_ALIGN_LOOPS void timed(benchmark::State& state) {
  const point<T>* pts = points<T>().data();
  std::size_t i = 0;
  for (auto _ : state)
    step<Variant>(pts, i);
  state.SetItemsProcessed(state.iterations());
}

// count_loop<Variant, T>(n): the same loop, n times, for callgrind's --toggle-collect.
template <class Variant, class T>
[[gnu::noinline]] void count_loop(std::int64_t n) {
  const point<T>* pts = points<T>().data();
  std::size_t i = 0;
  for (std::int64_t k = 0; k < n; ++k)
    step<Variant>(pts, i);
}

// The results must agree before their timings mean anything.
template <class Variant, class T>
bool agrees_with_hand_written() {
  for (const auto& p : points<T>()) {
    const result<T> r = Variant::run(p.x, p.y);
    const result<T> h = hand_written::run(p.x, p.y);
    const T value = himmelblau(p.x, p.y);
    const auto close = [](T u, T v) {
      const T scale = (u < 0 ? -u : u) + (v < 0 ? -v : v) + T(1);
      const T diff = u - v;
      return (diff < 0 ? -diff : diff) <= scale * T(1e-5);
    };
    if (!close(r.value, h.value) || !close(r.dx, h.dx) || !close(r.dy, h.dy)
        || !close(value, h.value))
      return false;
  }
  return true;
}

const std::array<std::string_view, 3> variant_names{"ctgrad_value_and_grad", "ctgrad_symbolic",
                                                    "hand_written"};
const std::array<std::string_view, 2> type_names{"float", "double"};

template <class T>
constexpr std::string_view type_name() {
  return sizeof(T) == sizeof(float) ? "float" : "double";
}

// bench_name(variant, type): "himmelblau/<variant>/<type>". (Built with append: GCC 12 gives a
// false -Wrestrict warning on "literal" + std::string.)
std::string bench_name(std::string_view variant, std::string_view type) {
  std::string name = "himmelblau/";
  name.append(variant).append("/").append(type);
  return name;
}

template <class Variant, class T>
void register_one(std::string_view variant) {
  benchmark::RegisterBenchmark(bench_name(variant, type_name<T>()).c_str(), timed<Variant, T>);
}

template <class T>
void register_type() {
  register_one<ctgrad_value_and_grad, T>(variant_names[0]);
  register_one<ctgrad_symbolic, T>(variant_names[1]);
  register_one<hand_written, T>(variant_names[2]);
}

template <class T>
void count_type(std::int64_t n) {
  count_loop<loop_only, T>(n);
  count_loop<ctgrad_value_and_grad, T>(n);
  count_loop<ctgrad_symbolic, T>(n);
  count_loop<hand_written, T>(n);
}

// print_ratios: each variant against hand_written, by the minimum real time over the repetitions
// (noise from other processes only adds time, so the minimum is the steadiest estimate on a busy
// machine) and by the median CPU time.
void print_ratios(const ratio_reporter& reporter) {
  std::printf("\n| variant | type | min real ns/point | ratio (min real) | ratio (median CPU) |\n"
              "|---|---|---:|---:|---:|\n");
  for (const auto type : type_names) {
    const std::string hand = bench_name("hand_written", type);
    const double hand_real = reporter.min_real(hand);
    const double hand_cpu = reporter.median_cpu(hand);
    for (const auto variant : variant_names) {
      const std::string name = bench_name(variant, type);
      const double real = reporter.min_real(name);
      if (real < 0)
        continue;
      std::printf("| %.*s | %.*s | %.3f | ", static_cast<int>(variant.size()), variant.data(),
                  static_cast<int>(type.size()), type.data(), real);
      if (hand_real > 0)
        std::printf("%.3f | %.3f |\n", real / hand_real, reporter.median_cpu(name) / hand_cpu);
      else
        std::printf("- | - |\n");
    }
  }
}

}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;

  const bool agree = agrees_with_hand_written<ctgrad_value_and_grad, float>()
                     && agrees_with_hand_written<ctgrad_symbolic, float>()
                     && agrees_with_hand_written<ctgrad_value_and_grad, double>()
                     && agrees_with_hand_written<ctgrad_symbolic, double>();
  if (!agree) {
    std::fprintf(stderr, "bench_himmelblau: ctgrad and hand-written results differ\n");
    return 1;
  }

  constexpr std::string_view count_flag = "--ctgrad_count=";
  if (argc == 2 && std::string_view(argv[1]).starts_with(count_flag)) {
    const std::int64_t n = std::atoll(argv[1] + count_flag.size());
    count_type<float>(n);
    count_type<double>(n);
    return 0;
  }

  register_type<float>();
  register_type<double>();
  return run(argc, argv, print_ratios);
}
