// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// The forward pass of grad, value_and_grad, backward and jacobian: tape<T, E, Env>, the values of
// E and of all its subexpressions, and forward_t<T, F, Env>, which also computes each let
// expression of F once (let_forward).
#pragma once

#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/evaluate.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/type.hpp>
#include <boost/hana/unpack.hpp>

#include <cstddef>
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

// Fused regions. An elementwise expression over a tensor, such as square((x - mu) / sigma), is
// computed element by element in one loop, with no tensor for each operation between. in_region_v
// <E, S>: E is an elementwise node of shape S (rank > 0); fused_v<E>: E is the root of such a
// region. The region's interior is every argument in_region_v of the same shape, recursively; its
// inputs are the other arguments (leaves, scalars, smaller shapes broadcast to S, other
// operations), each with a tape of its own. The reverse sweep runs one loop too (sweep_region in
// reverse/region.hpp). The forward loop stores the root's values (unless only a sum reads them:
// summed_region) and those of the interior operations that are not cheap to recompute
// (Op::recompute: + - * and squares); the reverse loop reads them and recomputes the others.
// fused_v checks the rank first, in a constraint: a scalar node instantiates nothing more. A node
// of a dynamic shape is not fused (yet): each operation makes a tensor of the bound sizes.
template <class E>
constexpr bool fused_v = false;
template <class Op, class... A>
  requires(shape_of_t<node<Op, A...>>::rank > 0 && shape_of_t<node<Op, A...>>::is_static)
constexpr bool fused_v<node<Op, A...>> = elementwise_v<Op>;
template <class E, class S>
constexpr bool in_region_v = false;
template <class Op, class... A, class S>
  requires std::is_same_v<shape_of_t<node<Op, A...>>, S>
constexpr bool in_region_v<node<Op, A...>, S> = fused_v<node<Op, A...>>;

// recompute_v<Op>: the reverse loop of a region recomputes Op's values instead of storing them.
template <class Op>
constexpr bool recompute_v = requires {
  requires Op::recompute;
};

// tape<T, E, Env>: the values of E and of all its subexpressions for the bindings Env, recorded by
// the forward pass, which evaluates each node once, in place (the arguments' tapes are members,
// constructed first). A fused region's tape keeps its inputs' tapes and its stored values.
template <class T, class E, class Env, bool = fused_v<E>>
struct tape;

// region<T, E, Env, S>: the forward pass of a fused region of shape S at E: an input's tape, or an
// interior node's arguments and, if they are stored (always at the Root), its values.
// compute(i) computes (and stores) element i; at(i) reads an input's element i.
template <class T, class E, class Env, class S, bool Root = false, bool = in_region_v<E, S>>
struct region {
  static constexpr bool stored = false;
  tape<T, E, Env> t;
  constexpr region(const E& e, const Env& env) : t(e, env) {}
  constexpr T at(std::size_t i) const { return element<S>(t.value, i); }
  constexpr T compute(std::size_t i) const { return at(i); }
};

// An input read in place: a variable of the region's shape whose bound numbers are already of type
// T, in a tensor or a std::span (a tensor_view; in_place_v): the loops read them where they are,
// with no tape and no copy. (Elsewhere a variable bound to a span gets a tensor, a copy, from
// leaf, since the operations take tensors; except the parts that indices and slices take and the
// factors of matrix products, below.
// A strided slice, read in place here too, made the Rosenbrock function of 32 variables slower,
// 30 -> 41 ns, for 170 -> 131 ns at 128: it is copied, from the span, as any part.)
template <class Env>
using bindings_of_t = std::remove_cvref_t<decltype(env_of(std::declval<const Env&>()))>;

// bound_tape<T, A, Env>: the tape of a variable A whose bound numbers are read where they are
// (in_place_v): a reference to them, or their tensor_view.
template <class T, class A, class Env>
struct bound_tape {
  decltype(converted<T>(env_of(std::declval<const Env&>()).template value<A>())) value;
  constexpr bound_tape(const A&, const Env& env)
      : value(converted<T>(env_of(env).template value<A>())) {}
};

template <class T, class E, class Env, class S, bool Root>
  requires(std::is_same_v<shape_of_t<E>, S>&& in_place_v<T, E, bindings_of_t<Env>>)
struct region<T, E, Env, S, Root, false> {
  static constexpr bool stored = false;
  bound_tape<T, E, Env> t;
  constexpr region(const E& e, const Env& env) : t(e, env) {}
  constexpr T at(std::size_t i) const { return t.value[i]; }
  constexpr T compute(std::size_t i) const { return at(i); }
};

// region_values<T, S, Stored>: the values of a region's node, when they are stored.
template <class T, class S, bool Stored>
struct region_values {};
template <class T, class S>
struct region_values<T, S, true> {
  tensor<T, S> value;
};
template <class T, class S>
  requires(!stored_inline_v<T, S::size>)
struct region_values<T, S, true> {
  tensor<T, S> value{unset<tensor<T, S>>()};  // the forward loop writes every element
};

