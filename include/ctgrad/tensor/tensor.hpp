// tensor<T, Shape>: the value of a tensor expression, a fixed-size row-major array with
// elementwise arithmetic under NumPy's broadcasting. Example: tests/runtime/tensor_ops_test.cpp.
#pragma once

#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/storage.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace ctgrad {

// Number: an arithmetic value that can appear beside expressions (bool excluded).
template <class T>
concept Number = std::is_arithmetic<T>::value && !std::is_same<T, bool>::value;

namespace detail {
// flat_index<Shape>(index...): the row-major position of a multi-index in Shape.
template <class Shape, class... I>
constexpr std::size_t flat_index(I... index) {
  std::size_t flat = 0;
  std::size_t d = 0;
  ((flat = flat * Shape::dims[d++] + static_cast<std::size_t>(index)), ...);
  return flat;
}
}  // namespace detail

// tensor<T, Shape>: Shape::size values of type T, row-major; usable in constant expressions.
// Up to 4 KB the values are inline, a std::array; above it on the heap (storage_t), so that a
// large tensor never overflows the stack. Like std::array, `tensor<T, S> t;` leaves inline values
// uninitialized (the operations write every element); `tensor<T, S> t{};` makes them zero, and so
// does either on the heap.
template <class T, class Shape>
struct tensor {
  using value_type = T;
  using shape_type = Shape;
  using storage_type = storage_t<T, Shape::size>;
  storage_type data;

  static constexpr std::size_t size() { return Shape::size; }
  constexpr T& operator[](std::size_t i) { return data[i]; }
  constexpr const T& operator[](std::size_t i) const { return data[i]; }

  // t(i, j, ...): the element at a multi-index.
  template <class... I>
    requires(sizeof...(I) == Shape::rank)
  constexpr const T& operator()(I... index) const {
    return data[detail::flat_index<Shape>(index...)];
  }
  template <class... I>
    requires(sizeof...(I) == Shape::rank)
  constexpr T& operator()(I... index) { return data[detail::flat_index<Shape>(index...)]; }

  constexpr auto begin() const { return data.begin(); }
  constexpr auto end() const { return data.end(); }
  constexpr auto begin() { return data.begin(); }
  constexpr auto end() { return data.end(); }

  // dims(): the dimensions, Shape::dims (as a dynamic tensor's dims() gives its own).
  static constexpr const std::array<std::size_t, Shape::rank>& dims() { return Shape::dims; }

  friend constexpr bool operator==(const tensor&, const tensor&) = default;
};

namespace detail {
// element_product(dims): the number of elements of a tensor with those dimensions.
template <std::size_t Rank>
constexpr std::size_t element_product(const std::array<std::size_t, Rank>& dims) {
  std::size_t n = 1;
  for (std::size_t d : dims)
    n *= d;
  return n;
}

// dims_text(dims): "[32, 784]"; with dyn (a shape's) "[?, 784]".
template <std::size_t Rank>
std::string dims_text(const std::array<std::size_t, Rank>& dims) {
  std::string text = "[";
  for (std::size_t d = 0; d < Rank; ++d)
    text += (d ? ", " : "") + (dims[d] == dyn ? std::string("?") : std::to_string(dims[d]));
  return text + "]";
}
}  // namespace detail

// tensor<T, Shape> for a dynamic Shape (one with a dyn dimension, shape<dyn, 784>): its
// dimensions, set when it is made (each static one as Shape says), and its values on the heap
// (heap_array, from the thread's block cache). Made by default it has no elements (each dyn
// dimension 0); tensor(dims) has dims, its values zero, and tensor(dims, no_init) leaves them
// unset, for a result written next.
template <class T, class Shape>
  requires(!Shape::is_static)
struct tensor<T, Shape> {
  using value_type = T;
  using shape_type = Shape;
  using dims_type = std::array<std::size_t, Shape::rank>;
  using storage_type = detail::heap_array<T, dyn>;
  dims_type extents = [] {
    dims_type d = Shape::dims;
    std::replace(d.begin(), d.end(), dyn, std::size_t{0});
    return d;
  }();
  storage_type data;

  constexpr tensor() = default;
  constexpr explicit tensor(const dims_type& dims)
      : extents(dims), data(detail::element_product(dims)) {}
  constexpr tensor(const dims_type& dims, detail::no_init_t)
      : extents(dims), data(detail::element_product(dims), detail::no_init) {}

