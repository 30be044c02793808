// A few lines of JSON output for the examples' --json mode (numbers in shortest round-trip form).
#pragma once

#include <charconv>
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
