// Tensor operations: expand (broadcasting), sum and mean, transpose and matmul. Each carries its
// value on tensors and its derivative rule, a vector-Jacobian product in PyTorch's form. Sums and
// means along one dimension are in reductions.hpp, the losses (mse_loss, ...) in losses.hpp.
// Example: tests/runtime/tensor_ops_test.cpp.
#pragma once

#include <ctgrad/detail/matrix_kernels.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/literal.hpp>
#include <ctgrad/operation.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace ctgrad {

template <class Shape>
struct expand_op;

// expand<Shape>(x): x broadcast to Shape (torch.expand).
template <class Shape, Operand E>
constexpr auto expand(const E& x) {
  return detail::call<expand_op<Shape>>(x);
}

// expand_as_op: its first argument broadcast to the shape of the second (torch's expand_as),
// whose value gives only its dimensions: how an adjoint is broadcast to a tensor of a dynamic
// shape (expand_like).
struct expand_as_op {
  static constexpr auto name = "expand_as";
  static constexpr bool broadcast = true;  // printed as its argument
  static constexpr bool elementwise = false;
  static constexpr std::size_t flat_argument = 1;
  template <class S, class Like>
  using result_shape = Like;

  template <class V, class L>
  static constexpr auto apply(const V& v, const L& like) {
    using T = detail::element_t<V>;
    using R = tensor<T, detail::value_shape_t<L>>;
    return detail::written<R>(like.dims(), [&](R& result) {
      if constexpr (Number<V>) {
        std::fill(result.begin(), result.end(), v);
      } else {
        const detail::source_map<R::shape_type::rank> at(v.dims(), like.dims());
        for (std::size_t i = 0; i < result.size(); ++i)
          result[i] = v[at(i)];
      }
    });
  }
  // The adjoint is summed back to the argument's shape by the reverse sweep.
  template <class G, class V, class L, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const V&, const L&, const R&) {
    return g;
  }
  template <class G, class V, class L, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const V&, const L&, const R&) {
    return c<0>;
  }
};

// numel_op: the number of elements (torch.numel), a number with no derivative: the divisor of a
// mean over a dynamic shape.
struct numel_op {
  static constexpr auto name = "numel";
  static constexpr bool elementwise = false;
  static constexpr bool flat = true;
  template <class S>
  using result_shape = shape<>;

  template <class V>
  static constexpr auto apply(const V& v) {
    if constexpr (Number<V>)
      return V(1);
    else
      return static_cast<detail::element_t<V>>(v.size());
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G&, const A&, const R&) {
    return c<0>;
  }
};

namespace detail {
// expand_like(g, a): g broadcast to a's shape: expand<S>(g) when a's shape S is static, else to
// the dimensions of a's value (expand_as_op).
template <class G, class A>
constexpr auto expand_like(const G& g, const A& a) {
  using S = any_shape_t<A>;
  if constexpr (S::is_static)
    return expand<S>(g);
  else
    return call<expand_as_op>(g, a);
}

// numel_of(a): the number of elements of a (an expression or a value): a constant when its
// shape is static, else numel(a).
template <class A>
constexpr auto numel_of(const A& a) {
  using S = any_shape_t<A>;
  if constexpr (S::is_static)
    return c<static_cast<std::intmax_t>(S::size)>;
  else
    return call<numel_op>(a);
}
}  // namespace detail

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
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R&) {
    return detail::expand_like(g, a);
  }
  // of_sum(total, a): the value from the sum of the argument's elements (the forward loop of a
  // fused argument adds them up, as sum_elements does, while it computes them; a is the argument's
  // expression, for its shape). uniform_pullback(g, a): the pullback's value at every element,
  // which the reverse loop of a fused argument takes as it is rather than as a tensor.
  template <class V, class A>
  static constexpr V of_sum(V total, const A&) {
    return total;
  }
  template <class G, class A>
  static constexpr auto uniform_pullback(const G& g, const A&) {
    return g;
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
    if constexpr (detail::value_shape_t<V>::is_static)
      return sum_op::apply(v) / static_cast<T>(detail::value_shape_t<V>::size);
    else
      return sum_op::apply(v) / static_cast<T>(v.size());
  }
  // PyTorch's formula: grad expanded to the argument's shape, divided by its size.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R&) {
    return detail::expand_like(g, a) / detail::numel_of(a);
  }
  template <class V, class A>
  static constexpr V of_sum(V total, const A&) {
    return total / static_cast<V>(detail::any_shape_t<A>::size);
  }
  template <class G, class A>
  static constexpr auto uniform_pullback(const G& g, const A&) {
    return g / c<static_cast<std::intmax_t>(detail::any_shape_t<A>::size)>;
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

// sum_to_op<Shape>: the sum down to Shape over the dimensions along which Shape broadcasts to the
// argument's shape (torch's sum_to_size): the adjoint of a broadcast, which symbolic d builds.
template <class Shape>
struct sum_to_op {
  static constexpr auto name = "sum_to_size";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = Shape;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_to<Shape>(v);
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return expand<detail::any_shape_t<A>>(g);
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
    return detail::transposed(v);
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const R&) {
    return detail::call<transpose_op>(g);
  }
};

