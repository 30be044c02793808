// Reductions with PyTorch's names, values and gradients: logsumexp, amax and amin, prod, variance
// and stddev (torch.var and torch.std, with PyTorch's correction), norm (p = 1, 2 or infinity),
// argmax and argmin. Each reduces all of a tensor's elements to a scalar, amax(x), or one
// dimension, which is removed, amax<Dim>(x); a negative Dim counts from the end (-1 is the last).
// Example: tests/runtime/reductions_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/operations/selection.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/reductions.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

namespace ctgrad {

namespace hana = boost::hana;

namespace detail {

// whole: the Dim of a reduction over all of a tensor's elements, to a scalar.
constexpr std::size_t whole = static_cast<std::size_t>(-1);

// reduced<S, Dim, Keep>: the shape of a reduction of S along Dim (removed, or kept with size 1),
// or over all of it (a scalar).
template <class S, std::size_t Dim, bool Keep>
struct reduced {
  static_assert(Dim == whole || Dim < S::rank,
                "ctgrad: a reduction along dimension Dim needs Dim < the rank of x");
  using type = std::conditional_t<
      Dim == whole, shape<>,
      reshaped_t<S, (Dim == whole ? 0 : Dim), Keep ? reshape_kind::keep : reshape_kind::remove>>;
};
template <class S, std::size_t Dim, bool Keep>
using reduced_t = typename reduced<S, Dim, Keep>::type;

// reduction_layout<Dim>(v): v seen as outer x n x inner, n being dimension Dim (layout_along),
// or, for whole, 1 x (all elements) x 1.
template <std::size_t Dim, class V>
constexpr auto reduction_layout(const V& v) {
  using S = typename V::shape_type;
  if constexpr (Dim != whole) {
    return layout_along<Dim>(v);
  } else {
    using one = std::integral_constant<std::size_t, 1>;
    if constexpr (S::is_static)
      return value_layout<one, std::integral_constant<std::size_t, S::size>, one>{};
    else
      return value_layout<one, std::size_t, one>{{}, v.size(), {}};
  }
}

// reduce_slices<Dim, Keep>(v, f): the reduction of v whose element for each slice along Dim (or
// for all of v) is f(at, n), at(k) being the slice's element k and n its length.
template <std::size_t Dim, bool Keep, class T, class S, class F>
constexpr auto reduce_slices(const tensor<T, S>& v, F f) {
  using R = value_t<T, reduced_t<S, Dim, Keep>>;
  const auto L = reduction_layout<Dim>(v);
  auto result = [&] {
    if constexpr (Dim == whole)
      return R{};
    else
      return zeros_of<R>(reshaped_dims < Dim,
                         Keep ? reshape_kind::keep : reshape_kind::remove > (v.dims()));
  }();
  for (std::size_t o = 0; o < L.outer; ++o)
    for (std::size_t i = 0; i < L.inner; ++i) {
      const auto at = [&](std::size_t k) { return v[L.at(o, k, i)]; };
      const T r = f(at, static_cast<std::size_t>(L.n));
      if constexpr (reduced_t<S, Dim, Keep>::rank == 0)
        result = r;
      else
        result[o * L.inner + i] = r;
    }
  return result;
}

// as_tensor(v): a number as a tensor of one element, a tensor as it is (the whole reductions of
// a scalar).
template <class V>
constexpr auto as_tensor(const V& v) {
  if constexpr (Number<V>) {
    tensor<V, shape<1>> t{};
    t[0] = v;
    return t;
  } else {
    return v;
  }
}

// restored<Dim, Keep>(g): a reduction's adjoint (or result) g with dimension Dim back, of size 1,
// so that it broadcasts against the argument: unsqueeze<Dim>(g), or g itself when Dim was kept or
// the reduction was whole.
template <std::size_t Dim, bool Keep, class G>
constexpr auto restored(const G& g) {
  if constexpr (Dim == whole || Keep)
    return g;
  else
    return call<unsqueeze_op<Dim>>(g);
}

// slice_sum<Dim>(x): the sum of x along Dim kept with size 1, or of all of x.
template <std::size_t Dim, class X>
constexpr auto slice_sum(const X& x) {
  if constexpr (Dim == whole)
    return call<sum_op>(x);
  else
    return call<sum_dim_op<Dim, true>>(x);
}

// slice_mean<Dim>(x): the mean of x along Dim kept with size 1 (PyTorch's x.mean(dim, true)), or
// of all of x.
template <std::size_t Dim, class X>
constexpr auto slice_mean(const X& x) {
  if constexpr (Dim == whole)
    return call<mean_op>(x);
  else
    return call<unsqueeze_op<Dim>>(call<mean_dim_op<Dim>>(x));
}

// extremum_of<Max>(at, n): the maximum (or minimum) of at(0), ..., at(n - 1), NaN if one is NaN,
// as torch.amax. PyTorch refuses an empty dimension; so does this, with std::invalid_argument.
template <bool Max, class At>
constexpr auto extremum_of(const At& at, std::size_t n) {
  if (n == 0)
    throw std::invalid_argument(Max ? "ctgrad: amax (or argmax) of an empty dimension"
                                    : "ctgrad: amin (or argmin) of an empty dimension");
  auto best = at(0);
  for (std::size_t k = 1; k < n; ++k) {
    const auto x = at(k);
    if ((Max ? x > best : x < best) || math::isnan(x))
      best = x;
  }
  return best;
}

// extremum_index_of<Max>(at, n): the index of the first maximum (or minimum), or of the first
// NaN, as torch.argmax.
template <bool Max, class At>
constexpr std::size_t extremum_index_of(const At& at, std::size_t n) {
  if (n == 0)
    throw std::invalid_argument(Max ? "ctgrad: amax (or argmax) of an empty dimension"
                                    : "ctgrad: amin (or argmin) of an empty dimension");
  auto best = at(0);
  std::size_t index = 0;
  for (std::size_t k = 1; k < n && !math::isnan(best); ++k) {
    const auto x = at(k);
    if ((Max ? x > best : x < best) || math::isnan(x)) {
      best = x;
      index = k;
    }
  }
  return index;
}

// variance_of<Correction>(at, n): the sum of squared deviations from the mean divided by
// max(0, n - Correction), as torch.var (two passes: the mean, then the deviations).
template <std::intmax_t Correction, class At>
constexpr auto variance_of(const At& at, std::size_t n) {
  using T = std::remove_cvref_t<decltype(at(0))>;
  T total{};
  for (std::size_t k = 0; k < n; ++k)
    total += at(k);
  const T mean = total / static_cast<T>(n);
  T squares{};
  for (std::size_t k = 0; k < n; ++k) {
    const T deviation = at(k) - mean;
    squares += deviation * deviation;
  }
  const auto dof = static_cast<std::intmax_t>(n) - Correction;
  return squares / static_cast<T>(dof > 0 ? dof : 0);
}

// degrees_of_freedom<Correction, Dim>(a, r): n - Correction, n being the length of the slices
// along Dim of a (or its number of elements): a constant when it is static and not 0, else a
// number computed from the sizes of the argument a and of the result r.
template <std::intmax_t Correction, std::size_t Dim, class A, class R>
constexpr auto degrees_of_freedom(const A& a, const R& r) {
  using S = any_shape_t<A>;
  constexpr std::size_t n = [] {
    if constexpr (Dim == whole)
      return S::is_static ? S::size : dyn;
    else
      return S::dims[Dim];
  }();
  if constexpr (n != dyn && static_cast<std::intmax_t>(n) != Correction)
    return c<static_cast<std::intmax_t>(n) - Correction>;
  else
    return call<numel_op>(a) / call<numel_op>(r) - c<Correction>;
}

}  // namespace detail

// correction_t<N>: the type of the correction argument of variance and stddev, which divide by
// n - N: correction<0> gives the population variance, correction<1> (the default) Bessel's.
template <std::intmax_t N>
struct correction_t {
  static constexpr std::intmax_t value = N;
};
// correction<N>: the argument that selects it, as PyTorch's keyword: variance(x, correction<0>).
template <std::intmax_t N>
constexpr correction_t<N> correction{};

// inf_c: the order p = infinity of norm (norm(x, inf_c), torch.linalg.vector_norm(x, inf)).
struct inf_t {};
constexpr inf_t inf_c{};

// logsumexp_op<Dim, Keep>: log(sum(exp(x))) along Dim (or over all of x for detail::whole),
// computed as PyTorch does: m + log(sum(exp(x - m))), m the maximum (0 where it is infinite).
template <std::size_t Dim, bool Keep = false>
struct logsumexp_op {
  static constexpr auto name = "logsumexp";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(
        detail::as_tensor(v), [](const auto& at, std::size_t n) {
          using T = std::remove_cvref_t<decltype(at(0))>;
          T max = n > 0 ? detail::extremum_of<true>(at, n) : T(0);
          if (math::isinf(max))
            max = T(0);
          T sum{};
          for (std::size_t k = 0; k < n; ++k)
            sum += math::exp(at(k) - max);
          return math::log(sum) + max;
        });
  }
  // PyTorch's formula (logsumexp_backward): grad * exp(self - result), grad and result unsqueezed:
  // the softmax along Dim, times the adjoint.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    return detail::restored<Dim, Keep>(g) * ctgrad::exp(a - detail::restored<Dim, Keep>(r));
  }
};

