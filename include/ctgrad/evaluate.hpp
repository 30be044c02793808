// Evaluation: bind variables by name (`f(x = 1.0, w = 2.0)` or a reusable `bind(...)`) and compute
// the value, in constant expressions too. Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/diagnostic.hpp>
#include <ctgrad/detail/let_op.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/variable.hpp>

#include <boost/hana/at_key.hpp>
#include <boost/hana/contains.hpp>
#include <boost/hana/map.hpp>
#include <boost/hana/pair.hpp>
#include <boost/hana/type.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ctgrad {

// basic_bindings<Owning, B...>: values for variables, looked up by variable in a Hana map: copies
// of the bound values (Owning), or pointers to the bindings `x = 1.0` of one call, which live as
// long as the call does, so that a call does not copy its arguments again. B... are bindings
// (checked where they are made: an unconstrained pack, as Clang 14 limits constrained ones to 256).
template <bool Owning, class... B>
struct basic_bindings {
  template <class Bi>
  using stored =
      std::conditional_t<Owning, typename Bi::value_type, const typename Bi::value_type*>;
  using map_type = decltype(boost::hana::make_map(
      boost::hana::make_pair(boost::hana::type_c<typename B::variable>, stored<B>{})...));
  map_type map;

  // has<V>: variable V has a value here.
  template <class V>
  static constexpr bool has = detail::any_of({__is_same(V, typename B::variable)...});

  // value<V>(): the value bound to V.
  template <class V>
  constexpr const auto& value() const {
    if constexpr (Owning)
      return boost::hana::at_key(map, boost::hana::type_c<V>);
    else
      return *boost::hana::at_key(map, boost::hana::type_c<V>);
  }
};

// bindings<B...>: a reusable set of values for variables. Made by bind().
template <class... B>
using bindings = basic_bindings<true, B...>;

namespace detail {
// bound_once<V, B...>(): true when V is bound at most once among B...; else a compile error.
// (__is_same, the builtin behind std::is_same_v in GCC and Clang, instantiates nothing: with N
// bindings this check and has<V> compare N^2 pairs.)
template <class V, class... B>
constexpr bool bound_once() {
  if constexpr (count_of({__is_same(V, typename B::variable)...}) > 1)
    return bound_twice<V>();
  else
    return true;
}
}  // namespace detail

// bind(x = 1.0, w = 2.0): a reusable set of bindings, in any order.
template <class... B>
constexpr bindings<B...> bind(const B&... b) {
  static_assert(detail::all_of({Binding<B>...}), "ctgrad: bind takes bindings `x = value`");
  static_assert(detail::all_of({detail::bound_once<typename B::variable, B...>()...}));
  return {boost::hana::make_map(
      boost::hana::make_pair(boost::hana::type_c<typename B::variable>, b.value)...)};
}