template <bool TA, bool TB>
struct transposed_matmul_op;

namespace detail {
// is_transpose_v<E>: E is t(x).
template <class E>
constexpr bool is_transpose_v = false;
template <class A>
constexpr bool is_transpose_v<node<transpose_op, A>> = true;

// untransposed(e): x for e = t(x), else e.
template <class E>
constexpr const auto& untransposed(const E& e) {
  if constexpr (is_transpose_v<E>)
    return e.a;
  else
    return e;
}

// matmul_of<TA, TB>(a, b): op(a) @ op(b), where op transposes a factor whose flag is set.
template <bool TA, bool TB, class A, class B>
constexpr auto matmul_of(const A& a, const B& b);
}  // namespace detail

namespace detail {
// matmul_product<A, B>: the shape of a matrix product of shapes A and B, checked.
template <class A, class B>
struct matmul_product {
  static_assert(A::rank == 2 && B::rank == 2, "ctgrad: matmul(a, b) needs two matrices");
  static_assert(A::dims[1] == B::dims[0] || A::dims[1] == dyn || B::dims[0] == dyn,
                "ctgrad: matmul(a, b) needs a's columns to match b's rows (see the two shapes "
                "in this instantiation)");
  using type = shape<A::dims[0], B::dims[1]>;
};
}  // namespace detail

// transposed_matmul_op<TA, TB>: op(a) @ op(b), where op transposes a factor whose flag is set:
// matmul(t(a), b), matmul(a, t(b)) or matmul(t(a), t(b)), which matmul builds (printed so), and
// with no flag set the plain product, matmul_op.
template <bool TA, bool TB>
struct transposed_matmul_op {
  static constexpr auto name = "matmul";
  static constexpr bool elementwise = false;
  static constexpr bool transposed[2] = {TA, TB};  // printed as t(a), t(b)
  template <class S, bool T>
  using factor_shape = std::conditional_t<T, transpose_op::result_shape<S>, S>;
  template <class A, class B>
  using result_shape =
      typename detail::matmul_product<factor_shape<A, TA>, factor_shape<B, TB>>::type;

  // reads_in_place: a factor that is a variable bound to numbers of the computation's type (a
  // span's, a tensor's) is read where they are (detail/tape.hpp), a tensor_view for a span.
  static constexpr bool reads_in_place = true;

