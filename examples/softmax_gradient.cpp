// The softmax gradient of the PyTorch program in docs/tensors.md: p = softmax(a) for a vector a
// of 3 numbers, the gradient of one component p[2] by the whole vector a (by grad, and
// symbolically by d), and the full 3x3 Jacobian dp/da.
// a is random by default (std::mt19937 with a fixed seed, uniform in [0, 1) like torch.rand(3));
// `--a 0.3,0.7,0.1` sets it. Run with --json for the values under reference.json's key names.
// json-args: --a 0.3,0.7,0.1
// error-args: --a 0.3,0.7
// error-args: --a 0.3,x,0.1
#include <ctgrad/ctgrad.hpp>

#include "cli.hpp"
#include "json.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace {

using namespace ctgrad;

// [softmax]
constexpr var<"a", shape<3>> a;
constexpr auto p = softmax<0>(a);  // F.softmax(a, dim=0)

// torch.autograd.grad(p[2], [a]): the gradient of one component by the whole vector, here as an
// expression of a's shape. scatter(1) is the one-hot vector [0, 0, 1], the adjoint of p[2].
constexpr auto dp2_da = d(p[2_c], a);
static_assert(to_static_string(dp2_da) == "softmax(a)*(scatter(1) - sum(scatter(1)*softmax(a)))");
// [softmax]

// [closed-form]
// At a compile-time point, grad (the reverse sweep), d (the symbolic derivative) and row 2 of
// the Jacobian all equal the closed form dp2/da_j = p2*(delta_2j - p_j), exactly: PyTorch's rule
// p_j*(delta_2j - p2) multiplies the same numbers.
constexpr std::array a0{0.3, 0.7, 0.1};
constexpr auto p0 = p(a = a0);
constexpr auto by_grad = grad(p[2_c], a)(a = a0);
constexpr auto by_d = dp2_da(a = a0);
constexpr auto jacobian0 = jacobian(p, a)(a = a0);

constexpr bool matches_closed_form() {
  for (std::size_t j = 0; j < 3; ++j) {
    const double closed_form = p0[2] * ((j == 2 ? 1.0 : 0.0) - p0[j]);
    if (by_grad[j] != closed_form || by_d[j] != closed_form || jacobian0(2, j) != closed_form)
      return false;
  }
  return true;
}
static_assert(matches_closed_form());
// [closed-form]

// [stable]
// Softmax subtracts the maximum before exp, so large inputs do not overflow: softmax is
// invariant under a shift, and the shifted inputs agree exactly.
static_assert(p(a = std::array{1000.0, 1001.0, 999.0}) == p(a = std::array{1.0, 2.0, 0.0}));
// [stable]

using example::number;
using example::parse_values;
using example::text;

// options: what the command line asks for.
struct options {
  bool json = false;
  bool a_given = false;
  std::array<float, 3> a{};
};

options parse(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      result.json = true;
    } else if (arg == "--a") {
      if (++i == argc)
        throw std::invalid_argument("--a needs a value: 3 comma-separated numbers");
      result.a = parse_values<3>(arg, argv[i]);
      result.a_given = true;
    } else {
      throw std::invalid_argument("unknown argument '" + std::string(arg) + "'");
    }
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  try {
    opts = parse(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "softmax_gradient: " << e.what() << "\n"
              << "usage: softmax_gradient [--a v1,v2,v3] [--json]\n";
    return 2;
  }
  constexpr unsigned seed = 2024;
  if (!opts.a_given) {
    // torch.rand(3): uniform in [0, 1), from a fixed seed, so every run prints the same numbers
    // (with one standard library: the distributions' algorithms are its own).
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (float& v : opts.a)
      v = uniform(generator);
  }

  // [runtime]
  // Float bindings compute in float, as float32 tensors do in PyTorch.
  const auto at = bind(a = opts.a);
  const tensor<float, shape<3>> probabilities = p(at);
  const tensor<float, shape<3>> dp2_by_grad = grad(p[2_c], a)(at);
  const tensor<float, shape<3>> dp2_by_d = dp2_da(at);
  const tensor<float, shape<3, 3>> dp_da = jacobian(p, a)(at);  // row i: the gradient of p[i]
  // [runtime]

  if (opts.json) {
    const auto row = example::object({{"a", text(tensor<float, shape<3>>{opts.a})},
                                      {"p", text(probabilities)},
                                      {"dp_da", text(dp_da)}});
    std::cout << example::object({{"softmax", "[" + row + "]"}}) << '\n';
    return 0;
  }
  tensor<float, shape<3>> closed_form{};
  for (std::size_t j = 0; j < 3; ++j)
    closed_form[j] = probabilities[2] * ((j == 2 ? 1.0f : 0.0f) - probabilities[j]);

  std::cout << "a = " << text(tensor<float, shape<3>>{opts.a})
            << (opts.a_given ? "\n"
                             : "  (std::mt19937 seed " + std::to_string(seed)
                                   + ", uniform in [0, 1); set it with --a v1,v2,v3)\n")
            << "p = " << p << " = " << text(probabilities) << "\n\n"
            << "gradient of p[2] by a:\n"
            << "  d(p[2], a)              = " << dp2_da << "\n"
            << "                          = " << text(dp2_by_d) << "\n"
            << "  grad(p[2], a)           = " << text(dp2_by_grad) << "\n"
            << "  p2*(delta_2j - p_j)     = " << text(closed_form) << "\n\n"
            << "jacobian(p, a), row i the gradient of p[i]:\n"
            << "  " << text(dp_da, ",\n   ") << '\n';
}