  constexpr std::size_t size() const { return data.size(); }
  constexpr const dims_type& dims() const { return extents; }
  constexpr T& operator[](std::size_t i) { return data[i]; }
  constexpr const T& operator[](std::size_t i) const { return data[i]; }

  template <class... I>
    requires(sizeof...(I) == Shape::rank)
  constexpr const T& operator()(I... index) const { return data[flat(index...)]; }
  template <class... I>
    requires(sizeof...(I) == Shape::rank)
  constexpr T& operator()(I... index) { return data[flat(index...)]; }

  constexpr const T* begin() const { return data.begin(); }
  constexpr const T* end() const { return data.end(); }
  constexpr T* begin() { return data.begin(); }
  constexpr T* end() { return data.end(); }

  friend constexpr bool operator==(const tensor&, const tensor&) = default;

private:
  template <class... I>
  constexpr std::size_t flat(I... index) const {
    std::size_t f = 0;
    std::size_t d = 0;
    ((f = f * extents[d++] + static_cast<std::size_t>(index)), ...);
    return f;
  }
};

// tensor_view<T, Shape>: Shape::size values of type T at data, row-major, not owned: what binding a
// tensor variable to a std::span makes (`w = std::span(values)`), so that the call reads the
// numbers where they are instead of a copy. The numbers must outlive the call, as a span's do.
// Reads like a tensor (elements, t(i, j), iteration, ==); converts to one (a copy).
template <class T, class Shape>
struct tensor_view {
  using value_type = T;
  using shape_type = Shape;
  const T* data;

  static constexpr std::size_t size() { return Shape::size; }
  constexpr const T& operator[](std::size_t i) const { return data[i]; }
  template <class... I>
    requires(sizeof...(I) == Shape::rank)
  constexpr const T& operator()(I... index) const {
    return data[detail::flat_index<Shape>(index...)];
  }
  constexpr const T* begin() const { return data; }
  constexpr const T* end() const { return data + Shape::size; }
  static constexpr const std::array<std::size_t, Shape::rank>& dims() { return Shape::dims; }

  constexpr operator tensor<T, Shape>() const {
    tensor<T, Shape> copy;
    std::copy(data, data + Shape::size, copy.data.begin());
    return copy;
  }
  friend constexpr bool operator==(const tensor_view& a, const tensor<T, Shape>& b) {
    return std::equal(a.begin(), a.end(), b.begin());
  }
};

// tensor_view<T, Shape> for a dynamic Shape: the same, with the dimensions it was made with.
template <class T, class Shape>
  requires(!Shape::is_static)
struct tensor_view<T, Shape> {
  using value_type = T;
  using shape_type = Shape;
  using dims_type = std::array<std::size_t, Shape::rank>;
  const T* data;
  dims_type extents;

  constexpr std::size_t size() const { return detail::element_product(extents); }
  constexpr const dims_type& dims() const { return extents; }
  constexpr const T& operator[](std::size_t i) const { return data[i]; }
  constexpr const T* begin() const { return data; }
  constexpr const T* end() const { return data + size(); }

  constexpr operator tensor<T, Shape>() const {
    tensor<T, Shape> copy(extents, detail::no_init);
    std::copy(begin(), end(), copy.begin());
    return copy;
  }
  friend constexpr bool operator==(const tensor_view& a, const tensor<T, Shape>& b) {
    return a.extents == b.dims() && std::equal(a.begin(), a.end(), b.begin());
  }
};