namespace detail {

template <class T>
constexpr bool is_bindings_v = false;
template <bool Owning, class... B>
constexpr bool is_bindings_v<basic_bindings<Owning, B...>> = true;

// as_bindings(args...): the bindings of one call: a reference to a bindings object, or pointers
// to the bindings `x = 1.0` given (which live until the call returns).
template <class... Args>
constexpr decltype(auto) as_bindings(const Args&... args) {
  if constexpr (sizeof...(Args) == 1 && (is_bindings_v<Args> && ...)) {
    return (args, ...);
  } else {
    static_assert(all_of({Binding<Args>...}),
                  "ctgrad: evaluate with bindings `x = value` or one object made by bind()");
    static_assert(all_of({bound_once<typename Args::variable, Args...>()...}));
    return basic_bindings<false, Args...>{boost::hana::make_map(
        boost::hana::make_pair(boost::hana::type_c<typename Args::variable>, &args.value)...)};
  }
}

// known_bindings<F, std::tuple<V...>, Args...>(): true when each binding given in the call Args
// binds a variable of F or one of the variables V... that F is differentiated by, or F holds no
// variable at all; else a compile error naming the first that does not. A bind(...) object may hold
// more: it is not checked, so that one object serves several expressions.
template <class F, class Targets>
struct binding_check;
template <class F, class... V>
struct binding_check<F, std::tuple<V...>> {
  template <class B>
  static constexpr bool known() {
    if constexpr (contains_v<F, B> || any_of({__is_same(B, V)...}))
      return true;
    else
      return unknown_binding<B>();
  }
};

// first_unbound_t<E, Env>: diagnostic::variable_<name...> of the first variable of E that Env does
// not bind, or all_bound. Asserting its is_bound in an entry point puts the error that names the
// variable at the top of the compiler's output, before the instantiations of the evaluation.
struct all_bound {
  static constexpr bool is_bound = true;
};
template <fixed_string Name, class I>
struct spelled_name;
template <fixed_string Name, std::size_t... I>
struct spelled_name<Name, std::index_sequence<I...>> {
  using type = diagnostic::variable_<Name.data[I]...>;
};
template <class E, class Env>
struct first_unbound {
  using type = all_bound;
};
template <class Env, class... A>
struct first_unbound_of {
  using type = all_bound;
};
template <class Env, class A, class... B>
struct first_unbound_of<Env, A, B...> {
  using head = typename first_unbound<A, Env>::type;
  using type = std::conditional_t<std::is_same_v<head, all_bound>,
                                  typename first_unbound_of<Env, B...>::type, head>;
};
template <Variable E, class Env>
struct first_unbound<E, Env> {
  using type = std::conditional_t<
      Env::template has<E>, all_bound,
      typename spelled_name<E::name, std::make_index_sequence<E::name.size()>>::type>;
};
template <class Op, class... A, class Env>
struct first_unbound<node<Op, A...>, Env> {
  using type = typename first_unbound_of<Env, A...>::type;
};
template <class E, class Env>
using first_unbound_t = typename first_unbound<std::remove_cvref_t<E>, Env>::type;

// bound_in<E, Env>(): whether Env binds every variable of E; if not, a compile error naming the
// first that it does not, asserted by the entry points before they evaluate anything.
template <class E, class Env>
constexpr bool bound_in() {
  static_assert(first_unbound_t<E, Env>::is_bound,
                "ctgrad: a variable of the expression is not bound; bind it in the call, e.g. "
                "f(x = 1.0, w = 2.0)");
  return first_unbound_t<E, Env>::is_bound;
}

// has_variable_v<E>: E holds a variable (an expression that folded to a number holds none).
template <class E>
constexpr bool has_variable_v = Variable<E>;
template <class Op, class... A>
constexpr bool has_variable_v<node<Op, A...>> = (has_variable_v<A> || ...);

template <class F, class Targets, class... Args>
constexpr bool known_bindings() {
  if constexpr ((is_bindings_v<Args> || ...) || !all_of({Binding<Args>...}))
    return true;  // a bind() object; or no bindings at all, which as_bindings reports
  else if constexpr (!has_variable_v<std::remove_cvref_t<F>>)
    return true;  // folded to a number: generic code cannot know which of its functions do
  else
    return all_of({binding_check<std::remove_cvref_t<F>,
                                 Targets>::template known<typename Args::variable>()...});
}

// value_type_t<E, Env>: the type an evaluation of E computes in: the common type of the values
// bound to E's variables (integers promote to double; double when E has no variable).
struct no_type {};
template <class A, class B>
struct join {
  using type = std::common_type_t<A, B>;
};
template <class B>
struct join<no_type, B> {
  using type = B;
};
template <class A>
struct join<A, no_type> {
  using type = A;
};
template <>
struct join<no_type, no_type> {
  using type = no_type;
};
template <class Acc>
struct join_fold {
  template <class T>
  constexpr auto operator+(join_fold<T>) const -> join_fold<typename join<Acc, T>::type>;
  using type = Acc;
};

// element_of_expression<E, Env>::type: the common element type of the values bound to E's
// variables (no_type when none is bound), found by one walk over E: a fold over the bindings for
// each subexpression would cost (nodes x bindings) instantiations.
template <class E, class Env>
struct element_of_expression {
  using type = no_type;
};
template <class V, class Env>
  requires(Variable<V>&& Env::template has<V>)
struct element_of_expression<V, Env> {
  using type =
      element_t<std::remove_cvref_t<decltype(std::declval<const Env&>().template value<V>())>>;
};
template <class Op, class... A, class Env>
struct element_of_expression<node<Op, A...>, Env> {
  using type =
      typename decltype((join_fold<no_type>{} + ...
                         + join_fold<typename element_of_expression<A, Env>::type>{}))::type;
};

template <class E, class Env>
struct value_type {
  using joined = typename element_of_expression<E, Env>::type;
  using type = promoted_t<std::conditional_t<std::is_same_v<joined, no_type>, double, joined>>;
};

template <class E, class Env>
using value_type_t = typename value_type<E, Env>::type;

template <class V>
constexpr bool is_param_ref_v = false;
template <class P>
constexpr bool is_param_ref_v<param_ref<P>> = true;

// converted<T>(v): a bound value with its numbers in type T; v itself (a reference, not a copy)
// when they are already of type T (a tensor_view then converts to a tensor where it is used).
template <class T, class V>
constexpr decltype(auto) converted(const V& v) {
  if constexpr (is_param_ref_v<V>)
    return converted<T>(v.target->value);
  else if constexpr (std::is_same_v<element_t<V>, T>)
    return (v);
  else if constexpr (TensorValue<V> || is_tensor_view_v<V>)
    return map([](auto x) { return static_cast<T>(x); }, v);
  else
    return static_cast<T>(v);
}

// in_place_v<T, V, Env>: variable V is bound in Env to numbers of type T in a tensor or, from a
// std::span, a tensor_view: numbers that can be read where they are (converted gives a reference
// to them, not a converted copy).
template <class T, class V, class Env>
constexpr bool in_place_v = [] {
  if constexpr (Variable<V> && Env::template has<V>) {
    using bound = decltype(converted<T>(std::declval<const Env&>().template value<V>()));
    using value = std::remove_cvref_t<bound>;
    return std::is_reference_v<bound> && (is_tensor_v<value> || is_tensor_view_v<value>);
  } else {
    return false;
  }
}();

// argument_in_place_v<T, E, I, Env>: E's argument I is such a variable and E's operation reads
// it where it is, without a copy of the whole variable first: it takes a part of its first
// argument (Op::slices, Op::gathers; a fold over x[i] for every i would otherwise copy x at each),
// or it reads its arguments in place (Op::reads_in_place: matmul, whose factors are large).
template <class Op>
concept reads_in_place_op = requires {
  Op::reads_in_place;
};
template <class Op>
concept takes_part_op = requires {
  Op::slices;
}
|| requires {
  Op::gathers;
};

template <class T, class E, std::size_t I, class Env>
constexpr bool argument_in_place_v = false;
template <class T, class Op, class A, class... B, class Env>
  requires(reads_in_place_op<Op> || takes_part_op<Op>)
constexpr bool argument_in_place_v<T, node<Op, A, B...>, 0, Env> = in_place_v<T, A, Env>;
template <class T, class Op, class A, class B, class Env>
  requires reads_in_place_op<Op>
constexpr bool argument_in_place_v<T, node<Op, A, B>, 1, Env> = in_place_v<T, B, Env>;

template <class T, class E, class Env>
constexpr value_t<T, shape_of_t<E>> evaluate(const E& e, const Env& env);

// argument<T, E, I>(a, env): the value of E's argument I, a, for E's operation: the bound numbers
// themselves when it reads them in place (argument_in_place_v), else a's value.
template <class T, class E, std::size_t I, class A, class Env>
constexpr decltype(auto) argument(const A& a, const Env& env) {
  if constexpr (argument_in_place_v<T, E, I, Env>)
    return converted<T>(env.template value<A>());
  else
    return evaluate<T>(a, env);
}

// evaluate<T>(e, env): the value of e computed in T (a number, or a tensor of T).
template <class T, class E, class Env>
constexpr value_t<T, shape_of_t<E>> evaluate(const E& e, const Env& env) {
  if constexpr (Variable<E>) {
    if constexpr (Env::template has<E>)
      return converted<T>(env.template value<E>());
    else
      return value_t<T, shape_of_t<E>>(unbound<E>());
  } else if constexpr (is_constant_v<E>) {
    return E::template as<T>();
  } else if constexpr (is_literal_v<E>) {
    if constexpr (Number<decltype(e.value)>)
      return static_cast<T>(e.value);
    else
      return value_t<T, shape_of_t<E>>(converted<T>(e.value));
  } else if constexpr (arity_v<E> == 1) {
    return apply<op_t<E>>(argument<T, E, 0>(e.a, env));
  } else {
    return apply<op_t<E>>(argument<T, E, 0>(e.a, env), argument<T, E, 1>(e.b, env));
  }
}

// evaluate_once<T>(e, env): the value of e computed in T, each let expression once (defined in
// detail/tape.hpp, which let.hpp includes).
template <class T, class E, class Env>
constexpr value_t<T, shape_of_t<E>> evaluate_once(const E& e, const Env& env);

}  // namespace detail

// evaluate(e, args...): the value of e for the bindings args (`x = 1.0` or bind(...)).
template <Expression E, class... Args>
constexpr auto evaluate(const E& e, const Args&... args) {
  const auto& env = detail::as_bindings(args...);
  using Env = std::remove_cvref_t<decltype(env)>;
  using T = detail::value_type_t<E, Env>;
  if constexpr (!detail::bound_in<E, Env>()) {
    return T{};  // the error first, naming the variable, and no evaluation to report it again
  } else if constexpr (detail::has_let_v<E>) {
    detail::check_lets(e);
    return detail::evaluate_once<T>(e, env);
  } else {
    return detail::evaluate<T>(e, env);
  }
}

// evaluate(number, args...): an expression folded to a number (see d) evaluates to it.
template <Number E, class... Args>
constexpr auto evaluate(const E& e, const Args&... args) {
  return evaluate(as_expression(e), args...);
}

template <class Derived>
template <class... Bindings>
constexpr auto expression_interface<Derived>::operator()(const Bindings&... bindings) const {
  return ctgrad::evaluate(static_cast<const Derived&>(*this), bindings...);
}

}  // namespace ctgrad
