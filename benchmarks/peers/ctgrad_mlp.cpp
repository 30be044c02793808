// ctgrad's variant of the MLP (objectives.hpp), in a translation unit of its own: it takes the
// longest to compile (GCC spends its time optimising the stores into the large tensors).
#include "ctgrad_view.hpp"
#include "peers.hpp"

#include <ctgrad/ctgrad.hpp>

#include <algorithm>
#include <span>

namespace bench::peers {
namespace with_ctgrad_mlp {

using namespace mlp_size;

namespace expr {
using namespace ctgrad;
constexpr var<"x", shape<batch, in>> x;
constexpr var<"w1", shape<in, hidden>> w1;
constexpr var<"b1", shape<hidden>> b1;
constexpr var<"w2", shape<hidden, classes>> w2;
constexpr var<"b2", shape<classes>> b2;
constexpr var<"y", shape<batch>> y;
constexpr auto h = tanh(matmul(x, w1) + b1);
constexpr auto logits = matmul(h, w2) + b2;
constexpr auto loss = cross_entropy(logits, y);
constexpr auto loss_and_grads = value_and_grad(loss, w1, b1, w2, b2);
}  // namespace expr

double mlp(const double* p, double* gradient) {
  using namespace expr;
  const mlp_data& d = the_mlp_data();
  const auto [value, gradients] = loss_and_grads(
      x = view<batch * in>(d.x.data()), w1 = view<in * hidden>(p + mlp_size::w1),
      b1 = view<hidden>(p + mlp_size::b1), w2 = view<hidden * classes>(p + mlp_size::w2),
      b2 = view<classes>(p + mlp_size::b2), y = std::span<const int, batch>(d.y.data(), batch));
  const auto& [g_w1, g_b1, g_w2, g_b2] = gradients;
  std::copy(g_w1.begin(), g_w1.end(), gradient + mlp_size::w1);
  std::copy(g_b1.begin(), g_b1.end(), gradient + mlp_size::b1);
  std::copy(g_w2.begin(), g_w2.end(), gradient + mlp_size::w2);
  std::copy(g_b2.begin(), g_b2.end(), gradient + mlp_size::b2);
  return value;
}

}  // namespace with_ctgrad_mlp

void add_ctgrad_mlp() {
  using namespace with_ctgrad_mlp;
  add(tag<kind::mlp>::get(), "ctgrad", function<mlp>{});
}

}  // namespace bench::peers