namespace detail {

// unset<Tensor>(): the storage of a Tensor kept on the heap, its values left unset, for a tensor
// that is written next: `Tensor t{unset<Tensor>()};` (`Tensor t;` zero-fills a heap block).
template <class Tensor>
constexpr typename Tensor::storage_type unset() {
  return typename Tensor::storage_type(no_init);
}

// written<Tensor>(write): a Tensor that write(t) fills, every element: not zero-filled first,
// inline (uninitialized, as `Tensor t;`) or on the heap (unset).
template <class Tensor, class Write>
constexpr Tensor written(Write write) {
  if constexpr (stored_inline_v<typename Tensor::value_type, Tensor::size()>) {
    Tensor t;
    write(t);
    return t;
  } else {
    Tensor t{unset<Tensor>()};
    write(t);
    return t;
  }
}

// written<Tensor>(dims, write): the same for a tensor of those dimensions (dynamic or not).
template <class Tensor, class Write>
constexpr Tensor written(const std::array<std::size_t, Tensor::shape_type::rank>& dims,
                         Write write) {
  if constexpr (Tensor::shape_type::is_static) {
    return written<Tensor>(write);
  } else {
    Tensor t(dims, no_init);
    write(t);
    return t;
  }
}

// extent<D>(v): dimension D of a tensor or tensor_view v: a std::integral_constant when its shape
// fixes it (loops then have the bounds of hand-written code for those sizes), else the number.
template <std::size_t D, class V>
constexpr auto extent(const V& v) {
  constexpr std::size_t fixed = V::shape_type::dims[D];
  if constexpr (fixed != dyn)
    return std::integral_constant<std::size_t, fixed>{};
  else
    return v.dims()[D];
}

template <class T>
constexpr bool is_tensor_v = false;
template <class T, class S>
constexpr bool is_tensor_v<tensor<T, S>> = true;
template <class T>
constexpr bool is_tensor_view_v = false;
template <class T, class S>
constexpr bool is_tensor_view_v<tensor_view<T, S>> = true;

// value_shape_t<V>: the shape of a value (shape<> for a number).
template <class V>
struct value_shape {
  using type = shape<>;
};
template <class T, class S>
struct value_shape<tensor<T, S>> {
  using type = S;
};
template <class T, class S>
struct value_shape<tensor_view<T, S>> {
  using type = S;
};
template <class V>
using value_shape_t = typename value_shape<V>::type;

// source_index<From, To>(i): the flat index in a value of shape From that broadcasts to flat
// index i of shape To.
// is_trailing_v<From, To>: From's dimensions are To's last ones (a bias row broadcast over a
// batch), so element i of To comes from element i % From::size of From.
template <class From, class To>
constexpr bool is_trailing_v = [] {
  if constexpr (From::rank > To::rank) {
    return false;
  } else {
    for (std::size_t k = 0; k < From::rank; ++k)
      if (From::dims[From::rank - 1 - k] != To::dims[To::rank - 1 - k])
        return false;
    return true;
  }
}();

template <class From, class To>
constexpr std::size_t source_index(std::size_t i) {
  if constexpr (From::size == To::size)
    return i;
  else if constexpr (From::size == 1)
    return 0;
  else if constexpr (is_trailing_v<From, To>)
    return i % From::size;
  else {
    std::size_t from = 0;
    std::size_t stride = 1;
    for (std::size_t k = 0; k < To::rank; ++k) {
      const std::size_t to_dim = To::dims[To::rank - 1 - k];
      const std::size_t coordinate = i % to_dim;
      i /= to_dim;
      if (k < From::rank) {
        const std::size_t from_dim = From::dims[From::rank - 1 - k];
        from += (from_dim == 1 ? 0 : coordinate) * stride;
        stride *= from_dim;
      }
    }
    return from;
  }
}

// element<To>(v, i): element i of v broadcast to shape To (v itself for a number).
template <class To, class V>
constexpr auto element(const V& v, std::size_t i) {
  if constexpr (!(is_tensor_v<V> || is_tensor_view_v<V>))
    return v;
  else if constexpr (!To::is_static || !V::shape_type::is_static)
    return v[i];  // (only read for its type: map reads dynamic shapes through source_map)
  else
    return v[source_index<typename V::shape_type, To>(i)];
}

// broadcast_all_t<S...>: the broadcast of all the shapes S.
template <class... S>
struct broadcast_all {
  using type = shape<>;
};
template <class S, class... R>
struct broadcast_all<S, R...> {
  using type = broadcast_t<S, typename broadcast_all<R...>::type>;
};
template <class... S>
using broadcast_all_t = typename broadcast_all<S...>::type;

// dims_of(v): the dimensions of a value (none for a number).
template <class V>
constexpr auto dims_of(const V& v) {
  if constexpr (is_tensor_v<V> || is_tensor_view_v<V>)
    return v.dims();
  else
    return std::array<std::size_t, 0>{};
}

// runtime_broadcast<R>(dims...): the dimensions of the broadcast of values with dimensions dims...
// (NumPy's rule, on the sizes bound), of rank R; std::invalid_argument showing them all when they
// do not broadcast.
template <std::size_t R, std::size_t... Rank>
std::array<std::size_t, R> runtime_broadcast(const std::array<std::size_t, Rank>&... dims) {
  std::array<std::size_t, R> result;
  result.fill(1);
  bool ok = true;
  const auto take = [&](const auto& d) {
    for (std::size_t k = 0; k < d.size(); ++k) {
      const std::size_t a = d[d.size() - 1 - k];
      std::size_t& out = result[R - 1 - k];
      if (out == 1)
        out = a;
      else
        ok = ok && (a == out || a == 1);
    }
  };
  (take(dims), ...);
  if (!ok) {
    std::string shapes;
    ((shapes += (shapes.empty() ? "" : " and ") + dims_text(dims)), ...);
    throw std::invalid_argument("ctgrad: the shapes of an elementwise operation do not broadcast: "
                                + shapes);
  }
  return result;
}

// source_map<R>: source_index at run time, from a value of dimensions `from` to the broadcast
// dimensions `to` (of rank R): i itself, 0, i % n (from's dimensions are to's last ones), or
// through the coordinates.
template <std::size_t R>
struct source_map {
  enum class kind { same, one, trailing, coordinates };
  kind how;
  std::size_t n;
  std::array<std::size_t, R> to;
  std::array<std::size_t, R> stride{};  // from's stride along each of to's dimensions, 0 if 1