// amax_op<Max, Dim, Keep>: the maximum (amax) or the minimum (amin) along Dim, or of all of x; a
// NaN gives NaN. The gradient is split evenly between the elements equal to the result, as in
// PyTorch.
template <bool Max, std::size_t Dim, bool Keep = false>
struct amax_op {
  static constexpr auto name = Max ? "amax" : "amin";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(
        detail::as_tensor(v),
        [](const auto& at, std::size_t n) { return detail::extremum_of<Max>(at, n); });
  }
  // PyTorch's formula (scale_grad_by_count): (grad / mask.sum(dim, true)) * mask, mask being
  // where self equals the (unsqueezed) result: x >= r for the maximum, x <= r for the minimum.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    constexpr auto kind = Max ? detail::comparison::greater_equal : detail::comparison::less_equal;
    const auto mask = detail::call<compare_op<kind>>(a, detail::restored<Dim, Keep>(r));
    return (detail::restored<Dim, Keep>(g) / detail::slice_sum<Dim>(mask)) * mask;
  }
};

// prod_op<Dim, Keep>: the product along Dim, or of all of x.
template <std::size_t Dim, bool Keep = false>
struct prod_op {
  static constexpr auto name = "prod";
  static constexpr auto latex = "\\prod";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(detail::as_tensor(v),
                                            [](const auto& at, std::size_t n) {
                                              using T = std::remove_cvref_t<decltype(at(0))>;
                                              T product(1);
                                              for (std::size_t k = 0; k < n; ++k)
                                                product *= at(k);
                                              return product;
                                            });
  }
  // PyTorch's values (prod_backward): grad * (result / self) in a slice without zeros; at a zero,
  // the product of the others: that of the slice with its zeros replaced by 1 where it is the only
  // zero, 0 where there are more. Written so that its derivatives, the second derivatives of the
  // product, are PyTorch's too: result / self divides by 1 at zeros (a branch not taken), and at
  // one of two zeros the product of the others is that of the nonzero elements times the other
  // zero, the sum of the zeros less this one (0, whose derivative by the other zero is 1).
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    using less_equal = compare_op<detail::comparison::less_equal>;
    const auto zero = logical_not(a);
    const auto zeros = detail::slice_sum<Dim>(zero);
    const auto nonzero = where(zero, c<1>, a);
    const auto others = detail::call<prod_op<Dim, Dim != detail::whole>>(nonzero);
    const auto other_zero = detail::slice_sum<Dim>(detail::call<select_op>(zero, a)) - a;
    const auto at_zero =
        where(detail::call<less_equal>(zeros, c<1>), others,
              where(detail::call<less_equal>(zeros, c<2>), others * other_zero, c<0>));
    return detail::restored<Dim, Keep>(g)
           * where(zero, at_zero, detail::restored<Dim, Keep>(r) / nonzero);
  }
};

