// A European call's Black-Scholes price and its five first-order sensitivities (the Greeks) by one
// value_and_grad. d1 occurs in the normal CDF several times, and in both CDFs through d2: let
// names it, so that it is computed once and its derivatives swept once.
// Run with --json for the price and the gradient at reference.json's points.
#include <ctgrad/ctgrad.hpp>

#include "black_scholes.hpp"
#include "json.hpp"

#include <array>
#include <iostream>
#include <string>

namespace {

using namespace ctgrad;
using namespace black_scholes;

// [greeks]
// One forward pass, one reverse pass: the price and dC/dS, dC/dK, dC/dT, dC/dr, dC/dsigma.
constexpr auto price_and_greeks = value_and_grad(price, S, K, T, r, sigma);

// In a constant expression too: delta = dC/dS lies between 0 and 1.
constexpr auto at_the_money =
    price_and_greeks(S = 100.0, K = 100.0, T = 1.0, r = 0.05, sigma = 0.2);
static_assert(at_the_money.first > 10.4 && at_the_money.first < 10.5);
static_assert(std::get<0>(at_the_money.second) > 0.63 && std::get<0>(at_the_money.second) < 0.64);
// [greeks]

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
