// Eigen's AutoDiffScalar<Matrix<double, N, 1>> (libeigen3-dev, unsupported/Eigen/AutoDiff):
// forward mode, the N partials in a fixed-size vector. AutoDiffScalar has no erf, so the
// activations (gelu) are skipped.
#include "forward_mode.hpp"

#include <Eigen/Core>
#include <unsupported/Eigen/AutoDiff>

#include <cstddef>

namespace bench::peers {
namespace with_eigen {

struct eigen_autodiff {
  template <std::size_t N>
  using dual = Eigen::AutoDiffScalar<Eigen::Matrix<double, static_cast<int>(N), 1>>;
  template <std::size_t N>
  static dual<N> variable(double value, std::size_t i) {
    return dual<N>(value, static_cast<int>(N), static_cast<int>(i));
  }
  template <class Dual>
  static double value(const Dual& f) {
    return f.value();
  }
  template <class Dual>
  static double partial(const Dual& f, std::size_t i) {
    return f.derivatives()(static_cast<Eigen::Index>(i));
  }
};

}  // namespace with_eigen

void add_eigen_autodiff() {
  add_forward_mode<vector_mode_of<with_eigen::eigen_autodiff>::kernel, false>("eigen_autodiff");
}

}  // namespace bench::peers