  template <class A, class B>
  static constexpr auto apply(const A& a, const B& b) {
    return detail::matrix_product<TA, TB>(a, b);
  }
  // PyTorch's formulas, grad @ b.t() and a.t() @ grad, with op(a), op(b) in place of a, b; a
  // transposed gradient is the product of the transposes: for c = a @ t(b),
  // grad_b = t(a.t() @ grad) = grad.t() @ a.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B& b, const R&) {
    if constexpr (TA)
      return detail::matmul_of<TB, true>(b, g);  // t(g @ op(b).t())
    else
      return detail::matmul_of<false, !TB>(g, b);  // g @ op(b).t()
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B&, const R&) {
    if constexpr (TB)
      return detail::matmul_of<true, TA>(g, a);  // t(op(a).t() @ g)
    else
      return detail::matmul_of<!TA, false>(a, g);  // op(a).t() @ g
  }

  // pullback_into(I, g, a, b, r, out): the same pullback of tensor values, written into out (a
  // gradient's place that this product alone contributes to), rather than into a tensor that
  // would then be copied there (reverse/slot.hpp).
  static constexpr bool pulls_back_into = true;
  template <class G, class A, class B, class R, class Out>
  static constexpr void pullback_into(hana::size_t<0>, const G& g, const A&, const B& b, const R&,
                                      Out& out) {
    if constexpr (TA)
      detail::matrix_product_into<TB, true>(b, g, out);
    else
      detail::matrix_product_into<false, !TB>(g, b, out);
  }
  template <class G, class A, class B, class R, class Out>
  static constexpr void pullback_into(hana::size_t<1>, const G& g, const A& a, const B&, const R&,
                                      Out& out) {
    if constexpr (TB)
      detail::matrix_product_into<true, TA>(g, a, out);
    else
      detail::matrix_product_into<!TA, false>(a, g, out);
  }
};

// matmul_op: the matrix product, transposed_matmul_op without transposes, and the rule that
// builds the others: matmul(t(a), b), matmul(a, t(b)) are one product that reads the factor
// transposed, without the transposed copy, and whose derivatives need no transposes either
// (x @ w.t() is a linear layer).
struct matmul_op : transposed_matmul_op<false, false> {
  template <class A, class B>
    requires(detail::is_transpose_v<A> || detail::is_transpose_v<B>)
  static constexpr auto simplify(const A& a, const B& b) {
    return detail::matmul_of<detail::is_transpose_v<A>, detail::is_transpose_v<B>>(
        detail::untransposed(a), detail::untransposed(b));
  }
};

template <bool TA, bool TB, class A, class B>
constexpr auto detail::matmul_of(const A& a, const B& b) {
  if constexpr (detail::is_tensor_view_v<A> || detail::is_tensor_view_v<B>)
    return detail::matrix_product<TA, TB>(a, b);  // a factor read in place, times an adjoint
  else if constexpr (TA || TB)
    return detail::call<transposed_matmul_op<TA, TB>>(a, b);
  else
    return detail::call<matmul_op>(a, b);
}

// ones<N...>, zeros<N...>, full<N...>(v): constant tensors of shape<N...> (torch.ones,
// torch.zeros, torch.full), as the constant expanded to the shape.
template <std::size_t... N>
constexpr node<expand_op<shape<N...>>, constant<1>> ones{c<1>};
template <std::size_t... N>
constexpr node<expand_op<shape<N...>>, constant<0>> zeros{c<0>};
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

// matmul(a, b): the matrix product a @ b, of two matrices (a vector is a shape<N, 1> or
// shape<1, N> matrix here; PyTorch's vector cases are not provided).
template <Operand A, Operand B>
constexpr auto matmul(const A& a, const B& b) {
  static_assert(detail::any_shape_t<A>::rank == 2 && detail::any_shape_t<B>::rank == 2,
                "ctgrad: matmul(a, b) needs two matrices (rank 2); write a vector as a "
                "shape<N, 1> or shape<1, N> matrix");
  if constexpr (detail::any_shape_t<A>::rank == 2 && detail::any_shape_t<B>::rank == 2)
    return detail::call<matmul_op>(a, b);
}

}  // namespace ctgrad