// var_op<Dim, Keep, Correction>: the variance along Dim, or of all of x, the sum of squared
// deviations from the mean divided by n - Correction (torch.var).
template <std::size_t Dim, bool Keep = false, std::intmax_t Correction = 1>
struct var_op {
  static constexpr auto name = "var";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(
        detail::as_tensor(v),
        [](const auto& at, std::size_t n) { return detail::variance_of<Correction>(at, n); });
  }
  // PyTorch's formula (var_backward): (2 / (n - correction)) * grad * (self - self.mean(dim,
  // true)), grad unsqueezed.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    return (c<2> / detail::degrees_of_freedom<Correction, Dim>(a, r))
           * detail::restored<Dim, Keep>(g) * (a - detail::slice_mean<Dim>(a));
  }
};

// std_op<Dim, Keep, Correction>: the standard deviation, the square root of var_op's value
// (torch.std).
template <std::size_t Dim, bool Keep = false, std::intmax_t Correction = 1>
struct std_op {
  static constexpr auto name = "std";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(
        detail::as_tensor(v), [](const auto& at, std::size_t n) {
          return math::sqrt(detail::variance_of<Correction>(at, n));
        });
  }
  // PyTorch's formula (std_backward): var_backward(grad / (result * 2)), 0 where the result is 0
  // (a constant slice), where the quotient would make it NaN.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0> i, const G& g, const A& a, const R& r) {
    return var_op<Dim, Keep, Correction>::pullback(i, where(r, g / (r * c<2>), c<0>), a, r);
  }
};

