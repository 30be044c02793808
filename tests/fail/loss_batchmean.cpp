// Compile-fail test: reduction::batchmean is kl_div's only, as in PyTorch (whose other losses
// refuse 'batchmean'): mse_loss<reduction::batchmean> is an error that says so. The positive twin
// takes kl_div<reduction::batchmean>, the sum divided by the batch.
// expect-error: reduction::batchmean is for kl_div only
#include <ctgrad/ctgrad.hpp>

#include <array>

namespace ctgrad_fail_loss_batchmean {

using namespace ctgrad;

constexpr var<"input", shape<2, 2>> input;
constexpr var<"target", shape<2, 2>> target;

#ifdef CTGRAD_NEGATIVE
constexpr auto f = mse_loss<reduction::batchmean>(input, target);
#else
constexpr auto f = kl_div<reduction::batchmean>(input, target);
// The target 0 and 1 contribute 0 - 1 * input: -(-1 + -3) / 2.
static_assert(f(input = std::array{-1.0, -2.0, -3.0, -4.0}, target = std::array{1.0, 0.0, 1.0, 0.0})
              == 2.0);
#endif

}  // namespace ctgrad_fail_loss_batchmean
