// The objectives of the peer benchmarks: their sizes, their sample points, the formulas written
// once for numbers and for the operator-overloading AD types (Boost's fvar, Eigen's
// AutoDiffScalar, Ceres' Jet, ADOL-C's adouble), and the hand-written gradients, the denominator
// of every ratio. ctgrad's expressions are in ctgrad_objectives.cpp and ctgrad_mlp.cpp, libtorch's
// in libtorch.cpp. C++17, without ctgrad, so that the libtorch variant can include it.
//
//   himmelblau        (x^2 + y - 11)^2 + (x + y^2 - 7)^2, 2 inputs
//   rosenbrock/N      the extended Rosenbrock function of More, Garbow and Hillstrom (1981):
//                     sum over i < N/2 of 100 (x[2i]^2 - x[2i+1])^2 + (1 - x[2i])^2
//   log_sum_exp/N     log(sum(exp(x))), written plainly (no shift by the maximum), N inputs
//   normal_log_pdf/N  sum_i -((x_i - mu)/sigma)^2/2 - N log(sigma) - N log(2 pi)/2; the gradient
//                     by x, mu and sigma: N + 2 inputs
//   sigmoid_layer     the seed's layer in double: x 1x10 (data), w 2x10 (20 inputs),
//                     loss = mean((1 - sigmoid(x @ w.t()))^2)
//   mlp               a 2-layer MLP: x 64x256 and the class labels y (data), h = tanh(x @ w1 + b1)
//                     with w1 256x128, logits = h @ w2 + b2 with w2 128x10, the loss
//                     cross_entropy(logits, y) (mean); the gradient by w1, b1, w2, b2
//   black_scholes     a European call's price C(S, K, t, r, sigma) and its five first-order
//                     sensitivities dC/dS (delta), dC/dK, dC/dt (minus theta), dC/dr (rho) and
//                     dC/dsigma (vega); the normal CDF by Abramowitz and Stegun 26.2.17 (error
//                     below 7.5e-8), since ctgrad has no erf
//   activations/N     sum_i softplus(x_i) + gelu(x_i): F.softplus (beta 1, threshold 20: x_i
//                     above 20 gives x_i) and the exact F.gelu, x_i Phi(x_i) =
//                     x_i (1 + erf(x_i / sqrt 2)) / 2; N inputs
#pragma once

#include <cmath>
#include <cstddef>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace bench::peers {

enum class kind {
  himmelblau,
  rosenbrock,
  log_sum_exp,
  normal_log_pdf,
  sigmoid_layer,
  mlp,
  black_scholes,
  activations
};

// Forward mode costs one sweep per input (or carries a vector of N partials through each
// operation): N^2 work, and N^2 memory for the seeded inputs in vector mode. The forward-mode
// peers are run up to this size and skipped above it.
inline constexpr std::size_t forward_mode_limit = 1024;

// The MLP's dimensions.
namespace mlp_size {
inline constexpr std::size_t batch = 64;
inline constexpr std::size_t in = 256;
inline constexpr std::size_t hidden = 128;
inline constexpr std::size_t classes = 10;
// The inputs, one array: w1 (in x hidden), b1, w2 (hidden x classes), b2.
inline constexpr std::size_t w1 = 0;
inline constexpr std::size_t b1 = w1 + in * hidden;
inline constexpr std::size_t w2 = b1 + hidden;
inline constexpr std::size_t b2 = w2 + hidden * classes;
inline constexpr std::size_t inputs = b2 + classes;
}  // namespace mlp_size

// input_count(k, n): the number of inputs the gradient is taken by.
constexpr std::size_t input_count(kind k, std::size_t n) {
  switch (k) {
  case kind::himmelblau:
    return 2;
  case kind::rosenbrock:
  case kind::log_sum_exp:
  case kind::activations:
    return n;
  case kind::normal_log_pdf:
    return n + 2;
  case kind::sigmoid_layer:
    return 20;
  case kind::mlp:
    return mlp_size::inputs;
  case kind::black_scholes:
    return 5;
  }
  return 0;
}

