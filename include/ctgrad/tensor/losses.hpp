// Loss functions with PyTorch's semantics and reductions: mse_loss, l1_loss, huber_loss,
// smooth_l1_loss, cross_entropy (class-index or probability targets, label smoothing), nll_loss,
// binary_cross_entropy, binary_cross_entropy_with_logits and kl_div. The reduction is a template
// argument, because it changes the result's shape: mse_loss(input, target) is the mean, as in
// PyTorch, and mse_loss<reduction::sum>(input, target) or mse_loss<reduction::none>(input, target)
// the others. Parameters (huber_loss's delta, smooth_l1_loss's beta, cross_entropy's
// label_smoothing) are compile-time constants, as the activations' are: huber_loss(x, y, c<1, 2>).
// Examples: tests/runtime/tensor_ops_test.cpp, tests/runtime/losses_test.cpp.
#pragma once

#include <ctgrad/constant.hpp>
#include <ctgrad/detail/operand.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/operations/activations.hpp>
#include <ctgrad/operations/arithmetic.hpp>
#include <ctgrad/operations/elementary.hpp>
#include <ctgrad/operations/power.hpp>
#include <ctgrad/tensor/operations.hpp>
#include <ctgrad/tensor/reductions.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/softmax.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <boost/hana/integral_constant.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ctgrad {

namespace hana = boost::hana;

// reduction: PyTorch's `reduction` argument of the losses: the mean of the elements' losses, their
// sum, or none (the elements' losses themselves); batchmean (kl_div's only, as in PyTorch) is the
// sum divided by the size of the input's first dimension.
enum class reduction { mean, sum, none, batchmean };

namespace detail {

// check_not_batchmean<R>(): only kl_div takes reduction::batchmean (PyTorch's other losses refuse
// it).
template <reduction R>
constexpr void check_not_batchmean() {
  static_assert(R != reduction::batchmean,
                "ctgrad: reduction::batchmean is for kl_div only, as in PyTorch");
}

// reduce_loss<R>(losses): the elements' losses reduced as PyTorch's apply_loss_reduction does.
template <reduction R, class E>
constexpr auto reduce_loss(const E& losses) {
  check_not_batchmean<R>();
  if constexpr (R == reduction::mean)
    return mean(losses);
  else if constexpr (R == reduction::sum)
    return sum(losses);
  else
    return losses;
}

// class_index<C>(v): the class index v (a number of any type) as an integer. Like PyTorch, which
// raises "Target out of bounds", it throws std::out_of_range unless v is an integer in [0, C) (in
// a constant expression, that is a compile error).
template <class U>
constexpr std::size_t class_index(U v, std::size_t classes) {
  if (!(v >= U(0) && v < static_cast<U>(classes))
      || static_cast<U>(static_cast<std::size_t>(v)) != v)
    throw std::out_of_range("ctgrad: a class index (the target of cross_entropy or nll_loss) is "
                            "not an integer in [0, C), C being the number of classes");
  return static_cast<std::size_t>(v);
}
template <std::size_t C, class U>
constexpr std::size_t class_index(U v) {
  return class_index(v, C);
}

// check_class_batch(indices, samples): as many class indices as samples; else
// std::invalid_argument.
constexpr void check_class_batch(std::size_t indices, std::size_t samples) {
  if (indices != samples)
    throw std::invalid_argument("ctgrad: " + std::to_string(indices)
                                + " class indices for a batch of " + std::to_string(samples)
                                + " samples");
}

// class_count(x): the number of classes of scores x (its last dimension), static where it can be.
template <class X>
constexpr auto class_count(const X& x) {
  using S = value_shape_t<X>;
  if constexpr (S::dims[S::rank - 1] != dyn)
    return std::integral_constant<std::size_t, S::dims[S::rank - 1]>{};
  else
    return x.dims()[S::rank - 1];
}

// append_dim_t<S, C>: S with a last dimension C.
template <class S, std::size_t C>
struct append_dim;
template <std::size_t... N, std::size_t C>
struct append_dim<shape<N...>, C> {
  using type = shape<N..., C>;
};
template <class S, std::size_t C>
using append_dim_t = typename append_dim<S, C>::type;

// class_target_shape<SX, SI>: SI, when SI is SX without its last (class) dimension: a batch
// <N, C> with indices <N>, or one sample <C> with one index <>.
template <class SX, class SI>
struct class_target_shape {
  static constexpr bool ok = [] {
    if constexpr (SX::rank == 1)
      return SI::rank == 0;
    else if constexpr (SX::rank == 2)
      return SI::rank == 1
             && (SI::dims[0] == SX::dims[0] || SI::dims[0] == dyn || SX::dims[0] == dyn);
    else
      return false;
  }();
  static_assert(ok, "ctgrad: class indices need a target of shape <N> for input of shape <N, C>, "
                    "or a scalar target for input of shape <C>");
  using type = SI;
};

}  // namespace detail

