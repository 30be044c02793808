// Printing: to_string(e) and operator<< give infix formulas with minimal parentheses ("x*w2"),
// to_latex(e) gives LaTeX, and to_static_string(e) gives the text at compile time, for
// static_assert. Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/variable.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace ctgrad {

namespace detail {

enum class notation { plain, latex };

// negative(v): v has a minus sign (also -0.0). Only for runtime literals: never constexpr.
template <class T>
bool negative(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return std::signbit(v);
  else
    return v < 0;
}

// level(e): how tightly e binds when printed (see precedence in arithmetic.hpp).
template <class E>
constexpr precedence level(const E& e) {
  if constexpr (is_constant_v<E>)
    return E::value.num < 0 ? precedence::prefix
                            : (E::value.den == 1 ? precedence::atom : precedence::product);
  else if constexpr (is_literal_v<E>) {
    if constexpr (Number<decltype(e.value)>)
      return negative(e.value) ? precedence::prefix : precedence::atom;
    else
      return precedence::atom;  // a constant tensor, [1, 2, 3]
  } else if constexpr (requires { op_t<E>::broadcast; })
    return level(e.a);
  else if constexpr (requires { op_t<E>::level; })
    return op_t<E>::level;
  else
    return precedence::atom;
}

// leading_minus(e): e prints starting with a minus sign (-x, -2, -2*x/y, -x + y).
template <class E>
constexpr bool leading_minus(const E& e) {
  if constexpr (is_constant_v<E> || is_literal_v<E>)
    return level(e) == precedence::prefix;
  else if constexpr (is_node_of_v<E, neg_op>)
    return true;
  else if constexpr (
      requires { op_t<E>::symbol; } || requires { op_t<E>::broadcast; })
    return leading_minus(e.a);
  else
    return false;
}

// is_fraction_v<E>: E is a constant that is not an integer (printed a/b).
template <class E>
constexpr bool is_fraction_v = false;
template <std::intmax_t N, std::intmax_t D>
constexpr bool is_fraction_v<constant<N, D>> = D != 1;

// format_number(v): v in the shortest form that reads back exactly; LaTeX writes 1e+20 as
// 1 \cdot 10^{20}, and infinities and NaN as symbols.
template <notation N, class T>
std::string format_number(T v) {
  char buffer[64];
  std::string text(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
  if constexpr (N == notation::latex && std::is_floating_point_v<T>) {
    if (std::isnan(v))
      return "\\mathrm{NaN}";
    if (std::isinf(v))
      return v < 0 ? "-\\infty" : "\\infty";
    if (const auto e = text.find('e'); e != std::string::npos) {
      const bool minus = text[e + 1] == '-';
      const std::string exponent = text.substr(text.find_first_not_of("+-0", e + 1));
      return text.substr(0, e) + " \\cdot 10^{" + (minus ? "-" : "") + exponent + "}";
    }
  }
  return text;
}

// format_value(v): a number as format_number does; a constant tensor as its first elements in
// brackets, [1, 2, 3] or [1, 2, 3, 4, ...] (LaTeX: \left[1, 2, 3\right]).
template <notation N, class V>
std::string format_value(const V& v) {
  if constexpr (Number<V>) {
    return format_number<N>(v);
  } else {
    constexpr std::size_t shown = 4;
    std::string text = N == notation::latex ? "\\left[" : "[";
    for (std::size_t i = 0; i < v.size() && i < shown; ++i)
      text += (i == 0 ? "" : ", ") + format_number<N>(v[i]);
    text += v.size() > shown ? ", ...]" : "]";
    if constexpr (N == notation::latex)
      text.insert(text.size() - 1, "\\right");
    return text;
  }
}

// printer<N, Sink>: writes expressions in notation N to a sink with put(std::string_view).
template <notation N, class Sink>
struct printer {
  Sink& out;

  constexpr void put(std::string_view s) { out.put(s); }

  constexpr void integer(std::intmax_t v) {
    if (v < 0) {
      put("-");
      v = -v;
    }
    char digits[24]{};
    std::size_t n = 0;
    do
      digits[n++] = static_cast<char>('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0)
      out.put(std::string_view(&digits[--n], 1));
  }

  constexpr void open() { put(N == notation::latex ? "\\left(" : "("); }
  constexpr void close() { put(N == notation::latex ? "\\right)" : ")"); }

  // child(e, parenthesize): e, in parentheses when asked.
  template <class E>
  constexpr void child(const E& e, bool parenthesize) {
    if (parenthesize)
      open();
    print(e);
    if (parenthesize)
      close();
  }

  constexpr void fraction(rational r) {
    if constexpr (N == notation::latex) {
      if (r.den == 1)
        return integer(r.num);
      if (r.num < 0)
        put("-");
      put("\\frac{");
      integer(r.num < 0 ? -r.num : r.num);
      put("}{");
      integer(r.den);
      put("}");
    } else {
      integer(r.num);
      if (r.den != 1) {
        put("/");
        integer(r.den);
      }
    }
  }

  constexpr void name(std::string_view text) {
    // LaTeX: the trailing digits of a name like w2 become a subscript, w_{2}; names that start
    // with a digit or hold an underscore are printed as they are.
    const auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    std::size_t split = text.size();
    if (N == notation::latex && !digit(text.front()) && text.find('_') == std::string_view::npos)
      while (digit(text[split - 1]))
        --split;
    put(text.substr(0, split));
    if (split != text.size()) {
      put("_{");
      put(text.substr(split));
      put("}");
    }
  }

  template <class E>
  constexpr void print(const E& e) {
    if constexpr (Variable<E>)
      name(E::name.view());
    else if constexpr (is_constant_v<E>)
      fraction(E::value);
    else if constexpr (is_literal_v<E>)
      put(format_value<N>(e.value));
    else
      operation<op_t<E>>(e);
  }

  template <class Op, class E>
  constexpr void operation(const E& e) {
    if constexpr (std::is_same_v<Op, neg_op>) {
      put("-");
      child(e.a, level(e.a) <= precedence::prefix || leading_minus(e.a));
    } else if constexpr (std::is_same_v<Op, div_op> && N == notation::latex) {
      put("\\frac{");
      print(e.a);
      put("}{");
      print(e.b);
      put("}");
    } else if constexpr (requires { Op::symbol; }) {
      // -a*b reads as (-a)*b and as -(a*b), which are equal: no parentheses for a prefix minus.
      // Plain fractions in products are parenthesised for the reader: (1/2)*x, not 1/2*x.
      constexpr bool product = Op::level == precedence::product;
      constexpr bool plain_product = product && N == notation::plain;
      using left_t = std::remove_cvref_t<decltype(e.a)>;
      using right_t = std::remove_cvref_t<decltype(e.b)>;
      const precedence left = level(e.a);
      child(e.a, (left < Op::level && !(product && left == precedence::prefix))
                     || (plain_product && is_fraction_v<left_t>));
      put(N == notation::latex ? std::string_view(Op::latex) : std::string_view(Op::symbol));
      const precedence right = level(e.b);
      child(e.b, right < Op::level || (right == Op::level && !Op::associative) || leading_minus(e.b)
                     || (plain_product && is_fraction_v<right_t>));
    } else if constexpr (requires { Op::exponent; } || std::is_same_v<Op, pow_op>) {
      child(e.a, level(e.a) <= precedence::power || leading_minus(e.a));
      put("^");
      if constexpr (N == notation::latex)
        put("{");
      if constexpr (requires { Op::exponent; }) {
        const bool wrap = N == notation::plain && (Op::exponent.num < 0 || Op::exponent.den != 1);
        if (wrap)
          put("(");
        fraction(Op::exponent);
        if (wrap)
          put(")");
      } else {
        child(e.b, N == notation::plain && (level(e.b) < precedence::atom || leading_minus(e.b)));
      }
      if constexpr (N == notation::latex)
        put("}");
    } else if constexpr (requires { Op::let_name; }) {
      name(Op::let_name.view());  // let<"d1">(e) prints as d1
    } else if constexpr (requires { Op::broadcast; }) {
      print(e.a);  // broadcasting is implicit in formulas: ones<1, 2> prints as 1
    } else if constexpr (requires { Op::runtime_index; }) {
      child(e.a, level(e.a) < precedence::atom);
      put(N == notation::latex ? "_{" : "[");
      print(e.b);
      put(N == notation::latex ? "}" : "]");
    } else if constexpr (requires { Op::gathers; }) {  // slice<0, 8, 2>(x) prints x[0:8:2]
      child(e.a, level(e.a) < precedence::atom);
      put(N == notation::latex ? "_{" : "[");
      integer(static_cast<std::intmax_t>(Op::start));
      put(":");
      integer(static_cast<std::intmax_t>(Op::stop));
      if constexpr (Op::step != 1) {
        put(":");
        integer(static_cast<std::intmax_t>(Op::step));
      }
      put(N == notation::latex ? "}" : "]");
    } else if constexpr (requires { Op::index; }) {
      child(e.a, level(e.a) < precedence::atom);
      put(N == notation::latex ? "_{" : "[");
      integer(static_cast<std::intmax_t>(Op::index));
      put(N == notation::latex ? "}" : "]");
    } else if constexpr (N == notation::latex && std::is_same_v<Op, sqrt_op>) {
      put("\\sqrt{");
      print(e.a);
      put("}");
    } else if constexpr (N == notation::latex && std::is_same_v<Op, abs_op>) {
      put("\\left|");
      print(e.a);
      put("\\right|");
    } else {
      if constexpr (N == notation::latex && requires { Op::latex; })
        put(Op::latex);
      else
        put(Op::name);
      open();
      argument<Op, 0>(e.a);
      if constexpr (arity_v<E> == 2) {
        put(", ");
        argument<Op, 1>(e.b);
      }
      close();
    }
  }

  // argument<Op, I>(a): argument I of a function-like operation; t(a) where the operation reads
  // it transposed (Op::transposed[I], matmul(x, t(w))).
  template <class Op, std::size_t I, class A>
  constexpr void argument(const A& a) {
    if constexpr (requires { Op::transposed[I]; }) {
      if (Op::transposed[I]) {
        put("t");
        open();
        print(a);
        close();
        return;
      }
    }
    print(a);
  }
};

// Sinks: count characters, fill a fixed_string at compile time, or append to a std::string.
struct counting_sink {
  std::size_t size = 0;
  constexpr void put(std::string_view s) { size += s.size(); }
};

template <std::size_t Size>
struct fixed_sink {
  fixed_string<Size + 1> text{};
  std::size_t size = 0;
  constexpr void put(std::string_view s) {
    for (const char ch : s)
      text.data[size++] = ch;
  }
};

struct string_sink {
  std::string text;
  void put(std::string_view s) { text += s; }
};

template <notation N, class E>
std::string format(const E& e) {
  string_sink sink;
  printer<N, string_sink>{sink}.print(e);
  return std::move(sink.text);
}

template <notation N, class E>
consteval auto static_format() {
  static_assert(is_static_v<E>,
                "ctgrad: to_static_string needs an expression without runtime numbers");
  constexpr std::size_t size = [] {
    counting_sink sink;
    printer<N, counting_sink>{sink}.print(E{});
    return sink.size;
  }();
  fixed_sink<size> sink;
  printer<N, fixed_sink<size>>{sink}.print(E{});
  return sink.text;
}

}  // namespace detail

// to_string(e): e as an infix formula with minimal parentheses, e.g. "x*w2 + b2".
template <Expression E>
std::string to_string(const E& e) {
  return detail::format<detail::notation::plain>(e);
}

// to_latex(e): e as LaTeX math, e.g. "x \cdot w_{2}".
template <Expression E>
std::string to_latex(const E& e) {
  return detail::format<detail::notation::latex>(e);
}

// to_string and to_latex of an expression folded to a number (see d): the number.
template <Number E>
std::string to_string(const E& e) {
  return to_string(as_expression(e));
}
template <Number E>
std::string to_latex(const E& e) {
  return to_latex(as_expression(e));
}

// to_static_string(e): to_string at compile time, as a fixed_string; e must hold no runtime
// numbers. `static_assert(to_static_string(d(y2, w1)) == "x*w2");`
template <Expression E>
consteval auto to_static_string(const E&) {
  return detail::static_format<detail::notation::plain, E>();
}

namespace diagnostic {
// text_<C...>: a text spelled into a type, which GCC and Clang both print in full: text_<'x', '*'>.
template <char... C>
struct text_ {};
// printed_<Actual, Expected>: the names that a failed prints_as shows, both texts as text_s.
template <class Actual, class Expected>
struct printed_ {
  static constexpr bool as_expected = false;
};
}  // namespace diagnostic

namespace detail {
template <fixed_string Actual, fixed_string Expected, std::size_t... I, std::size_t... J>
constexpr bool report_printed(std::index_sequence<I...>, std::index_sequence<J...>) {
  static_assert(diagnostic::printed_<diagnostic::text_<Actual.data[I]...>,
                                     diagnostic::text_<Expected.data[J]...>>::as_expected,
                "ctgrad: the expression prints otherwise: printed_<text_<its text>, "
                "text_<the expected text>>");
  return false;
}
}  // namespace detail

// prints_as<Actual, Expected>: true when the texts are equal; else a compile error that spells
// both, which a bare static_assert(to_static_string(e) == "...") does not:
// `static_assert(prints_as<to_static_string(d(y2, w1)), "x*w2">);`
template <fixed_string Actual, fixed_string Expected>
constexpr bool prints_as = [] {
  if constexpr (Actual == Expected)
    return true;
  else
    return detail::report_printed<Actual, Expected>(std::make_index_sequence<Actual.size()>{},
                                                    std::make_index_sequence<Expected.size()>{});
}();

// to_static_latex(e): to_latex at compile time.
template <Expression E>
consteval auto to_static_latex(const E&) {
  return detail::static_format<detail::notation::latex, E>();
}

// os << e: writes to_string(e).
template <Expression E>
std::ostream& operator<<(std::ostream& os, const E& e) {
  return os << to_string(e);
}

}  // namespace ctgrad
