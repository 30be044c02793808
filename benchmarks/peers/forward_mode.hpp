// The forward-mode peers (Boost's fvar, Eigen's AutoDiffScalar, Ceres' Jet) differentiate the
// formulas of objectives.hpp. Vector mode carries all N partials through every operation, one
// evaluation; Boost's fvar carries one, and takes one evaluation per input. Both cost about N
// evaluations, so the MLP (34186 inputs) and the vectors above forward_mode_limit are skipped.
#pragma once

#include "peers.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace bench::peers {

// vector_mode<Traits, K, N>: the kernel for objective K of size N with the dual number type
// Traits::dual<inputs>, seeded by Traits::variable<inputs>(value, i); Traits::value(f) and
// Traits::partial(f, i) read the result.
template <class Traits, kind K, std::size_t N>
struct vector_mode {
  static constexpr std::size_t inputs = input_count(K, N);
  using dual = typename Traits::template dual<inputs>;
  std::vector<dual> x = std::vector<dual>(inputs);

  double operator()(const double* p, double* g) {
    for (std::size_t i = 0; i < inputs; ++i)
      x[i] = Traits::template variable<inputs>(p[i], i);
    const dual f = evaluate<K, N>(x.data());
    for (std::size_t i = 0; i < inputs; ++i)
      g[i] = Traits::partial(f, i);
    return Traits::value(f);
  }
};

// vector_mode_of<Traits>::kernel<K, N>: vector_mode with these traits, as a template of K and N.
template <class Traits>
struct vector_mode_of {
  template <kind K, std::size_t N>
  struct kernel : vector_mode<Traits, K, N> {};
};

// add_forward_mode<Kernel>(name): Kernel<K, N> for every objective it can take;
// add_forward_mode<Kernel, false>(name) for a number type without erf, which skips the
// activations (gelu).
template <template <kind, std::size_t> class Kernel, bool HasErf = true>
void add_forward_mode(const std::string& name) {
  for_each_objective([&](auto o) {
    constexpr kind k = decltype(o)::k;
    constexpr std::size_t n = decltype(o)::n;
    const objective& ob = decltype(o)::get();
    if constexpr (k == kind::mlp)
      skip(ob.name, name, "forward mode: one sweep per input, 34186 inputs");
    else if constexpr (k == kind::activations && !HasErf)
      skip(ob.name, name, "no erf for this number type (gelu)");
    else if constexpr (n > forward_mode_limit)
      skip(ob.name, name, "forward mode: N sweeps of N elements (N^2), above N = 1024");
    else
      add(ob, name, Kernel<k, n>{});
  });
}

}  // namespace bench::peers
