// Compile-time rational constants: c<1, 2>, 2_c. The simplification rules compute with them, and
// they mix with runtime numbers as numbers (2_c * 1.5 == 3.0). Example:
// tests/static/core_static.cpp.
#pragma once

#include <ctgrad/expression.hpp>

#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <type_traits>

namespace ctgrad {

// rational: an exact fraction num/den in lowest terms with den > 0 (compile-time arithmetic).
struct rational {
  std::intmax_t num = 0;
  std::intmax_t den = 1;

  static constexpr std::intmax_t checked(bool overflow, std::intmax_t value) {
    if (overflow)
      throw std::overflow_error("ctgrad: compile-time constant overflows intmax_t");
    return value;
  }
  static constexpr std::intmax_t mul(std::intmax_t a, std::intmax_t b) {
    std::intmax_t r{};
    return checked(__builtin_mul_overflow(a, b, &r), r);
  }
  static constexpr std::intmax_t add(std::intmax_t a, std::intmax_t b) {
    std::intmax_t r{};
    return checked(__builtin_add_overflow(a, b, &r), r);
  }
  static constexpr rational make(std::intmax_t n, std::intmax_t d) {
    if (d == 0)
      throw std::domain_error("ctgrad: compile-time division by zero");
    if (d < 0)
      n = -n, d = -d;
    const std::intmax_t g = std::gcd(n, d);
    return {n / g, d / g};
  }
  friend constexpr rational operator+(rational a, rational b) {
    return make(add(mul(a.num, b.den), mul(b.num, a.den)), mul(a.den, b.den));
  }
  friend constexpr rational operator-(rational a) { return {-a.num, a.den}; }
  friend constexpr rational operator-(rational a, rational b) { return a + -b; }
  friend constexpr rational operator*(rational a, rational b) {
    return make(mul(a.num, b.num), mul(a.den, b.den));
  }
  friend constexpr rational operator/(rational a, rational b) {
    return make(mul(a.num, b.den), mul(a.den, b.num));
  }
  friend constexpr bool operator==(rational, rational) = default;
  constexpr bool is_integer() const { return den == 1; }
};

// constant<Num, Den>: the number Num/Den as an expression, known to the rewrite rules.
// Spell it c<Num, Den> or N_c, which normalise the fraction.
template <std::intmax_t Num, std::intmax_t Den = 1>
struct constant : expression_interface<constant<Num, Den>> {
  static_assert(Den > 0 && std::gcd(Num, Den) == 1,
                "constant<Num, Den> must be in lowest terms with Den > 0: spell it c<Num, Den>");
  static constexpr rational value{Num, Den};

  // as<T>(): the value in type T, rounded once.
  template <class T>
  static constexpr T as() {
    return static_cast<T>(Num) / static_cast<T>(Den);
  }
};

namespace detail {
template <rational R>
struct constant_of {
  using type = constant<R.num, R.den>;
};
}  // namespace detail

// constant_t<R>: the constant type of rational R. (Through a class template: GCC 12 crashes on
// an alias that reads members of a computed class-type template argument.)
template <rational R>
using constant_t = typename detail::constant_of<R>::type;

// c<Num, Den>: the constant Num/Den, reduced to lowest terms.
template <std::intmax_t Num, std::intmax_t Den = 1>
constexpr constant_t<rational::make(Num, Den)> c{};

namespace detail {
template <class T>
constexpr bool is_constant_v = false;
template <std::intmax_t N, std::intmax_t D>
constexpr bool is_constant_v<constant<N, D>> = true;

// is_value_v<E, R>: E is the constant R.
template <class E, rational R>
constexpr bool is_value_v = false;
template <std::intmax_t N, std::intmax_t D, rational R>
constexpr bool is_value_v<constant<N, D>, R> = (rational{N, D} == R);

template <class E>
constexpr bool is_zero_v = is_value_v<E, rational{0, 1}>;
template <class E>
constexpr bool is_one_v = is_value_v<E, rational{1, 1}>;

// parse_integer<Cs...>(): the decimal literal Cs as an integer, for the _c suffix.
template <char... Cs>
constexpr std::intmax_t parse_integer() {
  std::intmax_t value = 0;
  for (const char ch : {Cs...}) {
    if (ch == '\'')
      continue;
    if (ch < '0' || ch > '9')
      throw std::invalid_argument("ctgrad: _c takes a decimal integer");
    value = rational::add(rational::mul(value, 10), ch - '0');
  }
  return value;
}
}  // namespace detail

// Constant: a constant<Num, Den> type.
template <class T>
concept Constant = detail::is_constant_v<std::remove_cvref_t<T>>;

inline namespace literals {
// 2_c: the integer constant 2.
template <char... Cs>
constexpr auto operator""_c() {
  return constant<detail::parse_integer<Cs...>()>{};
}
}  // namespace literals

}  // namespace ctgrad
