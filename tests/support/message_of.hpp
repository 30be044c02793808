// message_of<E>(f): the what() of the E (std::invalid_argument by default) that f() throws, or
// "(nothing thrown)": for tests that check an error's text.
#pragma once

#include <stdexcept>
#include <string>

namespace ctgrad::test {

template <class E = std::invalid_argument, class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

}  // namespace ctgrad::test