template <std::size_t C>
struct class_scatter_op;
struct class_one_hot_op;

// class_select_op: x[i, target[i]] for each sample i of x (shape <N, C>, target <N>), or x[target]
// for one sample (shape <C>, a scalar target): the gather of nll_loss. The class indices are
// numbers of any type (a tensor variable bound to integers evaluates in the expression's type).
struct class_select_op {
  static constexpr auto name = "select_class";
  static constexpr bool elementwise = false;
  template <class SX, class SI>
  using result_shape = typename detail::class_target_shape<SX, SI>::type;

  template <class X, class I>
  static constexpr auto apply(const X& x, const I& index) {
    using SX = detail::value_shape_t<X>;
    using SI = detail::value_shape_t<I>;
    const std::size_t classes = detail::class_count(x);
    using R = value_t<detail::element_t<X>, result_shape<SX, SI>>;
    if constexpr (SI::rank == 0) {
      return R(x[detail::class_index(index, classes)]);
    } else {
      if constexpr (!SX::is_static || !SI::is_static)
        detail::check_class_batch(index.size(), x.dims()[0]);
      auto result = detail::zeros_of<R>(index.dims());
      for (std::size_t i = 0; i < index.size(); ++i)
        result[i] = x[i * classes + detail::class_index(index[i], classes)];
      return result;
    }
  }
  // PyTorch's formula (nll_loss_backward): zeros with grad[i] at [i, target[i]]. With a dynamic
  // number of classes, the scores a give it.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const B& index,
                                 const R&) {
    using SX = detail::any_shape_t<A>;
    constexpr std::size_t classes = SX::dims[SX::rank - 1];
    if constexpr (classes == dyn) {
      const auto one_hot = detail::call<class_one_hot_op>(index, a);
      if constexpr (detail::any_shape_t<G>::rank == 0)
        return g * one_hot;
      else
        return detail::call<unsqueeze_op<detail::any_shape_t<G>::rank>>(g) * one_hot;
    } else
      return detail::call<class_scatter_op<classes>>(g, index);
  }
  // Class indices are not differentiable (PyTorch refuses them as well).
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

// class_scatter_op<C>: a tensor with C classes, zero but for g[i] at [i, target[i]]: the adjoint of
// class_select_op. The target's shape gives the samples; g broadcasts to it (a symbolic adjoint
// may be one constant for all samples). With a dynamic number of classes, class_select_op's
// pullback is g * class_one_hot_op(target, scores) instead.
template <std::size_t C>
struct class_scatter_op {
  static constexpr auto name = "scatter_class";
  static constexpr bool elementwise = false;
  template <class SG, class SI>
  using result_shape = detail::append_dim_t<broadcast_t<SG, SI>, C>;