template <class T, class Op, class A, class Env, class S, bool Root>
struct region<T, node<Op, A>, Env, S, Root, true> : region_values<T, S, Root || !recompute_v<Op>> {
  static constexpr bool stored = Root || !recompute_v<Op>;
  region<T, A, Env, S> a;
  constexpr region(const node<Op, A>& e, const Env& env) : a(e.a, env) {}
  constexpr T compute(std::size_t i) {
    const T v = Op::apply(a.compute(i));
    if constexpr (stored)
      this->value[i] = v;
    return v;
  }
};
template <class T, class Op, class A, class B, class Env, class S, bool Root>
struct region<T, node<Op, A, B>, Env, S, Root, true>
    : region_values<T, S, Root || !recompute_v<Op>> {
  static constexpr bool stored = Root || !recompute_v<Op>;
  region<T, A, Env, S> a;
  region<T, B, Env, S> b;
  constexpr region(const node<Op, A, B>& e, const Env& env) : a(e.a, env), b(e.b, env) {}
  constexpr T compute(std::size_t i) {
    const T u = a.compute(i);  // in order: a's stored values are written before b's
    const T v = Op::apply(u, b.compute(i));
    if constexpr (stored)
      this->value[i] = v;
    return v;
  }
};

// The tape of a fused region: one loop over the elements.
template <class T, class E, class Env>
struct tape<T, E, Env, true> : region<T, E, Env, shape_of_t<E>, true> {
  constexpr tape(const E& e, const Env& env) : region<T, E, Env, shape_of_t<E>, true>(e, env) {
    for (std::size_t i = 0; i < shape_of_t<E>::size; ++i)
      this->compute(i);
  }
};

// summed_region<T, E, Env>: the forward pass of a fused region whose values only a sum (or a
// mean) reads (Op::of_sum): its loop adds the elements up into total, as sum_elements does, as it
// computes them, and stores the root's values only where the reverse loop would not recompute
// them (Op::recompute), as for an interior node: the square of the normal log-pdf is not stored.
template <class T, class E, class Env>
struct summed_region : region<T, E, Env, shape_of_t<E>> {
  constexpr summed_region(const E& e, const Env& env, T& total)
      : region<T, E, Env, shape_of_t<E>>(e, env) {
    total = sum_elements<T, shape_of_t<E>::size>([&](std::size_t i) { return this->compute(i); });
  }
};

// A part of a variable (Op::slices, Op::gathers), or a factor of a matrix product
// (Op::reads_in_place), is read from the variable's bound numbers when they can be read in place
// (argument_in_place_v): the tape of the variable, bound_tape (above), is a reference to them, or
// their tensor_view, not a copy. argument_tape_t<T, E, I, A, Env>: the tape of A, E's argument I.
template <class T, class E, std::size_t I, class A, class Env>
using argument_tape_t = std::conditional_t<argument_in_place_v<T, E, I, bindings_of_t<Env>>,
                                           bound_tape<T, A, Env>, tape<T, A, Env>>;

template <class T, class E, class Env, bool>
struct tape {
  decltype(leaf<T>(std::declval<const E&>(), env_of(std::declval<const Env&>()))) value;
  constexpr tape(const E& e, const Env& env) : value(leaf<T>(e, env_of(env))) {}
};
template <class T, class Op, class A, class Env>
struct tape<T, node<Op, A>, Env, false> {
  argument_tape_t<T, node<Op, A>, 0, A, Env> a;
  value_of_t<T, node<Op, A>> value;
  constexpr tape(const node<Op, A>& e, const Env& env) : a(e.a, env), value(apply<Op>(a.value)) {}
};
template <class T, class Op, class A, class B, class Env>
struct tape<T, node<Op, A, B>, Env, false> {
  argument_tape_t<T, node<Op, A, B>, 0, A, Env> a;
  argument_tape_t<T, node<Op, A, B>, 1, B, Env> b;
  value_of_t<T, node<Op, A, B>> value;
  constexpr tape(const node<Op, A, B>& e, const Env& env)
      : a(e.a, env), b(e.b, env), value(apply<Op>(a.value, b.value)) {}
};

// The sum (or mean) of a fused region: its loop adds the elements up; no second pass over them,
// and no tensor of them (summed_region). Op::of_sum and Op::uniform_pullback (reverse/region.hpp)
// take the argument's expression, for its shape.
template <class Op, class T, class A>
concept sums_region = fused_v<A> && requires(T total, const A& a) {
  Op::of_sum(total, a);
  Op::uniform_pullback(total, a);
};
template <class T, class Op, class A, class Env>
  requires sums_region<Op, T, A>
struct tape<T, node<Op, A>, Env, false> {
  T total{};  // set by a's loop
  summed_region<T, A, Env> a;
  T value;
  constexpr tape(const node<Op, A>& e, const Env& env)
      : a(e.a, env, total), value(Op::of_sum(total, e.a)) {}
};

// A let expression's tape refers to its value, computed once by the root (let_forward).
template <class T, fixed_string Name, class A, class Env, class Root>
struct tape<T, node<let_op<Name>, A>, let_context<Env, Root>, false> {
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
    if constexpr (__is_same(E, L))
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
