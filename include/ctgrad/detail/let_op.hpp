// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
// let_op<Name>, the operation of let<"name">(e) (let.hpp), and what the forward and reverse passes
// need to know of the let expressions in an expression.
#pragma once

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>

#include <boost/hana/append.hpp>
#include <boost/hana/contains.hpp>
#include <boost/hana/fold_left.hpp>
#include <boost/hana/for_each.hpp>
#include <boost/hana/integral_constant.hpp>
#include <boost/hana/tuple.hpp>
#include <boost/hana/type.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace ctgrad {

namespace hana = boost::hana;

// let_op<Name>: the identity, under a name.
template <fixed_string Name>
struct let_op {
  static constexpr fixed_string let_name = Name;  // printed as the name, not as a call
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = S;

  template <class V>
  static constexpr const V& apply(const V& a) {
    return a;
  }
  template <class G, class A, class R>
  static constexpr const G& pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return g;
  }
};

namespace detail {

// is_let_v<E>: E is a let expression. has_let_v<E>: E contains one.
template <class E>
constexpr bool is_let_v = false;
template <fixed_string Name, class A>
constexpr bool is_let_v<node<let_op<Name>, A>> = true;

template <class E>
constexpr bool has_let_v = false;
template <class Op, class... A>
constexpr bool has_let_v<node<Op, A...>> = is_let_v<node<Op, A...>> || (has_let_v<A> || ...);

// with_type(list, t): the hana::tuple_t list with t appended unless it holds it already.
inline constexpr auto with_type = [](auto list, auto t) {
  if constexpr (decltype(hana::contains(list, t))::value)
    return list;
  else
    return hana::append(list, t);
};

// lets_v<E>: the let expressions in E, each once, as a hana::tuple_t, inner ones before the ones
// that contain them (each one's value is computed from those before it).
template <class E>
constexpr auto lets_v = hana::tuple_t<>;
template <class Op, class... A>
  requires has_let_v<node<Op, A...>>
constexpr auto lets_v<node<Op, A...>> = [] {
  const auto inner =
      hana::fold_left(hana::make_tuple(lets_v<A>...), hana::tuple_t<>,
                      [](auto all, auto list) { return hana::fold_left(list, all, with_type); });
  if constexpr (is_let_v<node<Op, A...>>)
    return with_type(inner, hana::type_c<node<Op, A...>>);
  else
    return inner;
}();

// first_of<L>(e): the first occurrence of L in e.
template <class L, class E>
constexpr const L& first_of(const E& e) {
  if constexpr (__is_same(E, L))
    return e;
  else if constexpr (contains_v<std::remove_cvref_t<decltype(e.a)>, L>)
    return first_of<L>(e.a);
  else
    return first_of<L>(e.b);
}

// same_value(a, b): two numbers, or two tensors element by element, are equal.
template <class V>
constexpr bool same_value(const V& a, const V& b) {
  if constexpr (Number<V>) {
    return a == b;
  } else {
    if (a.size() != b.size())
      return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i])
        return false;
    return true;
  }
}

// same_numbers(a, b): the runtime numbers of two expressions of the same type are equal.
template <class E>
constexpr bool same_numbers(const E& a, const E& b) {
  if constexpr (is_static_v<E>)
    return true;
  else if constexpr (is_literal_v<E>)
    return same_value(a.value, b.value);
  else if constexpr (arity_v<E> == 1)
    return same_numbers(a.a, b.a);
  else
    return same_numbers(a.a, b.a) && same_numbers(a.b, b.b);
}

// all_like<L>(e, first): every occurrence of L in e has first's numbers.
template <class L, class E>
constexpr bool all_like(const E& e, const L& first) {
  if constexpr (__is_same(E, L))
    return same_numbers(e, first);
  else if constexpr (!contains_v<E, L>)
    return true;
  else if constexpr (arity_v<E> == 1)
    return all_like(e.a, first);
  else
    return all_like(e.a, first) && all_like(e.b, first);
}

// check_lets(f): f's let expressions of one name and formula hold the same numbers; they are one
// value. let<"a">(x * 2.0) and let<"a">(x * 3.0) have the same type: std::invalid_argument.
template <class F>
constexpr void check_lets(const F& f) {
  if constexpr (has_let_v<F>)
    hana::for_each(lets_v<F>, [&](auto l) {
      using L = typename decltype(l)::type;
      if constexpr (!is_static_v<L>)
        if (!all_like(f, first_of<L>(f)))
          throw std::invalid_argument(
              std::string("ctgrad: let<\"")
                  .append(op_t<L>::let_name.view())
                  .append("\"> names two expressions that differ in their numbers; name them "
                          "differently"));
    });
}

}  // namespace detail
}  // namespace ctgrad