// objective: one benchmark problem; n is its size (N), or 0.
struct objective {
  kind k;
  std::size_t n;
  std::string name;
  std::size_t inputs;   // the number of inputs the gradient is taken by
  std::size_t samples;  // how many sample points the benchmark loop cycles through
  double tolerance;     // the agreement required with hand_written, relative to the largest
};

inline objective make_objective(kind k, std::size_t n = 0) {
  const auto sized = [n](const char* base) { return std::string(base) + "/" + std::to_string(n); };
  const std::size_t inputs = input_count(k, n);
  switch (k) {
  case kind::himmelblau:
    return {k, n, "himmelblau", inputs, 1024, 1e-12};
  case kind::rosenbrock:
    return {k, n, sized("rosenbrock"), inputs, 256, 1e-12};
  case kind::log_sum_exp:
    return {k, n, sized("log_sum_exp"), inputs, 16, 1e-12};
  case kind::normal_log_pdf:
    return {k, n, sized("normal_log_pdf"), inputs, 16, 1e-12};
  case kind::sigmoid_layer:
    return {k, n, "sigmoid_layer", inputs, 256, 1e-12};
  case kind::mlp:
    return {k, n, "mlp", inputs, 1, 1e-9};
  case kind::black_scholes:
    // The hand-written sensitivities are the closed forms with the exact normal density; the
    // others differentiate the approximated CDF, whose derivative differs by about 1e-6.
    return {k, n, "black_scholes", inputs, 1024, 1e-5};
  case kind::activations:
    return {k, n, sized("activations"), inputs, 16, 1e-12};
  }
  return {};
}

// uniform(rng, low, high): one pseudo-random number.
inline double uniform(std::mt19937& rng, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(rng);
}

// points(o): o.samples fixed pseudo-random points of o.inputs values each, one after the other.
inline const std::vector<double>& points(const objective& o) {
  static std::map<std::string, std::vector<double>> cache;
  auto found = cache.find(o.name);
  if (found != cache.end())
    return found->second;
  std::mt19937 rng(12345);
  std::vector<double> v(o.samples * o.inputs);
  for (std::size_t s = 0; s < o.samples; ++s) {
    double* p = v.data() + s * o.inputs;
    for (std::size_t i = 0; i < o.inputs; ++i) {
      switch (o.k) {
      case kind::himmelblau:
      case kind::log_sum_exp:
      case kind::activations:
        p[i] = uniform(rng, -5, 5);
        break;
      case kind::rosenbrock:
        p[i] = uniform(rng, -2, 2);
        break;
      case kind::normal_log_pdf:  // x, then mu and sigma
        p[i] = i < o.n    ? uniform(rng, -3, 3)
               : i == o.n ? uniform(rng, -1, 1)
                          : uniform(rng, 0.5, 2);
        break;
      case kind::sigmoid_layer:
        p[i] = uniform(rng, -0.5, 0.5);
        break;
      case kind::mlp:  // PyTorch's default initialisation bound, 1/sqrt(fan in)
        p[i] = i < mlp_size::w2 ? uniform(rng, -0.0625, 0.0625) : uniform(rng, -0.088, 0.088);
        break;
      case kind::black_scholes: {  // S, K, t, r, sigma
        const double low[] = {50, 50, 0.1, 0.0, 0.1};
        const double high[] = {150, 150, 2.0, 0.1, 0.5};
        p[i] = uniform(rng, low[i], high[i]);
        break;
      }
      }
    }
  }
  return cache.emplace(o.name, std::move(v)).first->second;
}

// The fixed data: the sigmoid layer's x (1x10); the MLP's x (64x256, row-major) and labels.
inline const std::vector<double>& sigmoid_layer_x() {
  static const std::vector<double> x = [] {
    std::mt19937 rng(7);
    std::vector<double> v(10);
    for (auto& e : v)
      e = uniform(rng, -1, 1);
    return v;
  }();
  return x;
}

