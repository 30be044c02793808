// Tensor operations: expand (broadcasting), sum and mean, transpose and matmul. Each carries its
// value on tensors and its derivative rule, a vector-Jacobian product in PyTorch's form. Sums and
// means along one dimension are in reductions.hpp, the losses (mse_loss, ...) in losses.hpp.
// Example: tests/runtime/tensor_test.cpp.
#pragma once

#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <cstddef>
#include <type_traits>

namespace ctgrad {

template <class Shape>
struct expand_op;

// expand<Shape>(x): x broadcast to Shape (torch.expand).
template <class Shape, Operand E>
constexpr auto expand(const E& x) {
  return detail::call<expand_op<Shape>>(x);
}

// sum_op: the sum of all elements.
struct sum_op {
  static constexpr auto name = "sum";
  static constexpr auto latex = "\\sum";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = shape<>;

  template <class V>
  static constexpr auto apply(const V& v) {
    if constexpr (TensorValue<V>)
      return detail::reduce_to<shape<>>(v);
    else
      return v;
  }
  // PyTorch's formula: grad expanded to the argument's shape.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return expand<detail::any_shape_t<A>>(g);
  }
};

// mean_op: the mean of all elements.
struct mean_op {
  static constexpr auto name = "mean";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = shape<>;

  template <class V>
  static constexpr auto apply(const V& v) {
    using T = detail::element_t<V>;
    return sum_op::apply(v) / static_cast<T>(detail::value_shape_t<V>::size);
  }
  // PyTorch's formula: grad expanded to the argument's shape, divided by its size.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    using S = detail::any_shape_t<A>;
    return expand<S>(g) / c<static_cast<std::intmax_t>(S::size)>;
  }
};

// expand_op<Shape>: broadcast to Shape.
template <class Shape>
struct expand_op {
  static constexpr auto name = "expand";
  static constexpr bool broadcast = true;  // printed as its argument
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = Shape;

  template <class V>
  static constexpr auto apply(const V& v) {
    using T = detail::element_t<V>;
    if constexpr (Shape::rank == 0)
      return v;
    else
      return detail::map([](auto x, auto) { return x; }, v, tensor<T, Shape>{});
  }
  // The adjoint is summed back to the argument's shape by the reverse sweep.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return g;
  }
};

// transpose_op: the transpose of a matrix.
struct transpose_op {
  static constexpr auto name = "t";
  static constexpr bool elementwise = false;
  template <class S>
  struct transposed {
    static_assert(S::rank == 2, "ctgrad: t(x) needs a matrix");
    using type = shape<S::dims[1], S::dims[0]>;
  };
  template <class S>
  using result_shape = typename transposed<S>::type;

  template <class T, class S>
  static constexpr auto apply(const tensor<T, S>& v) {
    tensor<T, result_shape<S>> result;
    for (std::size_t i = 0; i < S::dims[0]; ++i)
      for (std::size_t j = 0; j < S::dims[1]; ++j)
        result(j, i) = v(i, j);
    return result;
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<transpose_op>(g);
  }
};

// matmul_op: the matrix product.
struct matmul_op {
  static constexpr auto name = "matmul";
  static constexpr bool elementwise = false;
  template <class A, class B>
  struct product {
    static_assert(A::rank == 2 && B::rank == 2, "ctgrad: matmul(a, b) needs two matrices");
    static_assert(A::dims[1] == B::dims[0],
                  "ctgrad: matmul(a, b) needs a's columns to match b's rows (see the two shapes "
                  "in this instantiation)");
    using type = shape<A::dims[0], B::dims[1]>;
  };
  template <class A, class B>
  using result_shape = typename product<A, B>::type;

  template <class T, class A, class B>
  static constexpr auto apply(const tensor<T, A>& a, const tensor<T, B>& b) {
    tensor<T, result_shape<A, B>> result;
    for (std::size_t i = 0; i < A::dims[0]; ++i)
      for (std::size_t j = 0; j < B::dims[1]; ++j) {
        T sum{};
        for (std::size_t k = 0; k < A::dims[1]; ++k)
          sum += a(i, k) * b(k, j);
        result(i, j) = sum;
      }
    return result;
  }
  // PyTorch's formulas: grad @ b.t() and a.t() @ grad.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B& b, const R&) {
    return detail::call<matmul_op>(g, detail::call<transpose_op>(b));
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B&, const R&) {
    return detail::call<matmul_op>(detail::call<transpose_op>(a), g);
  }
};

// ones<N...>, zeros<N...>, full<N...>(v): constant tensors of shape<N...> (torch.ones,
// torch.zeros, torch.full), as the constant expanded to the shape.
template <std::size_t... N>
inline constexpr node<expand_op<shape<N...>>, constant<1>> ones{c<1>};
template <std::size_t... N>
inline constexpr node<expand_op<shape<N...>>, constant<0>> zeros{c<0>};
template <std::size_t... N, Number T>
constexpr node<expand_op<shape<N...>>, literal<T>> full(T value) {
  return node<expand_op<shape<N...>>, literal<T>>(literal<T>(value));
}

// sum(x), mean(x): the sum and the mean of all elements of x (a scalar).
template <Operand E>
constexpr auto sum(const E& x) {
  return detail::call<sum_op>(x);
}
template <Operand E>
constexpr auto mean(const E& x) {
  return detail::call<mean_op>(x);
}

// t(x), x.t(): the transpose of the matrix x.
template <Operand E>
constexpr auto t(const E& x) {
  return detail::call<transpose_op>(x);
}

template <class Derived>
constexpr auto expression_interface<Derived>::t() const {
  return make<transpose_op>(static_cast<const Derived&>(*this));
}

// matmul(a, b): the matrix product a @ b.
template <Operand A, Operand B>
constexpr auto matmul(const A& a, const B& b) {
  return detail::call<matmul_op>(a, b);
}

}  // namespace ctgrad
