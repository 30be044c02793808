// Ceres' Jet<double, N> (libceres-dev): forward mode, the N partials in a fixed-size vector.
#include "forward_mode.hpp"

#include <ceres/jet.h>

#include <cstddef>

namespace bench::peers {
namespace with_ceres {

struct jet {
  template <std::size_t N>
  using dual = ceres::Jet<double, static_cast<int>(N)>;
  template <std::size_t N>
  static dual<N> variable(double value, std::size_t i) {
    return dual<N>(value, static_cast<int>(i));
  }
  template <class Dual>
  static double value(const Dual& f) {
    return f.a;
  }
  template <class Dual>
  static double partial(const Dual& f, std::size_t i) {
    return f.v[static_cast<Eigen::Index>(i)];
  }
};

}  // namespace with_ceres

void add_ceres_jet() {
  add_forward_mode<vector_mode_of<with_ceres::jet>::kernel>("ceres_jet");
}

}  // namespace bench::peers
