// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace ctgrad {

// fixed_string<N>: a string literal usable as a template argument (N counts the terminating '\0').
template <std::size_t N>
struct fixed_string {
  char data[N]{};

  constexpr fixed_string() = default;
  constexpr fixed_string(const char (&text)[N]) { std::copy_n(text, N, data); }

  static constexpr std::size_t size() { return N - 1; }
  constexpr std::string_view view() const { return {data, N - 1}; }
  constexpr operator std::string_view() const { return view(); }

  template <std::size_t M>
  friend constexpr bool operator==(const fixed_string& a, const fixed_string<M>& b) {
    return a.view() == b.view();
  }
  friend constexpr bool operator==(const fixed_string& a, std::string_view b) {
    return a.view() == b;
  }
};

template <std::size_t N>
fixed_string(const char (&)[N]) -> fixed_string<N>;

}  // namespace ctgrad
