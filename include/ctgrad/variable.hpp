// var<"x">: a variable named by a compile-time string, var<"w", shape<2, 10>> a tensor variable,
// and the binding `x = 1.0` (or `w = some_array`) that gives it a value for one evaluation.
// Example: examples/chain_rule.cpp.
#pragma once

#include <ctgrad/detail/fixed_string.hpp>
#include <ctgrad/detail/values.hpp>
#include <ctgrad/expression.hpp>
#include <ctgrad/tensor/param.hpp>
#include <ctgrad/tensor/shape.hpp>
#include <ctgrad/tensor/tensor.hpp>

#include <array>
#include <cstddef>
#include <iterator>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ctgrad {

// binding<V, T>: the value of variable V for one evaluation, made by `v = value`. T is a number
// for a scalar variable and a tensor<Element, Shape> for a tensor variable.
template <class V, class T>
struct binding {
  using variable = V;
  using value_type = T;
  T value;
};

namespace detail {

// param_ref<P>: a binding to a param (tensor/param.hpp), whose gradient backward() accumulates.
template <class P>
struct param_ref {
  P* target;
};

}  // namespace detail

// var<Name, Shape>: the variable called Name, a scalar by default or a tensor of shape Shape.
// Two variables with the same name are the same variable. `constexpr var<"x"> x;` declares one;
// `x = 1.0` binds it.
template <fixed_string Name, class Shape = shape<>>
struct var : expression_interface<var<Name, Shape>> {
  static_assert(detail::is_shape_v<Shape>, "ctgrad: the second argument of var is a shape<...>");
  static constexpr fixed_string name = Name;
  using shape_type = Shape;

  // x = value: a binding of a scalar variable.
  template <Number T>
    requires(Shape::rank == 0)
  constexpr binding<var, T> operator=(T value) const { return {value}; }

  // w = values: a binding of a tensor variable to a copy of a tensor, a std::array, a C array, a
  // nested array, a std::vector or a std::span of arrays, row-major. Sizes known at compile time
  // are checked at compile time; others at run time (std::invalid_argument naming the variable).
  // Above 4 KB (where a tensor would be on the heap), a named contiguous range of numbers (a
  // tensor, std::array, std::vector, C array) is not copied but referred to, as a span is (below):
  // it must outlive the binding, and the call reads its values as they are then. A tensor_view
  // (eigen::view, or one made over any contiguous numbers) is bound as it is.
  template <class R>
    requires(Shape::rank > 0
             && !detail::mdspan_like<
                 std::remove_cvref_t<R>> && Number<detail::scalar_of_t<std::remove_cvref_t<R>>>)
  constexpr auto operator=(R&& values) const {
    using number = detail::scalar_of_t<std::remove_cvref_t<R>>;
    constexpr bool named = std::is_lvalue_reference_v<R>;
    constexpr bool large = !detail::stored_inline_v<number, Shape::size>;
    constexpr bool contiguous = detail::flat_range_of<R, number>;
    constexpr bool same_shape =
        std::is_same_v<detail::value_shape_t<std::remove_cvref_t<R>>, Shape>;
    if constexpr (!Shape::is_static) {
      if constexpr (contiguous && (named || detail::is_tensor_view_v<std::remove_cvref_t<R>>)) {
        const auto dims = detail::bound_dims<Shape>(values, Name.view());
        return binding<var, tensor_view<number, Shape>>{{std::ranges::data(values), dims}};
      } else if constexpr (!named && same_shape && TensorValue<R>) {
        return binding<var, tensor<number, Shape>>{std::move(values)};  // a temporary's block
      } else {
        return binding<var, tensor<number, Shape>>{detail::to_tensor<Shape>(values, Name.view())};
      }
    } else if constexpr (detail::is_tensor_view_v<std::remove_cvref_t<R>>) {
      static_assert(same_shape, "ctgrad: the bound tensor_view does not have the variable's shape");
      return binding<var, std::remove_cvref_t<R>>{values};  // a view stays a view
    } else if constexpr (named && large && contiguous) {
      detail::check_values<Shape>(values, Name.view());
      return binding<var, tensor_view<number, Shape>>{{std::ranges::data(values)}};
    } else if constexpr (!named && TensorValue<R>) {
      detail::check_values<Shape>(values, Name.view());
      return binding<var, tensor<number, Shape>>{std::move(values)};  // a temporary's block
    } else {
      return binding<var, tensor<number, Shape>>{detail::to_tensor<Shape>(values, Name.view())};
    }
  }

  // w = span: a binding of a tensor variable to a std::span of numbers, row-major, which refers to
  // them (a tensor_view) rather than copying them: they must outlive the call, as the span's do.
  // Checked as above.
  template <class E, std::size_t N>
    requires(Shape::rank > 0 && Number<std::remove_cv_t<E>>)
  constexpr binding<var, tensor_view<std::remove_cv_t<E>, Shape>>
  operator=(std::span<E, N> values) const {
    if constexpr (Shape::is_static) {
      detail::check_values<Shape>(values, Name.view());
      return {{values.data()}};
    } else {
      return {{values.data(), detail::bound_dims<Shape>(values, Name.view())}};
    }
  }

  // w = m: a binding to the numbers of a std::mdspan (or a view like it: data_handle(), extent(r),
  // stride(r)), read where they are, as a span's: row-major and contiguous (else
  // std::invalid_argument), of the variable's rank and static dimensions (else
  // std::invalid_argument naming the variable and both shapes).
  template <detail::mdspan_like M>
    requires(Shape::rank > 0 && Number<std::remove_cv_t<typename M::element_type>>)
  binding<var, tensor_view<std::remove_cv_t<typename M::element_type>, Shape>>
  operator=(const M& m) const {
    const auto dims = detail::mdspan_dims<Shape>(m, Name.view());
    if constexpr (Shape::is_static)
      return {{m.data_handle()}};
    else
      return {{m.data_handle(), dims}};
  }

  // w = p: a binding to a param<T, Shape>, whose .grad backward() accumulates.
  template <class T, class S>
  constexpr binding<var, detail::param_ref<param<T, S>>> operator=(param<T, S>& p) const {
    static_assert(std::is_same_v<S, Shape>, "ctgrad: the param does not have the variable's shape");
    return {{&p}};
  }
};

namespace detail {
template <class T>
constexpr bool is_variable_v = false;
template <fixed_string Name, class S>
constexpr bool is_variable_v<var<Name, S>> = true;

template <class T>
constexpr bool is_binding_v = false;
template <class V, class T>
constexpr bool is_binding_v<binding<V, T>> = true;
}  // namespace detail

// Variable: a var<Name, Shape> type.
template <class T>
concept Variable = detail::is_variable_v<std::remove_cvref_t<T>>;

// Binding: the result of `variable = value`.
template <class T>
concept Binding = detail::is_binding_v<std::remove_cvref_t<T>>;

}  // namespace ctgrad
