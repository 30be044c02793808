// A European call's Black-Scholes price and its five first-order sensitivities (the Greeks) by one
// value_and_grad. d1 occurs in the normal CDF several times, and in both CDFs through d2: let
// names it, so that it is computed once and its derivatives swept once.
// Run with --json for the price and the gradient at reference.json's points.
#include <ctgrad/ctgrad.hpp>

#include "json.hpp"

#include <array>
#include <iostream>
#include <string>

namespace {

using namespace ctgrad;

// [let]
// The normal CDF by Abramowitz and Stegun 26.2.17 (error below 7.5e-8); u occurs five times.
constexpr auto normal_cdf(auto d) {
  const auto u = let<"u">(1 / (1 + 0.2316419 * abs(d)));
  const auto poly =
      u
      * (0.319381530
         + u * (-0.356563782 + u * (1.781477937 + u * (-1.821255978 + u * 1.330274429))));
  const auto q = 0.3989422804014327 * exp(-c<1, 2> * square(d)) * poly;
  return c<1, 2> + sign(d) * (c<1, 2> - q);
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

// One forward pass, one reverse pass: the price and dC/dS, dC/dK, dC/dT, dC/dr, dC/dsigma.
constexpr auto price_and_greeks = value_and_grad(price, S, K, T, r, sigma);

// In a constant expression too: delta = dC/dS lies between 0 and 1.
constexpr auto at_the_money =
    price_and_greeks(S = 100.0, K = 100.0, T = 1.0, r = 0.05, sigma = 0.2);
static_assert(at_the_money.first > 10.4 && at_the_money.first < 10.5);
static_assert(std::get<0>(at_the_money.second) > 0.63 && std::get<0>(at_the_money.second) < 0.64);
// [let]

}  // namespace

int main(int argc, char** argv) {
  // The points of reference.json's black_scholes: S, K, T, r, sigma.
  constexpr std::array<std::array<double, 5>, 3> points{{{100.0, 100.0, 1.0, 0.05, 0.2},
                                                         {90.0, 110.0, 0.5, 0.01, 0.35},
                                                         {120.0, 80.0, 2.0, 0.03, 0.15}}};
  const bool json = example::wants_json(argc, argv);
  std::string rows;
  if (!json)
    std::cout << "C(S, K, T, r, sigma) = " << price << "\n  where d1 = " << d1.a
              << ", d2 = " << d2.a << ", vol = " << vol.a << "\n";
  for (const auto& [s, k, expiry, rate, volatility] : points) {
    const auto [value, greeks] =
        price_and_greeks(S = s, K = k, T = expiry, r = rate, sigma = volatility);
    const auto [dS, dK, dT, dr, dsigma] = greeks;
    if (json)
      rows += (rows.empty() ? "" : ", ")
              + example::object({{"p", example::array({s, k, expiry, rate, volatility})},
                                 {"price", example::number(value)},
                                 {"grad", example::array({dS, dK, dT, dr, dsigma})}});
    else
      std::cout << "S = " << s << ", K = " << k << ", T = " << expiry << ", r = " << rate
                << ", sigma = " << volatility << ": price " << value << ", delta " << dS
                << ", dC/dK " << dK << ", dC/dT " << dT << ", rho " << dr << ", vega " << dsigma
                << "\n";
  }
  if (json)
    std::cout << example::object({{"black_scholes", "[" + rows + "]"}}) << '\n';
}
