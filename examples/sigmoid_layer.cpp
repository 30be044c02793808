// The sigmoid layer of the PyTorch program in docs/tensors.md: one sigmoid layer with an MSE
// loss. x is 1x10, w is 2x10, o = sigmoid(x @ w.t()) is 1x2, loss = F.mse_loss(ones(1, 2), o),
// and loss.backward() fills w.grad, 2x10.
// x and w are random by default (std::mt19937 with a fixed seed, normal like torch.randn);
// `--x v1,...,v10` and `--w v1,...,v20` (row-major) set them, and --reference-inputs uses those
// of reference.json: x[i] = 0.1*i - 0.4, w[i][j] = 0.05*(i - j), as float32.
// Run with --json for the values under reference.json's key names.
// json-args: --reference-inputs
// error-args: --w 1,2,3
// error-args: --x 1,2,3,4,5,6,7,8,9,ten
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
#include <type_traits>

namespace {

using namespace ctgrad;

// [layer]
constexpr var<"x", shape<1, 10>> x;
constexpr var<"w", shape<2, 10>> w;

constexpr auto o = sigmoid(matmul(x, w.t()));   // torch.sigmoid(x @ w.t())
constexpr auto loss = mse_loss(ones<1, 2>, o);  // F.mse_loss(torch.ones(1, 2), o)

// Shapes are part of the types: o is 1x2 and the loss a scalar, checked by the compiler.
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(o)>>, shape<1, 2>>);
static_assert(std::is_same_v<shape_of_t<std::remove_const_t<decltype(loss)>>, shape<>>);
// [layer]

using example::number;
using example::parse_values;
using example::text;

// options: what the command line asks for.
struct options {
  bool json = false;
  bool x_given = false;
  bool w_given = false;
  std::array<float, 10> x{};
  std::array<float, 20> w{};
};

options parse(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&](std::size_t count) {
      if (++i == argc)
        throw std::invalid_argument(std::string(arg) + " needs a value: " + std::to_string(count)
                                    + " comma-separated numbers");
      return std::string_view(argv[i]);
    };
    if (arg == "--json") {
      result.json = true;
    } else if (arg == "--x") {
      result.x = parse_values<10>(arg, value(10));
      result.x_given = true;
    } else if (arg == "--w") {
      result.w = parse_values<20>(arg, value(20));
      result.w_given = true;
    } else if (arg == "--reference-inputs") {
      for (std::size_t k = 0; k < 10; ++k)
        result.x[k] = static_cast<float>(0.1 * static_cast<double>(k) - 0.4);
      for (std::size_t r = 0; r < 2; ++r)
        for (std::size_t c = 0; c < 10; ++c)
          result.w[r * 10 + c] =
              static_cast<float>(0.05 * (static_cast<double>(r) - static_cast<double>(c)));
      result.x_given = result.w_given = true;
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
    std::cerr << "sigmoid_layer: " << e.what() << "\n"
              << "usage: sigmoid_layer [--x v1,...,v10] [--w v1,...,v20 (row-major)] "
                 "[--reference-inputs] [--json]\n";
    return 2;
  }
  // torch.randn: normal with mean 0 and deviation 1, from a fixed seed, so every run prints the
  // same numbers (with one standard library: the distributions' algorithms are its own). x is
  // drawn first, then w, as in the PyTorch program.
  constexpr unsigned seed = 2024;
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  if (!opts.x_given)
    std::generate(opts.x.begin(), opts.x.end(), [&] { return normal(generator); });
  if (!opts.w_given)
    std::generate(opts.w.begin(), opts.w.end(), [&] { return normal(generator); });

  // [backward]
  const std::array<float, 10>& xs = opts.x;  // plain data: no gradient
  param<float, shape<2, 10>> W(opts.w);      // torch.randn(2, 10, requires_grad=True)

  const float loss_value = backward(loss, x = xs, w = W);  // loss.backward()
  const tensor<float, shape<1, 2>> o_value = o(x = xs, w = W);
  const tensor<float, shape<2, 10>>& w_grad = W.grad;  // d loss / d w, 2x10
  // [backward]

  // [into]
  // The same gradient written where you keep it, with no param: one place per variable.
  std::array<float, 20> w_grad_here;
  const float loss_here = value_and_grad(loss, w).into(w_grad_here)(x = xs, w = opts.w);
  // [into]
  if (loss_here != loss_value
      || !std::equal(w_grad_here.begin(), w_grad_here.end(), w_grad.begin())) {
    std::cerr << "sigmoid_layer: into() wrote another gradient than backward()\n";
    return 1;
  }

  const tensor<float, shape<1, 10>> x_value{opts.x};
  if (opts.json) {
    std::cout << example::object({{"sigmoid_layer", example::object({
                                                        {"x", text(x_value)},
                                                        {"w", text(W.value)},
                                                        {"o", text(o_value)},
                                                        {"loss", number(loss_value)},
                                                        {"w_grad", text(w_grad)},
                                                    })}})
              << '\n';
    return 0;
  }
  const bool random = !opts.x_given || !opts.w_given;
  std::cout << "o    = " << o << "\nloss = " << loss << "\n\n"
            << (random ? "random inputs (std::mt19937 seed " + std::to_string(seed)
                             + ", normal; set them with --x, --w or --reference-inputs):\n"
                       : "")
            << "x      = " << text(x_value) << "\n"
            << "w      = " << text(W.value, ",\n          ") << "\n"
            << "o      = " << text(o_value) << "\n"
            << "loss   = " << number(loss_value) << "\n"
            << "w.grad = " << text(w_grad, ",\n          ") << '\n';
}
