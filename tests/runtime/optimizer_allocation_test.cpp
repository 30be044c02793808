#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <new>

// No hidden overhead: the optimizers' steps, and minimize's loop around backward, never allocate.
// This executable replaces the global operator new with one that counts its calls; the loops
// below must not make any. (A file of its own, so the counting new stays out of other tests.)

namespace {

std::size_t allocations = 0;

}  // namespace

void* operator new(std::size_t size) {
  ++allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size))
    return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept {
  std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept {
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

}  // namespace test_optimizer_allocation