struct mlp_data {
  std::vector<double> x;
  std::vector<int> y;
};

inline const mlp_data& the_mlp_data() {
  static const mlp_data d = [] {
    std::mt19937 rng(2024);
    mlp_data m{std::vector<double>(mlp_size::batch * mlp_size::in),
               std::vector<int>(mlp_size::batch)};
    for (auto& e : m.x)
      e = uniform(rng, -1, 1);
    for (auto& e : m.y)
      e = static_cast<int>(rng() % mlp_size::classes);
    return m;
  }();
  return d;
}

// ---- The formulas, written once for numbers and the AD number types ----------------------------
// The AD types find exp, log, sqrt and abs by argument-dependent lookup; numbers find std's.

template <class T>
T himmelblau(const T& x, const T& y) {
  const T a = x * x + y - 11.0;
  const T b = x + y * y - 7.0;
  return a * a + b * b;
}

template <class T>
T rosenbrock_pair(const T& a, const T& b) {
  const T u = a * a - b;
  const T v = 1.0 - a;
  return 100.0 * (u * u) + v * v;
}

template <class T>
T rosenbrock(const T* x, std::size_t n) {
  T f = rosenbrock_pair(x[0], x[1]);
  for (std::size_t i = 2; i < n; i += 2)
    f += rosenbrock_pair(x[i], x[i + 1]);
  return f;
}

template <class T>
T log_sum_exp(const T* x, std::size_t n) {
  using std::exp;
  using std::log;
  T s = exp(x[0]);
  for (std::size_t i = 1; i < n; ++i)
    s += exp(x[i]);
  return log(s);
}

// normal_log_pdf(x, n): x[0..n) the sample, x[n] the mean and x[n + 1] the standard deviation.
template <class T>
T normal_log_pdf(const T* x, std::size_t n) {
  using std::log;
  const T& mu = x[n];
  const T& sigma = x[n + 1];
  T z = (x[0] - mu) / sigma;
  T s = z * z;
  for (std::size_t i = 1; i < n; ++i) {
    z = (x[i] - mu) / sigma;
    s += z * z;
  }
  const double count = static_cast<double>(n);
  return -0.5 * s - count * log(sigma) - count * 0.9189385332046728;  // log(2 pi) / 2
}

// sigmoid_layer(w, x): the seed's layer, w 2x10 row-major, x 1x10 data.
template <class T>
T sigmoid_layer_error(const T* w, const double* x) {
  using std::exp;
  T z = w[0] * x[0];
  for (std::size_t k = 1; k < 10; ++k)
    z += w[k] * x[k];
  const T o = 1.0 / (1.0 + exp(-z));
  const T e = 1.0 - o;
  return e * e;
}

template <class T>
T sigmoid_layer(const T* w, const double* x) {
  return (sigmoid_layer_error(w, x) + sigmoid_layer_error(w + 10, x)) * 0.5;
}

// branch<T>::select_positive(x, a, b): x > 0 ? a : b. A variant may specialize it for its type
// (ADOL-C with condassign, so that one tape serves both branches; libtorch with where).
template <class T>
struct branch {
  static T select_positive(const T& x, const T& a, const T& b) { return x > 0.0 ? a : b; }
};

