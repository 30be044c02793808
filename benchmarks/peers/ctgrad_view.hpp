// view<N>(p): N values at p as a fixed-size span, the way ctgrad's variants bind the inputs
// (the binding refers to them: a tensor_view); out<N>(g): N places at g, where they have the
// gradient written (`.into(out<N>(g))`). A header of its own: peers.hpp is C++17.
#pragma once

#include <cstddef>
#include <span>

namespace bench::peers {

template <std::size_t N>
std::span<const double, N> view(const double* p) {
  return std::span<const double, N>(p, N);
}

template <std::size_t N>
std::span<double, N> out(double* g) {
  return std::span<double, N>(g, N);
}

}  // namespace bench::peers
