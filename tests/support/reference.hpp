// Test support: PyTorch reference values (tests/reference/reference.json) and numeric checks.
//
// The JSON file is produced by tests/reference/make_reference.py. Its path comes from the
// compile definition CTGRAD_REFERENCE_JSON, a string literal set by CMake.
// Non-finite numbers are stored as the strings "nan", "inf" and "-inf"; number() maps them back.
#ifndef CTGRAD_TESTS_SUPPORT_REFERENCE_HPP
#define CTGRAD_TESTS_SUPPORT_REFERENCE_HPP

// Boost 1.74's JSON parser includes the deprecated <boost/bind.hpp>, which prints a note with GCC.
// This macro only silences the note: the placeholders go in the global namespace either way.
#ifndef BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_BIND_GLOBAL_PLACEHOLDERS
#endif
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/tools/assertion_result.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef CTGRAD_REFERENCE_JSON
#error "CTGRAD_REFERENCE_JSON must be defined as the path of reference.json, as a string literal"
#endif

namespace ctgrad::test {

using boost::property_tree::ptree;

// reference(): the parsed reference.json, loaded on first use.
// Throws std::runtime_error naming the path if the file is missing or malformed.
inline const ptree& reference() {
  static const ptree tree = [] {
    const std::string path = CTGRAD_REFERENCE_JSON;
    std::ifstream in(path);
    if (!in) {
      throw std::runtime_error("ctgrad::test::reference(): cannot open '" + path
                               + "' (CTGRAD_REFERENCE_JSON); regenerate it with "
                                 "/usr/bin/python3 tests/reference/make_reference.py");
    }
    ptree result;
    try {
      boost::property_tree::read_json(in, result);
    } catch (const boost::property_tree::json_parser_error& e) {
      throw std::runtime_error("ctgrad::test::reference(): cannot parse '" + path
                               + "': " + e.what());
    }
    return result;
  }();
  return tree;
}

// number(node): a leaf's value as double; "nan", "inf" and "-inf" give the IEEE values.
inline double number(const ptree& node) {
  if (!node.empty()) {
    throw std::invalid_argument("ctgrad::test::number(): node is an object or array, not a number");
  }
  const std::string& text = node.data();
  if (text == "nan") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (text == "inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (text == "-inf") {
    return -std::numeric_limits<double>::infinity();
  }
  double value = 0;
  const char* last = text.data() + text.size();
  const auto [end, error] = std::from_chars(text.data(), last, value);
  if (error != std::errc{} || end != last) {
    throw std::invalid_argument("ctgrad::test::number(): not a number: '" + text + "'");
  }
  return value;
}

// numbers(node): a JSON array of numbers as a vector.
inline std::vector<double> numbers(const ptree& node) {
  std::vector<double> result;
  result.reserve(node.size());
  for (const auto& [key, child] : node) {
    result.push_back(number(child));
  }
  return result;
}

// matrix(node): a JSON array of arrays of numbers, row by row.
inline std::vector<std::vector<double>> matrix(const ptree& node) {
  std::vector<std::vector<double>> result;
  result.reserve(node.size());
  for (const auto& [key, child] : node) {
    result.push_back(numbers(child));
  }
  return result;
}

// values<T>(node): a JSON array of numbers, or of rows of numbers, flattened row by row, as T.
template <class T = double>
std::vector<T> values(const ptree& node) {
  std::vector<T> result;
  for (const auto& [key, child] : node) {
    if (child.empty())
      result.push_back(static_cast<T>(number(child)));
    else
      for (const auto& [key2, leaf] : child)
        result.push_back(static_cast<T>(number(leaf)));
  }
  return result;
}

// find(node, path): the node at a dotted path, or nullptr when absent. Keys may contain dots
// ("elementary.pow_0.5").
inline const ptree* find(const ptree& node, std::string_view path) {
  for (const auto& [key, child] : node) {
    if (key.empty() || !path.starts_with(key)) {
      continue;
    }
    if (path.size() == key.size()) {
      return &child;
    }
    if (path[key.size()] == '.') {
      if (const ptree* found = find(child, path.substr(key.size() + 1))) {
        return found;
      }
    }
  }
  return nullptr;
}

// at(node, path): the child at a dotted path such as "chain_rule.dy2_dw1".
// Throws std::out_of_range if absent. Array elements have no names: iterate an array's children.
inline const ptree& at(const ptree& node, std::string_view path) {
  if (const ptree* found = find(node, path)) {
    return *found;
  }
  throw std::out_of_range("ctgrad::test::at(): no entry '" + std::string(path)
                          + "' in the reference data");
}

// close(actual, expected, rel_tol, abs_tol):
//   |actual - expected| <= max(abs_tol, rel_tol * max(|actual|, |expected|)),
// where NaN matches NaN and an infinity matches only the same infinity.
inline bool close(double actual, double expected, double rel_tol, double abs_tol = 0) {
  if (std::isnan(actual) || std::isnan(expected)) {
    return std::isnan(actual) && std::isnan(expected);
  }
  if (std::isinf(actual) || std::isinf(expected)) {
    return actual == expected;
  }
  const double scale = std::max(std::fabs(actual), std::fabs(expected));
  return std::fabs(actual - expected) <= std::max(abs_tol, rel_tol * scale);
}

// check_close(...): close() for BOOST_TEST, reporting both values and the tolerances on failure.
inline boost::test_tools::predicate_result check_close(double actual, double expected,
                                                       double rel_tol, double abs_tol = 0) {
  boost::test_tools::predicate_result result = close(actual, expected, rel_tol, abs_tol);
  if (!result) {
    auto& out = result.message().stream();
    out.precision(17);
    out << "actual " << actual << " vs expected " << expected << " (difference "
        << actual - expected;
    out.precision(6);
    out << "; rel_tol " << rel_tol << ", abs_tol " << abs_tol << ")";
  }
  return result;
}

// fd_step: the default step of central_difference.
inline constexpr double fd_step = 1e-3;

// central_difference(f, x, h): f'(x) by the 5-point stencil
//   D(h) = (-f(x+2h) + 8f(x+h) - 8f(x-h) + f(x-2h)) / 12h,
// improved by one Richardson step, (16 D(h/2) - D(h)) / 15, which cancels the h^4 term of the
// error. What remains is O(h^6) truncation plus about 1e-16 * |f| / h rounding: near 1e-13 at
// the default h = 1e-3 even where f^(5) is large (1/x at 0.25).
template <class F>
double central_difference(F f, double x, double h = fd_step) {
  const auto stencil = [&](double step) {
    return (-f(x + 2 * step) + 8 * f(x + step) - 8 * f(x - step) + f(x - 2 * step)) / (12 * step);
  };
  return (16 * stencil(h / 2) - stencil(h)) / 15;
}

// Tolerances for comparing a derivative with central_difference at its default step: its error
// is near 1e-13 for the functions tested, so a relative 1e-9, plus an absolute
// 1e-11 * max(1, |f|) for derivatives that vanish (x^2 at 0), leave a wide margin.
inline constexpr double fd_rel_tol = 1e-9;
inline double fd_abs_tol(double f) {
  return 1e-11 * std::fmax(1.0, std::fabs(f));
}

}  // namespace ctgrad::test

#endif  // CTGRAD_TESTS_SUPPORT_REFERENCE_HPP