  template <class G, class I>
  static constexpr auto apply(const G& g, const I& index) {
    using SI = detail::value_shape_t<I>;
    static_assert(std::is_same_v<broadcast_t<detail::value_shape_t<G>, SI>, SI>,
                  "ctgrad: scatter_class(g, target) needs g to broadcast to the target's shape");
    using R = tensor<detail::element_t<G>, detail::append_dim_t<SI, C>>;
    if constexpr (SI::rank == 0) {
      R result{};
      result[detail::class_index<C>(index)] = detail::element<SI>(g, 0);
      return result;
    } else {
      auto result = detail::zeros_of<R>(std::array<std::size_t, 2>{index.dims()[0], C});
      for (std::size_t i = 0; i < index.size(); ++i)
        result[i * C + detail::class_index<C>(index[i])] = detail::element<SI>(g, i);
      return result;
    }
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A&, const B& index, const R&) {
    return detail::call<class_select_op>(g, index);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

// class_one_hot_op: a tensor of the scores' shape, 1 at [i, target[i]] and 0 elsewhere (or at
// [target] for one sample): torch.nn.functional.one_hot(target, C) for C = the scores' number of
// classes, which may be dynamic. Neither argument gets a gradient.
struct class_one_hot_op {
  static constexpr auto name = "one_hot";
  static constexpr bool elementwise = false;
  template <class SI, class SX>
  using result_shape = SX;

  template <class I, class X>
  static constexpr auto apply(const I& index, const X& scores) {
    using SI = detail::value_shape_t<I>;
    using R = value_t<detail::element_t<X>, detail::value_shape_t<X>>;
    const std::size_t classes = detail::class_count(scores);
    auto result = detail::zeros_of<R>(scores.dims());
    if constexpr (SI::rank == 0) {
      result[detail::class_index(index, classes)] = 1;
    } else {
      detail::check_class_batch(index.size(), scores.dims()[0]);
      for (std::size_t i = 0; i < index.size(); ++i)
        result[i * classes + detail::class_index(index[i], classes)] = 1;
    }
    return result;
  }
  template <std::size_t K, class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<K>, const G&, const A&, const B&, const R&) {
    return c<0>;
  }
};

namespace detail {

// bce_epsilon<T>: PyTorch's EPSILON of binary_cross_entropy_backward.
template <class T>
constexpr T bce_epsilon = static_cast<T>(1e-12);

// bce_unclamped_op: 1 where a >= 1e-12, else 0: the derivative of bce_denominator_op, as PyTorch's
// clamp_min backward (grad where self >= min); its own derivative is 0.
struct bce_unclamped_op {
  static constexpr auto name = "bce_unclamped";
  template <class T>
  static constexpr T apply(T a) {
    return a >= bce_epsilon<T> ? T(1) : T(0);
  }
  static constexpr bool flat = true;
  static constexpr auto pullback(hana::size_t<0>, auto, auto, auto) { return c<0>; }
};

// bce_denominator_op: max(a, 1e-12), the denominator of binary_cross_entropy's derivative, as
// PyTorch writes it: std::max((1 - x) * x, EPSILON).
struct bce_denominator_op {
  static constexpr auto name = "bce_denominator";
  template <class T>
  static constexpr T apply(T a) {
    return a < bce_epsilon<T> ? bce_epsilon<T> : a;
  }
  static constexpr auto pullback(hana::size_t<0>, auto g, auto a, auto) {
    return g * detail::call<bce_unclamped_op>(a);
  }
};

}  // namespace detail

// binary_cross_entropy_op: -(t * log(x) + (1 - t) * log(1 - x)) elementwise, with each logarithm
// clamped at -100, PyTorch's kernel: (t - 1) * max(log1p(-x), -100) - t * max(log(x), -100).
// As in PyTorch, x and t must lie in [0, 1] (std::domain_error otherwise).
struct binary_cross_entropy_op {
  static constexpr auto name = "binary_cross_entropy";

  template <class X, class Y>
  static constexpr auto apply(X x, Y t) {
    using T = detail::promoted_t<std::common_type_t<X, Y>>;
    const T input = static_cast<T>(x);
    const T target = static_cast<T>(t);
    if (!(input >= T(0) && input <= T(1)))
      throw std::domain_error(
          "ctgrad: binary_cross_entropy: all elements of input should be between 0 and 1");
    if (!(target >= T(0) && target <= T(1)))
      throw std::domain_error(
          "ctgrad: binary_cross_entropy: all elements of target should be between 0 and 1");
    const auto clamped = [](T log) { return log < T(-100) ? T(-100) : log; };
    return (target - T(1)) * clamped(math::log1p(-input)) - target * clamped(math::log(input));
  }
  // PyTorch's formulas: grad * (x - t) / max((1 - x) * x, 1e-12), and for the target
  // -logit(x) * grad = -log(x / (1 - x)) * grad.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const B& b, const R&) {
    return g * (a - b) / detail::call<detail::bce_denominator_op>((c<1> - a) * a);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B&, const R&) {
    return -ctgrad::log(a / (c<1> - a)) * g;
  }
};

