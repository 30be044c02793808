// ctgrad's variant of the MLP (objectives.hpp), in a translation unit of its own: it takes the
// longest to compile (GCC spends its time optimising the stores into the large tensors).
#include "ctgrad_view.hpp"
#include "peers.hpp"

#include <ctgrad/ctgrad.hpp>

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
  return loss_and_grads.into(
      out<in * hidden>(gradient + mlp_size::w1), out<hidden>(gradient + mlp_size::b1),
      out<hidden * classes>(gradient + mlp_size::w2), out<classes>(gradient + mlp_size::b2))(
      x = view<batch * in>(d.x.data()), w1 = view<in * hidden>(p + mlp_size::w1),
      b1 = view<hidden>(p + mlp_size::b1), w2 = view<hidden * classes>(p + mlp_size::w2),
      b2 = view<classes>(p + mlp_size::b2), y = std::span<const int, batch>(d.y.data(), batch));
}

}  // namespace with_ctgrad_mlp

void add_ctgrad_mlp() {
  using namespace with_ctgrad_mlp;
  add(tag<kind::mlp>::get(), "ctgrad", function<mlp>{});
}

}  // namespace bench::peers