  template <std::size_t Rank>
  constexpr source_map(const std::array<std::size_t, Rank>& from,
                       const std::array<std::size_t, R>& t)
      : how(kind::coordinates), n(element_product(from)), to(t) {
    bool trailing = true;
    std::size_t s = 1;
    for (std::size_t k = 0; k < std::min(Rank, R); ++k) {  // (from's rank is at most R)
      const std::size_t f = from[Rank - 1 - k];
      trailing = trailing && f == to[R - 1 - k];
      stride[R - 1 - k] = f == 1 ? 0 : s;
      s *= f;
    }
    how = n == element_product(to) ? kind::same
          : n == 1                 ? kind::one
          : trailing               ? kind::trailing
                                   : kind::coordinates;
  }
  constexpr std::size_t operator()(std::size_t i) const {
    switch (how) {
    case kind::same:
      return i;
    case kind::one:
      return 0;
    case kind::trailing:
      return i % n;
    default: {
      std::size_t from = 0;
      for (std::size_t k = R; k-- > 0;) {
        from += (i % to[k]) * stride[k];
        i /= to[k];
      }
      return from;
    }
    }
  }
};

// map(f, values...): f applied elementwise to numbers and tensors, broadcast together. With a
// dynamic shape, the dimensions are those of the values (runtime_broadcast).
template <class F, class... V>
constexpr auto map(F f, const V&... values) {
  using shape_type = broadcast_all_t<value_shape_t<V>...>;
  using T = decltype(f(element<shape_type>(values, 0)...));
  if constexpr (shape_type::is_static) {
    return written<tensor<T, shape_type>>([&](tensor<T, shape_type>& result) {
      for (std::size_t i = 0; i < shape_type::size; ++i)
        result[i] = f(element<shape_type>(values, i)...);
    });
  } else {
    const auto dims = runtime_broadcast<shape_type::rank>(dims_of(values)...);
    const auto reader = [&](const auto& v) {
      if constexpr (Number<std::remove_cvref_t<decltype(v)>>)
        return [&v](std::size_t) { return v; };
      else
        return [&v, at = source_map<shape_type::rank>(v.dims(), dims)](std::size_t i) {
          return v[at(i)];
        };
    };
    return [&](const auto&... read) {
      return written<tensor<T, shape_type>>(dims, [&](tensor<T, shape_type>& result) {
        for (std::size_t i = 0; i < result.size(); ++i)
          result[i] = f(read(i)...);
      });
    }(reader(values)...);
  }
}

// sum_elements<T, N>(element): element(0) + ... + element(N - 1) added as ctgrad adds up all of a
// tensor's elements: element i into partial sum i % 4, the four partial sums added pairwise at
// the end. Four independent chains of additions, which the processor overlaps, where a single
// chain would wait for each addition in turn (PyTorch's CPU sum keeps several partial sums too).
template <class T, class F>
constexpr T sum_elements(std::size_t N, F element) {
  T s0{};
  T s1{};
  T s2{};
  T s3{};
  std::size_t i = 0;
  for (; i + 4 <= N; i += 4) {
    s0 += element(i);
    s1 += element(i + 1);
    s2 += element(i + 2);
    s3 += element(i + 3);
  }
  if (i < N)
    s0 += element(i);
  if (i + 1 < N)
    s1 += element(i + 1);
  if (i + 2 < N)
    s2 += element(i + 2);
  return (s0 + s1) + (s2 + s3);
}
template <class T, std::size_t N, class F>
constexpr T sum_elements(F element) {
  return sum_elements<T>(N, element);
}

// reduce_to<Shape>(v): v summed over the dimensions along which Shape was broadcast to v's
// shape: the adjoint of a broadcast.
template <class Shape, class V>
constexpr auto reduce_to(const V& v) {
  if constexpr (std::is_same_v<Shape, value_shape_t<V>>)
    return v;
  else if constexpr (Shape::rank == 0) {
    return sum_elements<typename V::value_type>(v.size(), [&](std::size_t i) { return v[i]; });
  } else {
    tensor<typename V::value_type, Shape> result{};
    for (std::size_t i = 0; i < V::size(); ++i)
      result[source_index<Shape, typename V::shape_type>(i)] += v[i];
    return result;
  }
}

}  // namespace detail

