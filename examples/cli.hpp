// Helpers of the tensor examples: tensors as text, and numbers from the command line.
#pragma once

#include "json.hpp"

#include <ctgrad/tensor/tensor.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace example {

// text(t, row_separator): a vector as [a, b, c]; a matrix as [[...], [...]], rows separated by
// row_separator.
template <class S>
std::string text(const ctgrad::tensor<float, S>& t, std::string_view row_separator = ", ") {
  static_assert(S::rank == 1 || S::rank == 2);
  constexpr std::size_t columns = S::dims[S::rank - 1];
  std::string out = S::rank == 2 ? "[[" : "[";
  for (std::size_t i = 0; i < S::size; ++i) {
    if (i % columns != 0)
      out += ", ";
    else if (i != 0)
      out.append("]").append(row_separator).append("[");
    out += number(t[i]);
  }
  return out + (S::rank == 2 ? "]]" : "]");
}

// parse_values<N>(option, text): the N comma-separated numbers of `option v1,...,vN`.
template <std::size_t N>
std::array<float, N> parse_values(std::string_view option, std::string_view text) {
  const auto fail = [&](const std::string& problem) {
    throw std::invalid_argument(std::string(option) + " expects " + std::to_string(N)
                                + " comma-separated numbers, but " + problem);
  };
  std::array<float, N> values{};
  std::size_t count = 0;
  for (std::size_t begin = 0; begin <= text.size();) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const std::string_view item = text.substr(begin, comma - begin);
    float value{};
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (item.empty())
      fail(std::string("value ").append(std::to_string(count + 1)).append(" is empty"));
    if (error == std::errc::result_out_of_range)
      fail(std::string("'").append(item).append("' is out of float's range"));
    if (error != std::errc{} || end != item.data() + item.size())
      fail(std::string("'").append(item).append("' is not a number"));
    if (count < N)
      values[count] = value;
    ++count;
    begin = comma + 1;
  }
  if (count != N)
    fail(std::string("got ").append(std::to_string(count)));
  return values;
}

// parse_count(option, text): the whole number of `option N`.
inline std::size_t parse_count(std::string_view option, std::string_view text) {
  std::size_t v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc{} || end != text.data() + text.size())
    throw std::invalid_argument(std::string(option) + " expects a whole number, not '"
                                + std::string(text) + "'");
  return v;
}

}  // namespace example
