// let<"d1">(e): a named subexpression, computed once. An expression is a tree: a subexpression
// used in several places (d1 in both normal CDFs of Black-Scholes) occurs there as copies, and is
// otherwise evaluated and swept once per copy. Evaluation, grad, value_and_grad, jacobian and
// backward compute a let expression's value once and sweep its derivatives once, however often
// it occurs. Its value and derivatives are e's; it prints as its name. Example:
// examples/black_scholes.cpp.
#pragma once

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/detail/tape.hpp>
#include <ctgrad/expression.hpp>

#include <type_traits>

namespace ctgrad {

// let<"d1">(e): e, computed once wherever it occurs. A variable, a constant or a number is
// returned as it is: there is nothing to share. Two let expressions with the same name and formula
// are one value, so they must hold the same numbers (else std::invalid_argument when used).
template <fixed_string Name, Operand E>
constexpr auto let(const E& e) {
  const auto x = as_expression(e);
  using X = std::remove_cvref_t<decltype(x)>;
  if constexpr (detail::is_node_v<X>)
    return node<let_op<Name>, X>(x);
  else
    return x;
}

}  // namespace ctgrad