// Value: what an evaluation computes: a number or a tensor.
template <class T>
concept TensorValue = detail::is_tensor_v<std::remove_cvref_t<T>>;

// value_t<T, Shape>: the value type of an expression of shape Shape computed in T.
template <class T, class Shape>
using value_t = std::conditional_t<Shape::rank == 0, T, tensor<T, Shape>>;

}  // namespace ctgrad

namespace ctgrad {

// Arithmetic on tensor values (and numbers), elementwise with broadcasting: what the reverse
// sweep computes with. Expressions have their own operators.
template <class A, class B>
concept tensor_arithmetic = (TensorValue<A> || TensorValue<B>)&&(
    TensorValue<A> || std::is_arithmetic_v<A>)&&(TensorValue<B> || std::is_arithmetic_v<B>);

template <class A, class B>
  requires tensor_arithmetic<A, B>
constexpr auto operator+(const A& a, const B& b) {
  return detail::map([](auto x, auto y) { return x + y; }, a, b);
}
template <class A, class B>
  requires tensor_arithmetic<A, B>
constexpr auto operator-(const A& a, const B& b) {
  return detail::map([](auto x, auto y) { return x - y; }, a, b);
}
template <class A, class B>
  requires tensor_arithmetic<A, B>
constexpr auto operator*(const A& a, const B& b) {
  return detail::map([](auto x, auto y) { return x * y; }, a, b);
}
template <class A, class B>
  requires tensor_arithmetic<A, B>
constexpr auto operator/(const A& a, const B& b) {
  return detail::map([](auto x, auto y) { return x / y; }, a, b);
}
template <class T, class S>
constexpr tensor<T, S> operator-(const tensor<T, S>& a) {
  return detail::map([](T x) { return -x; }, a);
}
template <class T, class S, class B>
  requires tensor_arithmetic<tensor<T, S>, B>
constexpr tensor<T, S>& operator+=(tensor<T, S>& a, const B& b) {
  if constexpr (S::is_static && detail::value_shape_t<B>::is_static) {
    for (std::size_t i = 0; i < S::size; ++i)
      a[i] += detail::element<S>(b, i);
  } else if constexpr (Number<B>) {
    for (std::size_t i = 0; i < a.size(); ++i)
      a[i] += b;
  } else {
    if (detail::runtime_broadcast<S::rank>(a.dims(), b.dims()) != a.dims())
      throw std::invalid_argument("ctgrad: a tensor of shape " + detail::dims_text(b.dims())
                                  + " added into one of shape " + detail::dims_text(a.dims()));
    const detail::source_map<S::rank> at(b.dims(), a.dims());
    for (std::size_t i = 0; i < a.size(); ++i)
      a[i] += b[at(i)];
  }
  return a;
}

}  // namespace ctgrad
