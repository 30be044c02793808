// hand_written: each objective's gradient derived by hand and written as a C++ programmer would,
// sharing every subexpression between the value and the gradient. The denominator of the ratios.
#include "peers.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace bench::peers {
namespace hand {

double himmelblau_grad(const double* p, double* g) {
  const double x = p[0];
  const double y = p[1];
  const double a = x * x + y - 11;
  const double b = x + y * y - 7;
  g[0] = 4 * x * a + 2 * b;
  g[1] = 2 * a + 4 * y * b;
  return a * a + b * b;
}

template <std::size_t N>
double rosenbrock_grad(const double* x, double* g) {
  double f = 0;
  for (std::size_t i = 0; i < N; i += 2) {
    const double u = x[i] * x[i] - x[i + 1];
    const double v = 1 - x[i];
    f += 100 * (u * u) + v * v;
    g[i] = 400 * u * x[i] - 2 * v;
    g[i + 1] = -200 * u;
  }
  return f;
}

template <std::size_t N>
double log_sum_exp_grad(const double* x, double* g) {
  double s = 0;
  for (std::size_t i = 0; i < N; ++i) {
    g[i] = std::exp(x[i]);
    s += g[i];
  }
  const double inverse = 1 / s;
  for (std::size_t i = 0; i < N; ++i)
    g[i] *= inverse;
  return std::log(s);
}

template <std::size_t N>
double normal_log_pdf_grad(const double* x, double* g) {
  const double mu = x[N];
  const double inverse = 1 / x[N + 1];
  double sum_z = 0;
  double sum_z2 = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const double z = (x[i] - mu) * inverse;
    sum_z += z;
    sum_z2 += z * z;
    g[i] = -z * inverse;
  }
  constexpr double n = static_cast<double>(N);
  g[N] = sum_z * inverse;
  g[N + 1] = (sum_z2 - n) * inverse;
  return -0.5 * sum_z2 + n * (std::log(inverse) - 0.9189385332046728);
}

double sigmoid_layer_grad(const double* w, double* g) {
  const double* x = sigmoid_layer_x().data();
  double loss = 0;
  for (std::size_t j = 0; j < 2; ++j) {
    double z = 0;
    for (std::size_t k = 0; k < 10; ++k)
      z += w[j * 10 + k] * x[k];
    const double o = 1 / (1 + std::exp(-z));
    const double e = 1 - o;
    loss += e * e;
    const double dz = -e * (1 - o) * o;  // d/dz of e^2 / 2
    for (std::size_t k = 0; k < 10; ++k)
      g[j * 10 + k] = dz * x[k];
  }
  return loss / 2;
}

// mlp: loops whose inner index runs along contiguous memory, so that GCC vectorizes them; the
// buffers are reused from call to call.
struct mlp_grad {
  std::vector<double> h = std::vector<double>(mlp_size::batch * mlp_size::hidden);
  std::vector<double> dlogits = std::vector<double>(mlp_size::batch * mlp_size::classes);
  std::vector<double> dz = std::vector<double>(mlp_size::batch * mlp_size::hidden);

  double operator()(const double* p, double* g) {
    using namespace mlp_size;
    const mlp_data& d = the_mlp_data();
    const double* x = d.x.data();
    const double* w1 = p + mlp_size::w1;
    const double* w2 = p + mlp_size::w2;
    double* g_w1 = g + mlp_size::w1;
    double* g_b1 = g + mlp_size::b1;
    double* g_w2 = g + mlp_size::w2;
    double* g_b2 = g + mlp_size::b2;
    std::fill(g, g + inputs, 0.0);
    double loss = 0;
    for (std::size_t i = 0; i < batch; ++i) {
      // h = tanh(x @ w1 + b1), one row
      double* hi = h.data() + i * hidden;
      std::copy(p + mlp_size::b1, p + mlp_size::b1 + hidden, hi);
      for (std::size_t k = 0; k < in; ++k) {
        const double xik = x[i * in + k];
        for (std::size_t j = 0; j < hidden; ++j)
          hi[j] += xik * w1[k * hidden + j];
      }
      for (std::size_t j = 0; j < hidden; ++j)
        hi[j] = std::tanh(hi[j]);
      // logits = h @ w2 + b2; the loss -log softmax(logits)[y] (shifted by the maximum)
      double logits[classes];
      std::copy(p + mlp_size::b2, p + mlp_size::b2 + classes, logits);
      for (std::size_t k = 0; k < hidden; ++k)
        for (std::size_t c = 0; c < classes; ++c)
          logits[c] += hi[k] * w2[k * classes + c];
      const double m = *std::max_element(logits, logits + classes);
      double s = 0;
      for (std::size_t c = 0; c < classes; ++c) {
        logits[c] = std::exp(logits[c] - m);
        s += logits[c];
      }
      const auto label = static_cast<std::size_t>(d.y[i]);
      loss += std::log(s) - std::log(logits[label]);
      // d loss / d logits = (softmax - onehot) / batch
      double* dl = dlogits.data() + i * classes;
      for (std::size_t c = 0; c < classes; ++c)
        dl[c] = (logits[c] / s - (c == label ? 1.0 : 0.0)) / batch;
    }
    for (std::size_t i = 0; i < batch; ++i) {
      const double* hi = h.data() + i * hidden;
      const double* dl = dlogits.data() + i * classes;
      double* dzi = dz.data() + i * hidden;
      for (std::size_t c = 0; c < classes; ++c)
        g_b2[c] += dl[c];
      for (std::size_t k = 0; k < hidden; ++k) {
        double dh = 0;
        for (std::size_t c = 0; c < classes; ++c) {
          g_w2[k * classes + c] += hi[k] * dl[c];
          dh += dl[c] * w2[k * classes + c];
        }
        dzi[k] = dh * (1 - hi[k] * hi[k]);
        g_b1[k] += dzi[k];
      }
      for (std::size_t k = 0; k < in; ++k) {
        const double xik = x[i * in + k];
        for (std::size_t j = 0; j < hidden; ++j)
          g_w1[k * hidden + j] += xik * dzi[j];
      }
    }
    return loss / batch;
  }
};