// mse_loss(input, target): the mean of (input - target)^2, F.mse_loss(input, target).
// mse_loss<reduction::sum>(input, target): their sum; mse_loss<reduction::none>: the squares.
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto mse_loss(const I& input, const T& target) {
  return detail::reduce_loss<R>(square(input - target));
}

// nll_loss(input, target): F.nll_loss: the mean over the samples i of -input[i, target[i]], for
// log-probabilities `input` of shape <N, C> and class indices `target` of shape <N> (or <C> and a
// scalar). nll_loss<reduction::sum> sums, nll_loss<reduction::none> gives the N losses. There are
// no class weights and no ignore_index: every target must be a class in [0, C).
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto nll_loss(const I& input, const T& target) {
  detail::check_not_batchmean<R>();
  const auto picked = detail::call<class_select_op>(input, target);
  if constexpr (R == reduction::mean)
    return -sum(picked) / detail::numel_of(target);
  else if constexpr (R == reduction::sum)
    return -sum(picked);
  else
    return -picked;
}

namespace detail {

// check_label_smoothing<S>(): the label smoothing S lies in [0, 1], as PyTorch requires.
template <rational S>
constexpr void check_label_smoothing() {
  static_assert(S.num >= 0 && S.num <= S.den,
                "ctgrad: cross_entropy's label_smoothing must be a constant in [0, 1]");
}

// cross_entropy_probabilities<R>(log_p, target, logits): PyTorch's cross_entropy_loss_prob_target:
// -(log_p * target).sum() / (numel / C), or -(log_p * target).sum(class_dim) without reduction.
template <reduction R, class P, class T, class L>
constexpr auto cross_entropy_probabilities(const P& log_p, const T& target, const L& logits) {
  using SL = any_shape_t<L>;
  constexpr std::size_t class_dim = SL::rank - 1;
  const auto products = log_p * target;
  static_assert(SL::dims[class_dim] != dyn || R != reduction::mean,
                "ctgrad: cross_entropy with class probabilities and a dynamic number of "
                "classes: take reduction::sum and divide by the number of samples");
  if constexpr (R == reduction::mean)
    return -sum(products) / (numel_of(logits) / c<static_cast<std::intmax_t>(SL::dims[class_dim])>);
  else if constexpr (R == reduction::sum)
    return -sum(products);
  else
    return -sum<class_dim>(products);
}

// smoothing_term<R>(smooth, target): PyTorch's reduction of the label-smoothing loss
// -log_p.sum(class_dim): its sum over the samples divided by their number for the mean, its sum,
// or itself.
template <reduction R, class S, class T>
constexpr auto smoothing_term(const S& smooth, const T& target) {
  if constexpr (R == reduction::mean)
    return sum(smooth) / numel_of(target);
  else if constexpr (R == reduction::sum)
    return sum(smooth);
  else
    return smooth;
}

}  // namespace detail

// cross_entropy(logits, target): F.cross_entropy for logits of shape <N, C> (or <C> for one
// sample), as PyTorch computes it from log_softmax(logits) along the class dimension:
//   - target of shape <N> (or a scalar): class indices, nll_loss(log_softmax(logits), target);
//     bind a tensor variable var<"y", shape<N>> to integers (y = std::array{1, 3, 0});
//   - target of the logits' shape: class probabilities, -sum(log_softmax(logits) * target) / N.
// cross_entropy<reduction::sum>(...) sums over the samples, cross_entropy<reduction::none>(...)
// gives the N losses. cross_entropy(logits, target, c<1, 10>) is label_smoothing=0.1, PyTorch's
// formulas: for class indices (1 - s) * nll_loss + (s / C) * the reduction of
// -sum(log_softmax(logits), class dim); for class probabilities the target (1 - s) * target + s / C
// (which needs a static C). No class weights or ignore_index.
template <reduction R = reduction::mean, Operand L, Operand T, std::intmax_t SN = 0,
          std::intmax_t SD = 1>