// norm_op<Dim, Keep>: the Euclidean norm along Dim, or of all of x, sqrt(sum(x^2))
// (torch.linalg.vector_norm with ord 2).
template <std::size_t Dim, bool Keep = false>
struct norm_op {
  static constexpr auto name = "norm";
  static constexpr bool elementwise = false;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, Keep>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, Keep>(detail::as_tensor(v),
                                            [](const auto& at, std::size_t n) {
                                              using T = std::remove_cvref_t<decltype(at(0))>;
                                              T squares{};
                                              for (std::size_t k = 0; k < n; ++k)
                                                squares += at(k) * at(k);
                                              return math::sqrt(squares);
                                            });
  }
  // PyTorch's formula (norm_backward, p = 2): self * (grad / norm), 0 where the norm is 0 (its
  // subgradient there), grad and norm unsqueezed.
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const R& r) {
    const auto norm = detail::restored<Dim, Keep>(r);
    return a * where(norm, detail::restored<Dim, Keep>(g) / norm, c<0>);
  }
};

// argmax_op<Max, Dim>: the index of the first maximum (argmax) or minimum (argmin) along Dim, or
// in all of x counted row-major, as a number of the value type (exact up to 2^24 in float); a NaN
// counts as the maximum and the minimum, as in PyTorch. An index is not differentiable: its
// derivative is 0, so that an expression that uses one treats it as a constant, as PyTorch treats
// the integer tensor torch.argmax returns.
template <bool Max, std::size_t Dim>
struct argmax_op {
  static constexpr auto name = Max ? "argmax" : "argmin";
  static constexpr bool elementwise = false;
  static constexpr bool flat = true;
  template <class S>
  using result_shape = detail::reduced_t<S, Dim, false>;

  template <class V>
  static constexpr auto apply(const V& v) {
    return detail::reduce_slices<Dim, false>(
        detail::as_tensor(v), [](const auto& at, std::size_t n) {
          using T = std::remove_cvref_t<decltype(at(0))>;
          return static_cast<T>(detail::extremum_index_of<Max>(at, n));
        });
  }
  template <class G, class A, class R>
  static constexpr auto pullback(hana::size_t<0>, const G&, const A&, const R&) {
    return c<0>;
  }
};

namespace detail {
template <std::size_t Dim>
using logsumexp_along = logsumexp_op<Dim>;
template <std::size_t Dim>
using amax_along = amax_op<true, Dim>;
template <std::size_t Dim>
using amin_along = amax_op<false, Dim>;
template <std::size_t Dim>
using prod_along = prod_op<Dim>;
template <std::size_t Dim>
using norm_along = norm_op<Dim>;
template <std::size_t Dim>
using argmax_along = argmax_op<true, Dim>;
template <std::size_t Dim>
using argmin_along = argmax_op<false, Dim>;
template <std::intmax_t Correction>
struct var_along {
  template <std::size_t Dim>
  using op = var_op<Dim, false, Correction>;
};
template <std::intmax_t Correction>
struct std_along {
  template <std::size_t Dim>
  using op = std_op<Dim, false, Correction>;
};

// p_norm<Dim>(x, p): the p-norm of x along Dim (or of all of it), for p = 1, 2 or infinity.
template <std::size_t Dim, class E, class P>
constexpr auto p_norm(const E& x, P) {
  constexpr bool one = std::is_same_v<P, constant<1>>;
  constexpr bool two = std::is_same_v<P, constant<2>>;
  constexpr bool infinite = std::is_same_v<P, inf_t>;
  static_assert(one || two || infinite,
                "ctgrad: norm(x, p) takes p = 1_c, 2_c or inf_c (the 1-, 2- and infinity norms)");
  if constexpr (one)
    return call<std::conditional_t<Dim == whole, sum_op, sum_dim_op<Dim, false>>>(abs(x));
  else if constexpr (two)
    return call<norm_op<Dim>>(x);
  else if constexpr (infinite)
    return call<amax_op<true, Dim>>(abs(x));
}
}  // namespace detail

