// Boost.Math's autodiff, fvar<double, 1> (boost/math/differentiation/autodiff.hpp): forward mode
// with one partial per evaluation, so the gradient takes one evaluation per input, each with that
// input as the variable (make_fvar) and the others as constants.
#include "forward_mode.hpp"

#include <boost/math/differentiation/autodiff.hpp>

#include <cstddef>
#include <vector>

namespace bench::peers {

using fvar = boost::math::differentiation::autodiff_fvar<double, 1>;

// fvar has erf but no log1p: log(1 + x) in softplus.
template <>
struct log1p_of<fvar> {
  static fvar of(const fvar& x) { return log(1.0 + x); }
};

namespace with_boost {

using boost::math::differentiation::make_fvar;

template <kind K, std::size_t N>
struct kernel {
  static constexpr std::size_t inputs = input_count(K, N);
  std::vector<fvar> x = std::vector<fvar>(inputs);

  double operator()(const double* p, double* g) {
    for (std::size_t i = 0; i < inputs; ++i)
      x[i] = fvar(p[i]);
    double value = 0;
    for (std::size_t i = 0; i < inputs; ++i) {
      x[i] = make_fvar<double, 1>(p[i]);
      const fvar f = evaluate<K, N>(x.data());
      g[i] = f.derivative(1);
      value = f.derivative(0);
      x[i] = fvar(p[i]);
    }
    return value;
  }
};

}  // namespace with_boost

void add_boost_autodiff() {
  using namespace with_boost;
  add_forward_mode<kernel>("boost_fvar");
}

}  // namespace bench::peers