// black_scholes: the closed-form sensitivities, sharing the normal density of d1 between the
// CDF's approximation and the Greeks (K e^(-rt) phi(d2) = S phi(d1)).
double black_scholes_grad(const double* p, double* g) {
  const double S = p[0];
  const double K = p[1];
  const double t = p[2];
  const double r = p[3];
  const double sigma = p[4];
  const double root_t = std::sqrt(t);
  const double vol = sigma * root_t;
  const double d1 = (std::log(S / K) + (r + 0.5 * sigma * sigma) * t) / vol;
  const double d2 = d1 - vol;
  const double phi1 = 0.3989422804014327 * std::exp(-0.5 * d1 * d1);
  const auto cdf = [](double x, double density) {
    const double u = 1 / (1 + 0.2316419 * std::abs(x));
    const double poly =
        u
        * (0.319381530
           + u * (-0.356563782 + u * (1.781477937 + u * (-1.821255978 + u * 1.330274429))));
    const double q = density * poly;
    return x > 0 ? 1 - q : q;
  };
  const double n1 = cdf(d1, phi1);
  const double n2 = cdf(d2, 0.3989422804014327 * std::exp(-0.5 * d2 * d2));
  const double discounted_k = K * std::exp(-r * t);
  g[0] = n1;                                                       // delta
  g[1] = -std::exp(-r * t) * n2;                                   // dC/dK
  g[2] = S * phi1 * sigma / (2 * root_t) + r * discounted_k * n2;  // dC/dt
  g[3] = t * discounted_k * n2;                                    // rho
  g[4] = S * phi1 * root_t;                                        // vega
  return S * n1 - discounted_k * n2;
}

// activations: per element one exp for softplus and its derivative sigmoid(x) = e^x / (1 + e^x)
// (the threshold: above 20, x and 1), and one erf and one exp for gelu and its derivative,
// Phi(x) + x phi(x).
template <std::size_t N>
double activations_grad(const double* x, double* g) {
  double f = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const double xi = x[i];
    const double cdf = 0.5 * (1 + std::erf(xi * 0.7071067811865476));      // 1 / sqrt 2
    const double density = 0.3989422804014327 * std::exp(-0.5 * xi * xi);  // 1 / sqrt(2 pi)
    double softplus = xi;
    double sigmoid = 1;
    if (!(xi > 20)) {
      const double e = std::exp(xi);
      softplus = std::log1p(e);
      sigmoid = e / (1 + e);
    }
    f += softplus + xi * cdf;
    g[i] = sigmoid + cdf + xi * density;
  }
  return f;
}

}  // namespace hand

void add_hand_written() {
  using namespace hand;
  for_each_objective([](auto o) {
    constexpr kind k = decltype(o)::k;
    constexpr std::size_t n = decltype(o)::n;
    const objective& ob = decltype(o)::get();
    if constexpr (k == kind::himmelblau)
      add(ob, "hand_written", function<himmelblau_grad>{});
    else if constexpr (k == kind::rosenbrock)
      add(ob, "hand_written", function<rosenbrock_grad<n>>{});
    else if constexpr (k == kind::log_sum_exp)
      add(ob, "hand_written", function<log_sum_exp_grad<n>>{});
    else if constexpr (k == kind::normal_log_pdf)
      add(ob, "hand_written", function<normal_log_pdf_grad<n>>{});
    else if constexpr (k == kind::sigmoid_layer)
      add(ob, "hand_written", function<sigmoid_layer_grad>{});
    else if constexpr (k == kind::mlp)
      add(ob, "hand_written", mlp_grad{});
    else if constexpr (k == kind::black_scholes)
      add(ob, "hand_written", function<black_scholes_grad>{});
    else
      add(ob, "hand_written", function<activations_grad<n>>{});
  });
}

}  // namespace bench::peers