constexpr auto cross_entropy(const L& logits, const T& target,
                             constant<SN, SD> label_smoothing = {}) {
  using SL = detail::any_shape_t<L>;
  using ST = detail::any_shape_t<T>;
  detail::check_not_batchmean<R>();
  detail::check_label_smoothing<rational{SN, SD}>();
  static_assert(SL::rank == 1 || SL::rank == 2,
                "ctgrad: cross_entropy(logits, target) needs logits of shape <N, C>, or <C> for "
                "one sample");
  if constexpr (SL::rank == 1 || SL::rank == 2) {
    constexpr std::size_t class_dim = SL::rank - 1;
    constexpr std::size_t classes = SL::dims[class_dim];
    const auto log_p = log_softmax<class_dim>(logits);
    if constexpr (std::is_same_v<ST, SL>) {
      if constexpr (SN == 0)
        return detail::cross_entropy_probabilities<R>(log_p, target, logits);
      else {
        static_assert(classes != dyn,
                      "ctgrad: cross_entropy with class probabilities and label smoothing needs "
                      "a static number of classes");
        if constexpr (classes != dyn)
          return detail::cross_entropy_probabilities<R>(
              log_p,
              target * (c<1> - label_smoothing)
                  + label_smoothing / c<static_cast<std::intmax_t>(classes)>,
              logits);
      }
    } else {
      using class_shape = detail::reshaped_t<SL, class_dim, detail::reshape_kind::remove>;
      static_assert(std::is_same_v<ST, class_shape>,
                    "ctgrad: cross_entropy(logits, target) needs a target of shape <N> (class "
                    "indices) or of the logits' shape <N, C> (class probabilities)");
      if constexpr (std::is_same_v<ST, class_shape>) {
        if constexpr (SN == 0)
          return nll_loss<R>(log_p, target);
        else if constexpr (classes != dyn)
          return (c<1> - label_smoothing) * nll_loss<R>(log_p, target)
                 + detail::smoothing_term<R>(-sum<class_dim>(log_p), target)
                       * (label_smoothing / c<static_cast<std::intmax_t>(classes)>);
        else  // s / C with C known at run time: the mean along the classes, times s
          return (c<1> - label_smoothing) * nll_loss<R>(log_p, target)
                 + detail::smoothing_term<R>(-mean<class_dim>(log_p), target) * label_smoothing;
      }
    }
  }
}

// binary_cross_entropy(input, target): F.binary_cross_entropy: the mean of
// -(t * log(x) + (1 - t) * log(1 - x)), each logarithm clamped at -100, for probabilities x and
// targets t in [0, 1]. binary_cross_entropy<reduction::sum> sums, <reduction::none> gives the
// elements' losses.
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto binary_cross_entropy(const I& input, const T& target) {
  return detail::reduce_loss<R>(detail::call<binary_cross_entropy_op>(input, target));
}

// l1_loss(input, target): F.l1_loss: the mean of |input - target|; its gradient is
// sign(input - target), 0 where they are equal, as PyTorch's. l1_loss<reduction::sum> sums,
// <reduction::none> gives the elements' losses.
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto l1_loss(const I& input, const T& target) {
  return detail::reduce_loss<R>(abs(input - target));
}

// huber_op<Delta>: the Huber loss of input x and target t, PyTorch's kernel: with z = |x - t|,
// z < delta ? z^2 / 2 : delta * (z - delta / 2).
template <rational Delta>
struct huber_op {
  static_assert(Delta.num > 0, "ctgrad: huber_loss needs delta > 0, as in PyTorch");
  static constexpr auto name = "huber_loss";
  template <class X, class Y>
  static constexpr auto apply(X x, Y t) {
    using T = detail::promoted_t<std::common_type_t<X, Y>>;
    const T delta = detail::as_value<Delta, T>();
    const T z = math::abs(static_cast<T>(x) - static_cast<T>(t));
    return z < delta ? T(0.5) * z * z : delta * (z - T(0.5) * delta);
  }
  // PyTorch's formula: with u = x - t, u <= -delta ? -delta : u >= delta ? delta : u, times
  // grad, which is hardtanh(u, -delta, delta): delta at the kinks, and a second derivative of 1
  // for |u| < delta and 0 elsewhere, as PyTorch's double backward. For the target, the same
  // with u = t - x, as PyTorch (its backward with the arguments swapped).
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const B& b, const R&) {
    return g * detail::call<hardtanh_op<-Delta, Delta>>(a - b);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B& b, const R&) {
    return g * detail::call<hardtanh_op<-Delta, Delta>>(b - a);
  }
};

