// ADOL-C (libadolc-dev): reverse mode on a tape. The formulas of objectives.hpp are traced once
// per objective (trace_on ... trace_off); each evaluation is then a zero-order forward sweep of
// the tape at the new point (zos_forward, keeping the values) and a first-order reverse sweep
// (fos_reverse): the value and the gradient. The variant adolc_retape traces the function anew at
// every point, as code must when its control flow depends on the point.
#include <adolc/adolc.h>

#include "peers.hpp"

#include <cstddef>
#include <vector>

// abs(x) for adouble, found by argument-dependent lookup from the formulas (ADOL-C calls it fabs).
inline adouble abs(const badouble& x) {
  return fabs(x);
}

namespace bench::peers {

// One tape serves both branches of the normal CDF and of softplus's threshold: condassign
// records the selection.
template <>
struct branch<adouble> {
  static adouble select_positive(const adouble& x, const adouble& a, const adouble& b) {
    adouble result;
    condassign(result, x, a, b);
    return result;
  }
};

// adouble has erf but no log1p: log(1 + x) in softplus.
template <>
struct log1p_of<adouble> {
  static adouble of(const adouble& x) { return log(1.0 + x); }
};

namespace with_adolc {

// tape_of<K, N>(): the objective's tape number. adolc and adolc_retape share it: ADOL-C keeps at
// most 32 tapes' values (TBUFNUM), fewer than two per objective.
short next_tape() {
  static short tape = 0;
  return ++tape;
}

template <kind K, std::size_t N>
short tape_of() {
  static const short tape = next_tape();
  return tape;
}

// trace<K, N>(tape, p, keep): records the objective's tape at p; returns the value. With keep, the
// values stay for an immediate reverse sweep.
template <kind K, std::size_t N>
double trace(short tape, const double* p, int keep) {
  constexpr std::size_t inputs = input_count(K, N);
  trace_on(tape, keep);
  std::vector<adouble> x(inputs);
  for (std::size_t i = 0; i < inputs; ++i)
    x[i] <<= p[i];
  adouble f = evaluate<K, N>(x.data());
  double value = 0;
  f >>= value;
  trace_off();
  return value;
}

// taped<K, N>: traced once (at the first sample point), then at each point a forward sweep that
// keeps the values and a reverse sweep.
template <kind K, std::size_t N>
struct taped {
  static constexpr int inputs = static_cast<int>(input_count(K, N));
  short tape = tape_of<K, N>();
  taped() { trace<K, N>(tape, points(tag<K, N>::get()).data(), 0); }
  double operator()(const double* p, double* g) const {
    double value = 0;
    double weight = 1;
    zos_forward(tape, 1, inputs, 1, p, &value);
    fos_reverse(tape, 1, inputs, &weight, g);
    return value;
  }
};

// retaped<K, N>: traced at each point (keeping the values), then a reverse sweep.
template <kind K, std::size_t N>
struct retaped {
  static constexpr int inputs = static_cast<int>(input_count(K, N));
  short tape = tape_of<K, N>();
  double operator()(const double* p, double* g) const {
    const double value = trace<K, N>(tape, p, 1);
    double weight = 1;
    fos_reverse(tape, 1, inputs, &weight, g);
    return value;
  }
};

}  // namespace with_adolc

void add_adolc() {
  using namespace with_adolc;
  for_each_objective([](auto o) {
    constexpr kind k = decltype(o)::k;
    constexpr std::size_t n = decltype(o)::n;
    const objective& ob = decltype(o)::get();
    if constexpr (k == kind::mlp) {
      skip(ob.name, "adolc", "a tape of about 4 million operations (the two matrix products)");
    } else {
      add(ob, "adolc", taped<k, n>{});
      add(ob, "adolc_retape", retaped<k, n>{});
    }
  });
}

}  // namespace bench::peers
