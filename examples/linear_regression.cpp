// Linear regression on data whose size comes at run time: --n N points (default 200),
// x_i = -1 + 2 i/(N-1), y_i = 3 x_i - 2 + 0.1 sin(7 i), fitted as y = a x + b by Adam on full
// batches. x and y are variables of shape<dyn>, bound to std::vectors (read in place). It prints
// the fit beside the least-squares solution; --json prints {"n":..,"a":..,"b":..,"loss":..}.
// json-args: --n 200
// error-args: --n 1
// error-args: --n ten
// json-reference: linear_regression
#include <ctgrad/ctgrad.hpp>

#include "cli.hpp"
#include "json.hpp"

#include <cmath>
#include <cstddef>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace ctgrad;

// [model]
constexpr var<"x", shape<dyn>> x;  // as many points as the data has
constexpr var<"y", shape<dyn>> y;
constexpr var<"a"> a;
constexpr var<"b"> b;
constexpr auto loss = mean(square(a * x + b - y));  // F.mse_loss(a * x + b, y)
// [model]

struct options {
  bool json = false;
  std::size_t n = 200;
  std::size_t steps = 3000;
};

options parse(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      result.json = true;
    } else if (arg == "--n" || arg == "--steps") {
      if (++i == argc)
        throw std::invalid_argument(std::string(arg) + " needs a value");
      (arg == "--n" ? result.n : result.steps) = example::parse_count(arg, argv[i]);
    } else {
      throw std::invalid_argument("unknown argument '" + std::string(arg) + "'");
    }
  }
  if (result.n < 2)
    throw std::invalid_argument("--n needs at least 2 points");
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  try {
    opts = parse(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "linear_regression: " << e.what() << "\n"
              << "usage: linear_regression [--n N] [--steps S] [--json]\n";
    return 2;
  }
  std::vector<double> xs(opts.n);
  std::vector<double> ys(opts.n);
  for (std::size_t i = 0; i < opts.n; ++i) {
    const auto t = static_cast<double>(i);
    xs[i] = -1.0 + 2.0 * t / static_cast<double>(opts.n - 1);
    ys[i] = 3.0 * xs[i] - 2.0 + 0.1 * std::sin(7.0 * t);
  }

  // [fit]
  param<double> pa(0.0);
  param<double> pb(0.0);
  adam optimizer({.lr = 0.05}, pa, pb);
  const auto result = minimize(loss, bind(x = xs, y = ys, a = pa, b = pb), optimizer, opts.steps);
  // [fit]
  const double fitted_loss = loss(x = xs, y = ys, a = pa.value, b = pb.value);

  // The least-squares solution, in closed form, for comparison.
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < opts.n; ++i) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= static_cast<double>(opts.n);
  my /= static_cast<double>(opts.n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < opts.n; ++i) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) * (xs[i] - mx);
  }
  const double a_ls = sxy / sxx;
  const double b_ls = my - a_ls * mx;

  if (opts.json) {
    std::cout << example::object({{"n", example::number(static_cast<double>(opts.n))},
                                  {"a", example::number(pa.value)},
                                  {"b", example::number(pb.value)},
                                  {"loss", example::number(fitted_loss)}})
              << '\n';
    return 0;
  }
  std::cout << "loss = " << loss << ", on " << opts.n << " points\n"
            << "Adam, " << result.steps << " steps: a = " << pa.value << ", b = " << pb.value
            << ", loss = " << fitted_loss << "\n"
            << "least squares:   a = " << a_ls << ", b = " << b_ls << "\n";
}