// smooth_l1_op<Beta>: the smooth L1 loss of input x and target t, PyTorch's kernel: with
// z = |x - t|, z < beta ? z^2 / 2 / beta : z - beta / 2 (huber_op<beta> divided by beta).
template <rational Beta>
struct smooth_l1_op {
  static_assert(Beta.num >= 0, "ctgrad: smooth_l1_loss needs beta >= 0, as in PyTorch");
  static constexpr auto name = "smooth_l1_loss";
  template <class X, class Y>
  static constexpr auto apply(X x, Y t) {
    using T = detail::promoted_t<std::common_type_t<X, Y>>;
    const T beta = detail::as_value<Beta, T>();
    const T z = math::abs(static_cast<T>(x) - static_cast<T>(t));
    return z < beta ? T(0.5) * z * z / beta : z - T(0.5) * beta;
  }
  // PyTorch's formula: with u = x - t (t - x for the target), u <= -beta ? -grad : u >= beta ?
  // grad : u * grad / beta, here grad * (hardtanh(u, -beta, beta) / beta), exactly +-grad beyond
  // the kinks. For beta = 0 it gives -grad at u = 0 (u <= -0), for the input and the target
  // alike: grad * (2 heaviside(u) - 1).
  static constexpr auto slope(const auto& u) {
    if constexpr (Beta.num == 0)
      return c<2> * heaviside(u) - c<1>;
    else
      return detail::call<hardtanh_op<-Beta, Beta>>(u) / constant_t<Beta>{};
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const B& b, const R&) {
    return g * slope(a - b);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B& b, const R&) {
    return g * slope(b - a);
  }
};

// huber_loss(input, target), huber_loss(input, target, delta): F.huber_loss, the mean of
// z^2 / 2 for |z| < delta and delta * (|z| - delta / 2) beyond, z = input - target; delta is a
// constant (1 by default, c<1, 2>). Its gradient is z clamped to [-delta, delta], as PyTorch's.
template <reduction R = reduction::mean, Operand I, Operand T, std::intmax_t DN = 1,
          std::intmax_t DD = 1>
constexpr auto huber_loss(const I& input, const T& target, constant<DN, DD> = {}) {
  return detail::reduce_loss<R>(detail::call<huber_op<rational{DN, DD}>>(input, target));
}

// smooth_l1_loss(input, target), smooth_l1_loss(input, target, beta): F.smooth_l1_loss, the mean
// of z^2 / (2 beta) for |z| < beta and |z| - beta / 2 beyond, z = input - target: huber_loss
// divided by beta (delta = beta); beta is a constant (1 by default), and beta = 0 is l1_loss's
// value, with PyTorch's gradient -1 at z = 0 (for the input and the target).
template <reduction R = reduction::mean, Operand I, Operand T, std::intmax_t BN = 1,
          std::intmax_t BD = 1>
constexpr auto smooth_l1_loss(const I& input, const T& target, constant<BN, BD> = {}) {
  return detail::reduce_loss<R>(detail::call<smooth_l1_op<rational{BN, BD}>>(input, target));
}

// binary_cross_entropy_with_logits_op: the binary cross-entropy of sigmoid(x) and t, from the
// logit x without overflow: max(x, 0) - x t + log1p(e^-|x|), finite for any finite x.
struct binary_cross_entropy_with_logits_op {
  static constexpr auto name = "binary_cross_entropy_with_logits";

