// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// gradient_call<Self, F>: the call operator that gradient functions share, inlined into the
// caller only when f is small (out_of_line_v).
#pragma once

#include <ctgrad/expression.hpp>

#include <cstddef>

namespace ctgrad::detail {

// computed_v<E>: how many numbers E's forward pass computes: the sizes of the values of its
// operations, leaves not counted.
template <class E>
constexpr std::size_t computed_v = 0;
template <class Op, class... A>
constexpr std::size_t computed_v<node<Op, A...>> = shape_of_t<node<Op, A...>>::size
                                                   + (computed_v<A> + ... + 0);

// out_of_line_v<F>: the call of f's gradient is kept out of line ([[gnu::noinline]]): f computes
// more than 48 numbers. GCC inlines a function called once into its caller whatever its size, and
// a large gradient inlined into the caller's loop spills its values around the loop's (measured in
// bench_peers: the normal log-pdf of 16 elements, 54 numbers, 1.79 times the hand-written code
// inlined, 1.57 not; Rosenbrock over 32 slices, 161, 2.05 and 1.33), where a small one gains from
// it (Himmelblau, 9: 0.98 and 1.22; Rosenbrock-8, 43: 1.31 and 1.42). The call itself costs a few
// nanoseconds, small beside such gradients.
template <class F>
constexpr bool out_of_line_v = computed_v<F> > 48;

// sized_at_run_time_v<E>: E has a value of a dynamic shape (shape<dyn, ...>) somewhere. Its
// gradient is not flattened: each operation on a dynamic shape loops over a tensor it allocates,
// and [[gnu::flatten]] inlined all of those loops, and their error paths, into one function:
// examples/mlp_classifier.cpp took 30 s to compile at -O2 instead of 4.5 s. (Flattened, a
// 784 -> 512 -> 10 MLP step with a dyn batch ran as fast as with a static one; not, 1.10-1.15.)
template <class E>
constexpr bool sized_at_run_time_v = !shape_of_t<E>::is_static;
template <class Op, class... A>
constexpr bool sized_at_run_time_v<node<Op, A...>> =
    !shape_of_t<node<Op, A...>>::is_static || (sized_at_run_time_v<A> || ...);

// gradient_call<Self, F>: the call operator of a gradient function Self of f (gradient_fn,
// gradient_into_fn), which runs Self::call. flatten: the forward pass and the sweep are inlined
// into this one function, whatever their size, so that the compiler keeps the tape's values in
// registers rather than in a struct passed between functions (for 16 Rosenbrock pairs, 58 ns
// instead of 74 with GCC 12 -O3). The function itself is inlined into its caller only when f is
// small (out_of_line_v).
template <class Self, class F>
struct gradient_call {
  template <class... Args>
    requires(!out_of_line_v<F>)
  [[gnu::flatten]] constexpr auto operator()(const Args&... args) const {
    return static_cast<const Self&>(*this).call(args...);
  }
  template <class... Args>
    requires(out_of_line_v<F> && !sized_at_run_time_v<F>)
  [[gnu::flatten, gnu::noinline]] constexpr auto operator()(const Args&... args) const {
    return static_cast<const Self&>(*this).call(args...);
  }
  template <class... Args>
    requires(out_of_line_v<F>&& sized_at_run_time_v<F>)
  [[gnu::noinline]] constexpr auto operator()(const Args&... args) const {
    return static_cast<const Self&>(*this).call(args...);
  }
};

}  // namespace ctgrad::detail
