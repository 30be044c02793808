#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <tuple>
#include <vector>

// No hidden overhead: the optimizers' steps, and minimize's loop around backward, never allocate;
// nor does a gradient of large tensors, whose heap blocks the first call leaves in the thread's
// cache, after that first call.
// This executable replaces the global operator new with one that counts its calls; the loops
// below must not make any. (A file of its own, so the counting new stays out of other tests.)

namespace {

std::size_t allocations = 0;

}  // namespace

// Out of line, each of them: inlined, GCC 12 sees a `new` freed by std::free and warns
// (-Wmismatched-new-delete), although these news call std::malloc.
[[gnu::noinline]] void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size))
    return memory;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* memory) noexcept {
  std::free(memory);
}
[[gnu::noinline]] void operator delete(void* memory, std::size_t) noexcept {
  std::free(memory);
}
// The aligned forms, which the heap blocks of large tensors use (tensor/storage.hpp).
[[gnu::noinline]] void* operator new(std::size_t size, std::align_val_t alignment) {
  ++allocations;
  const auto align = static_cast<std::size_t>(alignment);
  if (void* memory = std::aligned_alloc(align, (size + align - 1) / align * align))
    return memory;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* memory, std::align_val_t) noexcept {
  std::free(memory);
}
[[gnu::noinline]] void operator delete(void* memory, std::size_t, std::align_val_t) noexcept {
  std::free(memory);
}

namespace test_optimizer_allocation {

using namespace ctgrad;

constexpr var<"x", shape<1, 10>> x;
constexpr var<"w", shape<2, 10>> w;
constexpr auto loss = mse_loss(ones<1, 2>, sigmoid(matmul(x, w.t())));

BOOST_AUTO_TEST_CASE(counting_new_counts) {
  // The positive twin: the counter sees an allocation that is there. (A direct call of operator
  // new: compilers may leave out the allocation of a new-expression whose memory does not escape.)
  const std::size_t before = allocations;
  void* volatile memory = ::operator new(16);
  ::operator delete(memory);
  BOOST_TEST(allocations == before + 1);
}

BOOST_AUTO_TEST_CASE(steps_do_not_allocate) {
  std::array<float, 10> xs{};
  xs.fill(0.5f);
  param<float, shape<2, 10>> W;
  std::array<float, 2> plain{1.0f, 2.0f};
  adam by_adam({.lr = 1e-2, .weight_decay = 0.1, .amsgrad = true}, W);
  sgd by_sgd({.lr = 1e-3, .momentum = 0.9, .nesterov = true}, plain);

  const std::size_t before = allocations;
  for (int step = 0; step < 1000; ++step) {
    by_adam.zero_grad();
    backward(loss, x = xs, w = W);
    by_adam.step();
    by_sgd.step(std::array{plain[0], plain[1]});
  }
  minimize(loss, bind(x = xs, w = W), by_adam, 1000);
  BOOST_TEST(allocations == before);
  BOOST_TEST(by_adam.steps() == 2000u);
}

// A layer over tensors above 4 KB: every tensor of its tape, its gradient and Adam's state are on
// the heap.
constexpr var<"X", shape<64, 100>> X;
constexpr var<"W", shape<100, 50>> W;
constexpr var<"B", shape<50>> B;
constexpr auto layer_loss = mean(square(tanh(matmul(X, W) + B)));

BOOST_AUTO_TEST_CASE(large_gradients_allocate_only_at_the_first_call) {
  std::vector<double> xs(64 * 100, 0.25);
  param<double, shape<100, 50>> Wp;
  param<double, shape<50>> Bp;
  for (std::size_t i = 0; i < 100 * 50; ++i)
    Wp.value[i] = 0.001 * double(i % 17);
  const auto gradient = value_and_grad(layer_loss, W, B);

  {  // the first call's result is gone too before the loop, so its blocks are cached as well
    const auto first = gradient(X = xs, W = Wp, B = Bp);
    BOOST_TEST(std::isfinite(first.first));
  }
  const std::size_t before = allocations;
  double total = 0;
  for (int call = 0; call < 100; ++call) {
    const auto [value, grads] = gradient(X = xs, W = Wp, B = Bp);
    total += value + std::get<0>(grads)[0];
  }
  BOOST_TEST(allocations == before);
  BOOST_TEST(std::isfinite(total));

  adam opt({.lr = 1e-3}, Wp, Bp);  // its state: one allocation here, none in the loop
  const std::size_t after_construction = allocations;
  for (int step = 0; step < 100; ++step) {
    opt.zero_grad();
    backward(layer_loss, X = xs, W = Wp, B = Bp);
    opt.step();
  }
  BOOST_TEST(allocations == after_construction);
}

BOOST_AUTO_TEST_CASE(dynamic_batches_of_one_size_allocate_only_at_the_first_call) {
  // A dynamic batch (shape<dyn, 100>): each operation makes a tensor of the bound sizes, on the
  // heap; the next call of the same sizes takes the blocks the previous one gave back.
  constexpr var<"X", shape<dyn, 100>> Xd;
  const auto loss = mean(square(tanh(matmul(Xd, W) + B)));
  std::vector<double> xs(37 * 100, 0.25);
  param<double, shape<100, 50>> Wp;
  param<double, shape<50>> Bp;
  const auto gradient = value_and_grad(loss, W, B);
  {
    const auto first = gradient(Xd = xs, W = Wp, B = Bp);
    BOOST_TEST(std::isfinite(first.first));
  }
  const std::size_t before = allocations;
  double total = 0;
  for (int call = 0; call < 100; ++call) {
    const auto [value, grads] = gradient(Xd = xs, W = Wp, B = Bp);
    total += value + std::get<0>(grads)[0];
  }
  BOOST_TEST(allocations == before);
  BOOST_TEST(std::isfinite(total));
}

}  // namespace test_optimizer_allocation
