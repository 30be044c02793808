// ctgrad's variants of the objectives (objectives.hpp), except the MLP (ctgrad_mlp.cpp): each
// objective written as a ctgrad user would write it, and value_and_grad: one forward and one
// reverse sweep, writing the gradient into the benchmark's array (`into`). Sizes are
// compile-time: a vector is a var<"x", shape<N>>.
#include "ctgrad_view.hpp"
#include "peers.hpp"

#include <ctgrad/ctgrad.hpp>

#include "black_scholes.hpp"

#include <cstddef>
#include <utility>

namespace bench::peers {
namespace with_ctgrad {

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;

double himmelblau_grad(const double* p, double* g) {
  constexpr auto f = square(square(x) + y - 11) + square(x + square(y) - 7);
  static constexpr auto f_and_grad = value_and_grad(f, x, y);
  return f_and_grad.into(g[0], g[1])(x = p[0], y = p[1]);
}

// rosenbrock<N>: the sum of the N/2 pairs' terms, a fold over the indices of the pairs.
template <std::size_t N>
constexpr var<"x", shape<N>> vx;

constexpr auto rosenbrock_pair(auto a, auto b) {
  return 100 * square(square(a) - b) + square(1 - a);
}

template <std::size_t N, std::size_t... I>
constexpr auto rosenbrock(std::index_sequence<I...>) {
  return (rosenbrock_pair(vx<N>[constant<2 * I>{}], vx<N>[constant<2 * I + 1>{}]) + ...);
}

template <std::size_t N>
double rosenbrock_grad(const double* p, double* g) {
  constexpr auto f = rosenbrock<N>(std::make_index_sequence<N / 2>{});
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>);
  return f_and_grad.into(out<N>(g))(vx<N> = view<N>(p));
}

// rosenbrock_slices<N>: the same function as a tensor expression over the slices x[0::2] and
// x[1::2], as in PyTorch: one fused loop, whose slices' adjoints go into x's elements.
template <std::size_t N>
double rosenbrock_slices_grad(const double* p, double* g) {
  constexpr auto a = slice<0, N, 2>(vx<N>);
  constexpr auto b = slice<1, N, 2>(vx<N>);
  constexpr auto f = sum(100 * square(square(a) - b) + square(1 - a));
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>);
  return f_and_grad.into(out<N>(g))(vx<N> = view<N>(p));
}

template <std::size_t N>
double log_sum_exp_grad(const double* p, double* g) {
  constexpr auto f = log(sum(exp(vx<N>)));
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>);
  return f_and_grad.into(out<N>(g))(vx<N> = view<N>(p));
}

constexpr var<"mu"> mu;
constexpr var<"sigma"> sigma;

template <std::size_t N>
double normal_log_pdf_grad(const double* p, double* g) {
  constexpr double n = static_cast<double>(N);
  constexpr auto f = -0.5 * sum(square((vx<N> - mu) / sigma)) - n * log(sigma)
                     - n * 0.9189385332046728;  // log(2 pi) / 2
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>, mu, sigma);
  return f_and_grad.into(out<N>(g), g[N], g[N + 1])(vx<N> = view<N>(p), mu = p[N],
                                                    sigma = p[N + 1]);
}

// normal_log_pdf_reciprocal<N>: the same log-pdf with (x - mu) * (1 / sigma) for (x - mu) / sigma,
// the hand-written code's formula: one division in all instead of three per element (PyTorch's
// formulas for a quotient divide in the forward pass and twice in the reverse pass).
template <std::size_t N>
double normal_log_pdf_reciprocal_grad(const double* p, double* g) {
  constexpr double n = static_cast<double>(N);
  constexpr auto f = -0.5 * sum(square((vx<N> - mu) * (1 / sigma))) - n * log(sigma)
                     - n * 0.9189385332046728;  // log(2 pi) / 2
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>, mu, sigma);
  return f_and_grad.into(out<N>(g), g[N], g[N + 1])(vx<N> = view<N>(p), mu = p[N],
                                                    sigma = p[N + 1]);
}

double sigmoid_layer_grad(const double* p, double* g) {
  constexpr var<"x", shape<1, 10>> x;
  constexpr var<"w", shape<2, 10>> w;
  constexpr auto loss = mse_loss(ones<1, 2>, sigmoid(matmul(x, w.t())));
  static constexpr auto loss_and_grad = value_and_grad(loss, w);
  return loss_and_grad.into(out<20>(g))(x = view<10>(sigmoid_layer_x().data()), w = view<20>(p));
}

// Black-Scholes: the price of examples/black_scholes.hpp with the Abramowitz-Stegun CDF that the
// other libraries compute, written with let for vol, d1, d2 and the CDF's u, each of which occurs
// several times.
double black_scholes_grad(const double* p, double* g) {
  using black_scholes::K, black_scholes::price_abramowitz_stegun, black_scholes::r,
      black_scholes::S, black_scholes::sigma, black_scholes::T;
  static constexpr auto price_and_greeks =
      value_and_grad(price_abramowitz_stegun, S, K, T, r, sigma);
  return price_and_greeks.into(g[0], g[1], g[2], g[3], g[4])(S = p[0], K = p[1], T = p[2], r = p[3],
                                                             sigma = p[4]);
}

// activations<N>: softplus and gelu of the tensor, summed.
template <std::size_t N>
double activations_grad(const double* p, double* g) {
  constexpr auto f = sum(softplus(vx<N>) + gelu(vx<N>));
  static constexpr auto f_and_grad = value_and_grad(f, vx<N>);
  return f_and_grad.into(out<N>(g))(vx<N> = view<N>(p));
}

}  // namespace with_ctgrad

void add_ctgrad() {
  using namespace with_ctgrad;
  for_each_objective([](auto o) {
    constexpr kind k = decltype(o)::k;
    constexpr std::size_t n = decltype(o)::n;
    const objective& ob = decltype(o)::get();
    if constexpr (k == kind::himmelblau)
      add(ob, "ctgrad", function<himmelblau_grad>{});
    else if constexpr (k == kind::rosenbrock) {
      add(ob, "ctgrad", function<rosenbrock_grad<n>>{});
      add(ob, "ctgrad_tensor", function<rosenbrock_slices_grad<n>>{});
    } else if constexpr (k == kind::log_sum_exp)
      add(ob, "ctgrad", function<log_sum_exp_grad<n>>{});
    else if constexpr (k == kind::normal_log_pdf) {
      add(ob, "ctgrad", function<normal_log_pdf_grad<n>>{});
      add(ob, "ctgrad_reciprocal", function<normal_log_pdf_reciprocal_grad<n>>{});
    } else if constexpr (k == kind::sigmoid_layer)
      add(ob, "ctgrad", function<sigmoid_layer_grad>{});
    else if constexpr (k == kind::black_scholes)
      add(ob, "ctgrad", function<black_scholes_grad>{});
    else if constexpr (k == kind::activations)
      add(ob, "ctgrad", function<activations_grad<n>>{});
  });
}

}  // namespace bench::peers
