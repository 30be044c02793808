// The Black-Scholes price of a European call as a ctgrad expression, with let naming the
// subexpressions that occur several times, and the normal distribution function by erfc. Used by
// examples/black_scholes.cpp, by tests/runtime/let_test.cpp (against PyTorch and finite
// differences) and by bench_peers.
#pragma once

#include <ctgrad/ctgrad.hpp>

namespace black_scholes {

using namespace ctgrad;

// [let]
// The normal distribution function, by erfc (accurate in the lower tail, where erf(x) is near -1).
constexpr auto normal_cdf(auto d) {
  return c<1, 2> * erfc(-0.7071067811865475244 * d);
}

constexpr var<"S"> S;          // spot
constexpr var<"K"> K;          // strike
constexpr var<"T"> T;          // time to expiry, in years
constexpr var<"r"> r;          // interest rate
constexpr var<"sigma"> sigma;  // volatility

constexpr auto vol = let<"vol">(sigma * sqrt(T));
constexpr auto d1 = let<"d1">((log(S / K) + (r + c<1, 2> * square(sigma)) * T) / vol);
constexpr auto d2 = let<"d2">(d1 - vol);
constexpr auto price = S * normal_cdf(d1) - K * exp(-r * T) * normal_cdf(d2);
// [let]

// The same price with the normal distribution function of Abramowitz and Stegun 26.2.17 (error
// below 7.5e-8), the formula that bench_peers' other libraries compute; u occurs five times.
constexpr auto abramowitz_stegun_cdf(auto d) {
  const auto u = let<"u">(1 / (1 + 0.2316419 * abs(d)));
  const auto poly =
      u
      * (0.319381530
         + u * (-0.356563782 + u * (1.781477937 + u * (-1.821255978 + u * 1.330274429))));
  const auto q = 0.3989422804014327 * exp(-c<1, 2> * square(d)) * poly;
  return c<1, 2> + sign(d) * (c<1, 2> - q);
}
constexpr auto price_abramowitz_stegun =
    S * abramowitz_stegun_cdf(d1) - K * exp(-r * T) * abramowitz_stegun_cdf(d2);

}  // namespace black_scholes
