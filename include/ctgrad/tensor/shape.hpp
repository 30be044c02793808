// shape<N...>: the dimensions of a tensor expression (shape<> is a scalar), each a number known at
// compile time or dyn, known when values are bound; and NumPy's broadcasting rule. Example:
// tests/runtime/dynamic_shape_test.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>

namespace ctgrad {

// dyn: a dimension whose size is known only at run time, when values are bound: shape<dyn, 784>
// is a batch of rows of 784 (std::dynamic_extent's value, as in std::extents).
inline constexpr std::size_t dyn = static_cast<std::size_t>(-1);

// shape<N...>: dimensions N..., outermost first, stored row-major. shape<> is a scalar. A shape
// with a dyn dimension is dynamic (is_static is false): its size is dyn too, and its tensors
// carry their dimensions.
template <std::size_t... N>
struct shape {
  static constexpr std::size_t rank = sizeof...(N);
  static constexpr bool is_static = ((N != dyn) && ...);
  static constexpr std::size_t size = is_static ? (std::size_t{1} * ... * N) : dyn;
  static constexpr std::array<std::size_t, rank> dims{N...};
};

using scalar_shape = shape<>;

namespace detail {

template <class T>
constexpr bool is_shape_v = false;
template <std::size_t... N>
constexpr bool is_shape_v<shape<N...>> = true;

// shape_from_t<Dims>: the shape whose dimensions are the constexpr std::array Dims.
template <auto Dims, class = std::make_index_sequence<Dims.size()>>
struct shape_from;
template <auto Dims, std::size_t... I>
struct shape_from<Dims, std::index_sequence<I...>> {
  using type = shape<Dims[I]...>;
};
template <auto Dims>
using shape_from_t = typename shape_from<Dims>::type;

// broadcast_result<A, B>: NumPy's broadcast of A and B (dimensions aligned on the right, each
// pair equal or one of them 1), or {false, ...} when impossible. A dyn dimension broadcasts with
// any: the result is the other one unless that is 1 or dyn (then dyn), and the values bound are
// checked when they are (runtime_broadcast).
template <class A, class B>
struct broadcast_result {
  static constexpr std::size_t rank = A::rank > B::rank ? A::rank : B::rank;
  static constexpr auto compute() {
    struct result {
      bool ok = true;
      std::array<std::size_t, rank> dims{};
    } r;
    for (std::size_t i = 0; i < rank; ++i) {
      const std::size_t a = i < A::rank ? A::dims[A::rank - 1 - i] : 1;
      const std::size_t b = i < B::rank ? B::dims[B::rank - 1 - i] : 1;
      if (a == dyn || b == dyn) {
        r.dims[rank - 1 - i] = a == dyn ? (b == 1 ? dyn : b) : (a == 1 ? dyn : a);
        continue;
      }
      r.ok = r.ok && (a == b || a == 1 || b == 1);
      r.dims[rank - 1 - i] = a == 1 ? b : a;
    }
    return r;
  }
  static constexpr auto value = compute();
};

template <class A, class B>
constexpr bool broadcastable_v = broadcast_result<A, B>::value.ok;

// shapes_do_not_broadcast<A, B>: the compile error for an elementwise operation on shapes that
// do not broadcast; the diagnostic shows both shapes.
template <class A, class B>
struct shapes_do_not_broadcast {
  static_assert(broadcastable_v<A, B>,
                "ctgrad: the shapes of an elementwise operation do not broadcast (dimensions, "
                "aligned on the right, must be equal or 1)");
  using type = shape<>;
};

template <class A, class B>
struct broadcast {
  using type = shape_from_t<broadcast_result<A, B>::value.dims>;
};
template <class A, class B>
  requires(!broadcastable_v<A, B>)
struct broadcast<A, B> : shapes_do_not_broadcast<A, B> {};

template <class A, class B>
struct concat_shape;
template <std::size_t... A, std::size_t... B>
struct concat_shape<shape<A...>, shape<B...>> {
  using type = shape<A..., B...>;
};

}  // namespace detail

// concat_shape_t<A, B>: the dimensions of A followed by those of B (the shape of a Jacobian).
template <class A, class B>
using concat_shape_t = typename detail::concat_shape<A, B>::type;

// broadcast_t<A, B>: the shape of an elementwise operation on shapes A and B.
template <class A, class B>
using broadcast_t = typename detail::broadcast<A, B>::type;

}  // namespace ctgrad
