// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// count_of, all_of and any_of over a braced list of bools, for packs that can be long (the
// bindings or the targets of a gradient): Clang 14 limits fold expressions, and constrained
// parameter packs, to 256 arguments, but not braced lists. `all_of({Binding<B>...})`.
#pragma once

#include <cstddef>
#include <initializer_list>

namespace ctgrad::detail {

constexpr std::size_t count_of(std::initializer_list<bool> values) {
  std::size_t n = 0;
  for (const bool v : values)
    n += v ? 1 : 0;
  return n;
}

constexpr bool all_of(std::initializer_list<bool> values) {
  return count_of(values) == values.size();
}

constexpr bool any_of(std::initializer_list<bool> values) {
  return count_of(values) > 0;
}

}  // namespace ctgrad::detail
