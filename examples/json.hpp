// A few lines of JSON output for the examples' --json mode (numbers in shortest round-trip form).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace example {

// number(v): v in the shortest form that reads back as the same value of its type.
template <class T>
std::string number(T v) {
  char buffer[32];
  return {buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr};
}

// python_float(v): v as Python's repr prints a float (a double): the shortest round-trip digits,
// positional with at least one decimal ("170.0", "0.0") unless the decimal point would be more
// than 16 digits after the first or 4 or more zeros before it: then with an exponent of at least
// two digits ("1.1074007488787174e-08"). A float32 value prints as PyTorch's tolist() and item()
// show it, widened to double.
inline std::string python_float(double v) {
  if (v != v)
    return "nan";
  if (v - v != 0)
    return v > 0 ? "inf" : "-inf";
  char buffer[32];
  const char* end =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::scientific).ptr;
  std::string_view text(buffer, static_cast<std::size_t>(end - buffer));  // [-]d[.ddd]e(+|-)XX
  std::string out = text.front() == '-' ? "-" : "";
  if (text.front() == '-')
    text.remove_prefix(1);
  const std::size_t e = text.find('e');
  std::string digits(1, text[0]);
  if (e > 1)
    digits.append(text.substr(2, e - 2));
  int exponent = 0;
  std::from_chars(text.data() + e + 2, text.data() + text.size(), exponent);
  if (text[e + 1] == '-')
    exponent = -exponent;
  const int point = exponent + 1;  // digits before the decimal point (Python's decpt)
  const auto n = static_cast<int>(digits.size());
  if (point <= -4 || point > 16) {
    out.append(1, digits[0]);
    if (n > 1)
      out.append(".").append(digits, 1);
    const std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
    out.append(exponent < 0 ? "e-" : "e+")
        .append(magnitude.size() < 2 ? "0" : "")
        .append(magnitude);
  } else if (point <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-point), '0').append(digits);
  } else if (point >= n) {
    out.append(digits).append(static_cast<std::size_t>(point - n), '0').append(".0");
  } else {
    out.append(digits, 0, static_cast<std::size_t>(point))
        .append(".")
        .append(digits, static_cast<std::size_t>(point));
  }
  return out;
}

// array({a, b}): a JSON array of numbers.
inline std::string array(std::initializer_list<double> values) {
  std::string out = "[";
  for (const double v : values)
    out += (out.size() > 1 ? ", " : "") + number(v);
  return out + "]";
}

// object({{"key", json}, ...}): a JSON object of already formatted members.
inline std::string object(std::initializer_list<std::pair<std::string_view, std::string>> members) {
  std::string out = "{";
  for (const auto& [key, value] : members)
    out.append(out.size() > 1 ? ", \"" : "\"").append(key).append("\": ").append(value);
  return out + "}";
}

// wants_json(argc, argv): the program was run with --json.
inline bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--json")
      return true;
  return false;
}

}  // namespace example