// logsumexp(x), logsumexp<Dim>(x): log(sum(exp(x))) over all elements or along Dim (removed),
// stable for large x (torch.logsumexp); its gradient is softmax(x) times the adjoint.
template <Operand E>
constexpr auto logsumexp(const E& x) {
  return detail::call<logsumexp_op<detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto logsumexp(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: logsumexp<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::logsumexp_along>(x);
}

// amax(x), amax<Dim>(x), amin(x), amin<Dim>(x): the largest or smallest element, of all of x or
// along Dim (torch.amax, torch.amin); tied elements share the gradient evenly.
template <Operand E>
constexpr auto amax(const E& x) {
  return detail::call<amax_op<true, detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto amax(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: amax<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::amax_along>(x);
}
template <Operand E>
constexpr auto amin(const E& x) {
  return detail::call<amax_op<false, detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto amin(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: amin<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::amin_along>(x);
}

// prod(x), prod<Dim>(x): the product of all elements or along Dim (torch.prod); the gradient is
// the product of the other elements, also where an element is 0.
template <Operand E>
constexpr auto prod(const E& x) {
  return detail::call<prod_op<detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto prod(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: prod<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::prod_along>(x);
}

// variance(x), variance<Dim>(x), variance(x, correction<0>): the variance of all elements or
// along Dim, dividing by n - correction (1 by default), as torch.var (whose name is ctgrad's
// variable, var<"x">).
template <Operand E, std::intmax_t N = 1>
constexpr auto variance(const E& x, correction_t<N> = {}) {
  return detail::call<var_op<detail::whole, false, N>>(x);
}
template <std::intmax_t Dim, Operand E, std::intmax_t N = 1>
constexpr auto variance(const E& x, correction_t<N> = {}) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: variance<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::var_along<N>::template op>(x);
}

// stddev(x), stddev<Dim>(x), stddev(x, correction<0>): the standard deviation, the square root
// of the variance, as torch.std (whose name is the standard library's namespace); its gradient is
// 0 where it is 0, as PyTorch's.
template <Operand E, std::intmax_t N = 1>
constexpr auto stddev(const E& x, correction_t<N> = {}) {
  return detail::call<std_op<detail::whole, false, N>>(x);
}
template <std::intmax_t Dim, Operand E, std::intmax_t N = 1>
constexpr auto stddev(const E& x, correction_t<N> = {}) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: stddev<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::std_along<N>::template op>(x);
}

// norm(x), norm(x, p), norm<Dim>(x, p): the p-norm of all elements or along Dim, p = 2_c (the
// default), 1_c or inf_c (torch.linalg.vector_norm, x.norm(p)): sqrt(sum(x^2)), whose gradient
// is 0 where the norm is 0; sum(abs(x)); amax(abs(x)), whose gradient is shared by the tied
// largest magnitudes.
template <Operand E, class P = constant<2>>
constexpr auto norm(const E& x, P p = {}) {
  return detail::p_norm<detail::whole>(x, p);
}
template <std::intmax_t Dim, Operand E, class P = constant<2>>
constexpr auto norm(const E& x, P p = {}) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: norm<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  constexpr std::size_t rank = detail::any_shape_t<E>::rank;
  if constexpr (detail::dim_of_v<Dim, E>)
    return detail::p_norm<detail::normalized_dim_v<Dim, rank>>(x, p);
}

// argmax(x), argmax<Dim>(x), argmin(x), argmin<Dim>(x): the index of the first largest or
// smallest element, in all of x (row-major) or along Dim (torch.argmax, torch.argmin), as a
// number of the value type; it has no gradient (the derivative 0, a constant).
template <Operand E>
constexpr auto argmax(const E& x) {
  return detail::call<argmax_op<true, detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto argmax(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: argmax<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::argmax_along>(x);
}
template <Operand E>
constexpr auto argmin(const E& x) {
  return detail::call<argmax_op<false, detail::whole>>(x);
}
template <std::intmax_t Dim, Operand E>
constexpr auto argmin(const E& x) {
  static_assert(detail::dim_of_v<Dim, E>,
                "ctgrad: argmin<Dim>(x) needs -rank <= Dim < rank, rank being the rank of x");
  return detail::call_along<Dim, detail::argmin_along>(x);
}

}  // namespace ctgrad
