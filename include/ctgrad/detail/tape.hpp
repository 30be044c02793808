// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The forward pass of grad, value_and_grad, backward and jacobian: tape<T, E, Env>, the values of
// E and of all its subexpressions, and forward_t<T, F, Env>, which also computes each let
// expression of F once (let_forward).
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>

#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <type_traits>
#include <utility>

namespace ctgrad::detail {

// value_of_t<T, E>: the type of E's value computed in T.
template <class T, class E>
using value_of_t = value_t<T, shape_of_t<E>>;

// let_context<Env, Root>: what the tapes of an expression with let expressions are built from:
// the bindings, and the root of the forward pass, which holds the let expressions' values.
// env_of(env): the bindings of either.
template <class Env, class Root>
struct let_context {
  const Env& env;
  const Root& root;
};

template <class Env>
constexpr const Env& env_of(const Env& env) {
  return env;
}
template <class Env, class Root>
constexpr const Env& env_of(const let_context<Env, Root>& context) {
  return context.env;
}

// leaf<T>(e, env): the value of a leaf (variable, constant, literal) for the tape: a reference to
// the bound value when that is already a value of type T (no copy), else the value.
template <class T, class E, class Env>
constexpr decltype(auto) leaf(const E& e, const Env& env) {
  if constexpr (Variable<E> && Env::template has<E>) {
    if constexpr (std::is_same_v<decltype(converted<T>(env.template value<E>())),
                                 const value_of_t<T, E>&>)
      return converted<T>(env.template value<E>());
    else
      return detail::evaluate<T>(e, env);
  } else {
    return detail::evaluate<T>(e, env);
  }
}

// tape<T, E, Env>: the values of E and of all its subexpressions for the bindings Env, recorded by
// the forward pass, which evaluates each node once, in place (the arguments' tapes are members,
// constructed first).
template <class T, class E, class Env>
struct tape {
  decltype(leaf<T>(std::declval<const E&>(), env_of(std::declval<const Env&>()))) value;
  constexpr tape(const E& e, const Env& env) : value(leaf<T>(e, env_of(env))) {}
};
template <class T, class Op, class A, class Env>
struct tape<T, node<Op, A>, Env> {
  tape<T, A, Env> a;
  value_of_t<T, node<Op, A>> value;
  constexpr tape(const node<Op, A>& e, const Env& env) : a(e.a, env), value(apply<Op>(a.value)) {}
};
template <class T, class Op, class A, class B, class Env>
struct tape<T, node<Op, A, B>, Env> {
  tape<T, A, Env> a;
  tape<T, B, Env> b;
  value_of_t<T, node<Op, A, B>> value;
  constexpr tape(const node<Op, A, B>& e, const Env& env)
      : a(e.a, env), b(e.b, env), value(apply<Op>(a.value, b.value)) {}
};

// A let expression's tape refers to its value, computed once by the root (let_forward).
template <class T, fixed_string Name, class A, class Env, class Root>
struct tape<T, node<let_op<Name>, A>, let_context<Env, Root>> {
  const value_of_t<T, A>& value;
  constexpr tape(const node<let_op<Name>, A>&, const let_context<Env, Root>& context)
      : value(context.root.lets.template get<node<let_op<Name>, A>>().t.value) {}
};

// let_chain<T, Context, L...>: for each let expression L, in order: its argument (as it first
// occurs in f) and that argument's tape. A member is constructed after the ones before it, so a
// let expression's tape can refer to the values of the ones it contains.
template <class T, class Context, class... L>
struct let_chain {
  template <class F>
  constexpr let_chain(const F&, const Context&) {}
};
template <class T, class Context, class L, class... Rest>
struct let_chain<T, Context, L, Rest...> {
  using argument = std::remove_cvref_t<decltype(std::declval<const L&>().a)>;
  const argument& e;
  tape<T, argument, Context> t;
  let_chain<T, Context, Rest...> rest;

  template <class F>
  constexpr let_chain(const F& f, const Context& context)
      : e(first_of<L>(f).a), t(e, context), rest(f, context) {}

  // get<E>(): the link of let expression E.
  template <class E>
  constexpr const auto& get() const {
    if constexpr (std::is_same_v<E, L>)
      return *this;
    else
      return rest.template get<E>();
  }
};

// let_forward<T, F, Env>: the forward pass of an f that has let expressions: their values first,
// inner ones first, then f's tape, whose let expressions refer to them.
template <class T, class F, class Env>
struct let_forward {
  using context_type = let_context<Env, let_forward>;
  using chain_type = typename decltype(hana::unpack(lets_v<F>, [](auto... l) {
    return hana::type_c<let_chain<T, context_type, typename decltype(l)::type...>>;
  }))::type;

  context_type context;
  chain_type lets;
  tape<T, F, context_type> main;
  const value_of_t<T, F>& value;

  constexpr let_forward(const F& f, const Env& env)
      : context{env, *this}, lets(f, context), main(f, context), value(main.value) {}
};

// forward_t<T, F, Env>: the forward pass of f: its tape, or let_forward when f has let expressions.
template <class T, class F, class Env>
using forward_t = std::conditional_t<has_let_v<F>, let_forward<T, F, Env>, tape<T, F, Env>>;

// evaluate_once<T>(e, env): the value of e, each of its let expressions computed once.
template <class T, class E, class Env>
constexpr value_of_t<T, E> evaluate_once(const E& e, const Env& env) {
  return let_forward<T, E, Env>(e, env).value;
}

}  // namespace ctgrad::detail
