// The two-layer chain rule of the PyTorch program in docs/getting-started.md, with every
// derivative a compile-time constant.
//   y1 = x*w1 + b1,  y2 = y1*w2 + b2,  dy2/dw1 = dy2/dy1 * dy1/dw1 = 2
// Run with --json for the values under reference.json's key names.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <iostream>
#include <type_traits>

namespace {

using namespace ctgrad;

// [declare]
constexpr var<"x"> x;
constexpr var<"w1"> w1;
constexpr var<"b1"> b1;
constexpr var<"w2"> w2;
constexpr var<"b2"> b2;

constexpr auto layer1 = x * w1 + b1;       // y1
constexpr auto layer2 = layer1 * w2 + b2;  // y2
// [declare]

// [derivatives]
constexpr auto dy2_dy1 = d(layer2, layer1);  // by a subexpression, like autograd.grad(y2, [y1])
constexpr auto dy1_dw1 = d(layer1, w1);
constexpr auto dy2_dw1 = d(layer2, w1);
constexpr auto dy2_dw2 = d(layer2, w2);

// The rules simplify at compile time: the derivatives are small expression types.
static_assert(std::is_same_v<std::remove_const_t<decltype(dy1_dw1)>, var<"x">>);
static_assert(to_static_string(dy2_dw1) == "x*w2");
// prints_as: the same check, whose failure shows the text the expression has
static_assert(prints_as<to_static_string(dy2_dy1), "w2">);
// [derivatives]

// [values]
constexpr auto at = bind(x = 1.0, w1 = 2.0, b1 = 1.0, w2 = 2.0, b2 = 1.0);

static_assert(layer1(at) == 3.0 && layer2(at) == 7.0);
static_assert(dy2_dy1(at) == 2.0);
static_assert(dy1_dw1(at) == 1.0);
static_assert(dy2_dw1(at) == 2.0);
static_assert(dy2_dy1(at) * dy1_dw1(at) == dy2_dw1(at));  // the chain rule
static_assert(dy2_dw2(at) == 3.0);

// All partials in one reverse sweep, also at compile time.
constexpr auto gradient = grad(layer2, layer1, w1, w2)(at);
static_assert(gradient == std::tuple{2.0, 2.0, 3.0});
// [values]

}  // namespace

int main(int argc, char** argv) {
  if (example::wants_json(argc, argv)) {
    using example::number;
    std::cout << example::object(
        {{"chain_rule", example::object({{"x", number(1)},
                                         {"w1", number(2)},
                                         {"b1", number(1)},
                                         {"w2", number(2)},
                                         {"b2", number(1)},
                                         {"y1", number(layer1(at))},
                                         {"y2", number(layer2(at))},
                                         {"dy2_dy1", number(dy2_dy1(at))},
                                         {"dy1_dw1", number(dy1_dw1(at))},
                                         {"dy2_dw1", number(dy2_dw1(at))},
                                         {"dy2_dw2", number(dy2_dw2(at))}})}})
              << '\n';
    return 0;
  }
  std::cout << "y1 = " << layer1 << "\ny2 = " << layer2 << "\n\n"
            << "at x = 1, w1 = 2, b1 = 1, w2 = 2, b2 = 1:\n"
            << "  y1 = " << layer1(at) << ", y2 = " << layer2(at) << "\n"
            << "  dy2/dy1 = " << dy2_dy1 << " = " << dy2_dy1(at) << "\n"
            << "  dy1/dw1 = " << dy1_dw1 << " = " << dy1_dw1(at) << "\n"
            << "  dy2/dw1 = " << dy2_dw1 << " = " << dy2_dw1(at) << "\n"
            << "  dy2/dy1 * dy1/dw1 = " << dy2_dy1(at) * dy1_dw1(at) << "\n"
            << "  dy2/dw2 = " << dy2_dw2 << " = " << dy2_dw2(at) << "\n"
            << "\nin LaTeX: \\frac{\\partial y_2}{\\partial w_1} = " << to_latex(dy2_dw1) << '\n';
}