  template <class X, class Y>
  static constexpr auto apply(X x, Y t) {
    using T = detail::promoted_t<std::common_type_t<X, Y>>;
    const T input = static_cast<T>(x);
    const T target = static_cast<T>(t);
    return (input > T(0) ? input : T(0)) - input * target
           + math::log1p(math::exp(-math::abs(input)));
  }
  // PyTorch's formulas (binary_cross_entropy_with_logits_backward and its target backward):
  // (sigmoid(x) - t) * grad, and -x * grad for the target.
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<0>, const G& g, const A& a, const B& b, const R&) {
    return g * (sigmoid(a) - b);
  }
  template <class G, class A, class B, class R>
  static constexpr auto pullback(hana::size_t<1>, const G& g, const A& a, const B&, const R&) {
    return -a * g;
  }
};

// binary_cross_entropy_with_logits(input, target): F.binary_cross_entropy_with_logits: the mean
// of binary_cross_entropy(sigmoid(x), t), computed from the logits x as
// max(x, 0) - x t + log1p(e^-|x|), stable for any |x| (1e4 too); the gradient is sigmoid(x) - t.
// binary_cross_entropy_with_logits<reduction::sum> sums, <reduction::none> gives the elements'.
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto binary_cross_entropy_with_logits(const I& input, const T& target) {
  return detail::reduce_loss<R>(detail::call<binary_cross_entropy_with_logits_op>(input, target));
}

// binary_cross_entropy_with_logits(input, target, pos_weight): pos_weight=, weighting each
// positive term: (1 - t) softplus(x) + pos_weight t softplus(-x) (PyTorch's
// (1 - t) x + (1 + (pos_weight - 1) t) softplus(-x)), pos_weight broadcast against the input (one
// weight per class, shape <C>, for input <N, C>). Stable for any |x|; the gradient is
// (1 - t) sigmoid(x) - pos_weight t sigmoid(-x).
template <reduction R = reduction::mean, Operand I, Operand T, Operand P>
constexpr auto binary_cross_entropy_with_logits(const I& input, const T& target,
                                                const P& pos_weight) {
  return detail::reduce_loss<R>((c<1> - target) * softplus(input)
                                + pos_weight * target * softplus(-input));
}

// log_target: kl_div(input, target, log_target) takes the target as log-probabilities, as
// F.kl_div(input, target, log_target=True).
struct log_target_t {};
inline constexpr log_target_t log_target{};

namespace detail {
// reduce_kl<R>(losses, input): the reductions of kl_div: reduce_loss's, and batchmean, the sum
// divided by the size of the input's first dimension (by nothing for a scalar input), as F.kl_div.
template <reduction R, class E, class I>
constexpr auto reduce_kl(const E& losses, const I&) {
  if constexpr (R != reduction::batchmean)
    return reduce_loss<R>(losses);
  else {
    using S = any_shape_t<I>;
    if constexpr (S::rank == 0)
      return sum(losses);
    else if constexpr (S::dims[0] != dyn)
      return sum(losses) / c<static_cast<std::intmax_t>(S::dims[0])>;
    else {
      // A dynamic batch size: the sum of each sample's losses, averaged over the samples.
      static_assert(S::rank <= 2, "ctgrad: kl_div with reduction::batchmean and a dynamic first "
                                  "dimension needs an input of rank 1 or 2");
      if constexpr (S::rank == 1)
        return mean(losses);
      else if constexpr (S::rank == 2)
        return mean<0>(sum<1>(losses));
    }
  }
}
}  // namespace detail

// kl_div(input, target): F.kl_div: input holds log-probabilities and target probabilities, and
// each element's loss is target * (log(target) - input), as PyTorch's xlogy(target, target) -
// target * input (0 where the target is 0). The reduction is the mean over the elements by
// default, as PyTorch's; kl_div<reduction::batchmean> is the KL divergence averaged over the
// batch (the sum divided by the first dimension), <reduction::sum> and <reduction::none> as
// elsewhere. kl_div(input, target, log_target): target as log-probabilities,
// exp(target) * (target - input).
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto kl_div(const I& input, const T& target) {
  return detail::reduce_kl<R>(xlogy(target, target) - target * input, input);
}
template <reduction R = reduction::mean, Operand I, Operand T>
constexpr auto kl_div(const I& input, const T& target, log_target_t) {
  return detail::reduce_kl<R>(exp(target) * (target - input), input);
}

}  // namespace ctgrad