// normal_cdf(x): Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8.
template <class T>
T normal_cdf(const T& x) {
  using std::abs;
  using std::exp;
  const T t = 1.0 / (1.0 + 0.2316419 * abs(x));
  const T poly =
      t
      * (0.319381530
         + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const T q = 0.3989422804014327 * exp(-0.5 * (x * x)) * poly;  // the upper tail at |x|
  return branch<T>::select_positive(x, T(1.0 - q), q);
}

// black_scholes(S, K, t, r, sigma): a European call's price.
template <class T>
T black_scholes(const T& S, const T& K, const T& t, const T& r, const T& sigma) {
  using std::exp;
  using std::log;
  using std::sqrt;
  const T vol = sigma * sqrt(t);
  const T d1 = (log(S / K) + (r + 0.5 * (sigma * sigma)) * t) / vol;
  const T d2 = d1 - vol;
  return S * normal_cdf(d1) - K * exp(-r * t) * normal_cdf(d2);
}

// log1p_of<T>::of(x): log(1 + x). A variant may specialize it for a type without log1p (Boost's
// fvar, ADOL-C's adouble) as log(1 + x), which differs by rounding only at the objective's points
// (where x = e^(x_i) >= e^-5).
template <class T>
struct log1p_of {
  static T of(const T& x) {
    using std::log1p;
    return log1p(x);
  }
};

// softplus_formula(x): F.softplus with beta 1 and threshold 20, x above 20 and log(1 + e^x) below.
template <class T>
T softplus_formula(const T& x) {
  using std::exp;
  return branch<T>::select_positive(T(x - 20.0), x, log1p_of<T>::of(exp(x)));
}

// gelu_formula(x): the exact F.gelu, x Phi(x) = x (1 + erf(x / sqrt 2)) / 2.
template <class T>
T gelu_formula(const T& x) {
  using std::erf;
  return 0.5 * x * (1.0 + erf(x * 0.7071067811865476));  // 1 / sqrt 2
}

template <class T>
T activations(const T* x, std::size_t n) {
  T f = softplus_formula(x[0]) + gelu_formula(x[0]);
  for (std::size_t i = 1; i < n; ++i)
    f += softplus_formula(x[i]) + gelu_formula(x[i]);
  return f;
}

// evaluate<K, N>(p): the formula of objective K of size N on the inputs p (any number or AD
// type); not the MLP.
template <kind K, std::size_t N, class T>
T evaluate(const T* p) {
  if constexpr (K == kind::himmelblau)
    return himmelblau(p[0], p[1]);
  else if constexpr (K == kind::rosenbrock)
    return rosenbrock(p, N);
  else if constexpr (K == kind::log_sum_exp)
    return log_sum_exp(p, N);
  else if constexpr (K == kind::normal_log_pdf)
    return normal_log_pdf(p, N);
  else if constexpr (K == kind::sigmoid_layer)
    return sigmoid_layer(p, sigmoid_layer_x().data());
  else if constexpr (K == kind::black_scholes)
    return black_scholes(p[0], p[1], p[2], p[3], p[4]);
  else if constexpr (K == kind::activations)
    return activations(p, N);
  else
    static_assert(K != kind::mlp, "the MLP has no formula for the AD number types");
}

// tag<K, N>: an objective known at compile time, for the variants that need N in a type.
template <kind K, std::size_t N = 0>
struct tag {
  static constexpr kind k = K;
  static constexpr std::size_t n = N;
  static constexpr std::size_t inputs = input_count(K, N);
  static const objective& get() {
    static const objective o = make_objective(K, N);
    return o;
  }
};

// for_each_objective(f): f(tag<K, N>{}) for every objective, in the order of the tables.
template <kind K, std::size_t... N, class F>
void for_each_size(F& f) {
  (f(tag<K, N>{}), ...);
}

template <class F>
void for_each_objective(F f) {
  f(tag<kind::himmelblau>{});
  for_each_size<kind::rosenbrock, 2, 8, 32, 128>(f);
  for_each_size<kind::log_sum_exp, 16, 64, 256, 1024, 4096>(f);
  for_each_size<kind::normal_log_pdf, 16, 64, 256, 1024, 4096>(f);
  f(tag<kind::sigmoid_layer>{});
  f(tag<kind::mlp>{});
  f(tag<kind::black_scholes>{});
  for_each_size<kind::activations, 16, 256, 4096>(f);
}

}  // namespace bench::peers
