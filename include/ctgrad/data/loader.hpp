// data_loader(options, x = xs, y = ys): minibatches of a data set held in memory, as PyTorch's
// DataLoader(TensorDataset(xs, ys), batch_size, shuffle, drop_last) gives them: each batch is a
// std::tuple of bindings of the same variables, to the batch's rows, ready for a call
// (`backward(loss, xb, yb, w = W)`). The variables have a dyn first dimension (the samples); the
// last batch may be partial. Example: tests/runtime/data_loader_test.cpp.
#pragma once

#include <ctgrad/detail/operand.hpp>
#include <ctgrad/detail/values.hpp>
#include <ctgrad/tensor/tensor.hpp>
#include <ctgrad/variable.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace ctgrad {

// loader_options: DataLoader's batch_size, shuffle and drop_last, and the seed of the shuffle.
// Each pass over the loader (each epoch) draws a new order from the seed and the epoch's number,
// so a run is reproducible; the order is a Fisher-Yates shuffle driven by SplitMix64 (not
// torch.randperm's; <random> alone would add a quarter of the compile time of a small program).
struct loader_options {
  std::size_t batch_size = 1;
  bool shuffle = false;
  std::uint64_t seed = 0;
  bool drop_last = false;
};

namespace detail {
// batch_binding_t<B>: the binding of B's variable to a batch of its rows (a tensor of them).
template <class B>
using batch_binding_t =
    binding<typename B::variable,
            tensor<element_t<typename B::value_type>, typename B::variable::shape_type>>;
}  // namespace detail

// data_loader<B...>: the batches of the bindings B..., which read their data in place (it must
// outlive the loader). All have the same number of rows; a loader of no rows has no batches.
template <class... B>
class data_loader {
  static_assert(sizeof...(B) > 0, "ctgrad: data_loader takes the bindings of its data: x = xs");
  static_assert((Binding<B> && ...), "ctgrad: data_loader takes the bindings of its data: x = xs");
  static_assert(((B::variable::shape_type::rank > 0 && B::variable::shape_type::dims[0] == dyn)
                 && ...),
                "ctgrad: data_loader's variables have a dyn first dimension, the samples: "
                "var<\"x\", shape<dyn, 784>>");

public:
  using batch_type = std::tuple<detail::batch_binding_t<B>...>;

  data_loader(loader_options options, const B&... data) : options_(options), data_(data...) {
    if (options_.batch_size == 0)
      throw std::invalid_argument("ctgrad: data_loader needs a batch_size of at least 1");
    rows_ = std::get<0>(data_).value.dims()[0];
    const auto check = [&](const auto& b) {
      using V = typename std::remove_cvref_t<decltype(b)>::variable;
      if (const std::size_t r = b.value.dims()[0]; r != rows_)
        throw std::invalid_argument("ctgrad: data_loader: variable '" + std::string(V::name.view())
                                    + "' has " + std::to_string(r) + " rows, the first variable "
                                    + std::to_string(rows_));
    };
    std::apply([&](const auto&... b) { (check(b), ...); }, data_);
  }

  // rows(): the number of samples; size(): the number of batches per epoch (len(loader)).
  std::size_t rows() const { return rows_; }
  std::size_t size() const {
    return options_.drop_last ? rows_ / options_.batch_size
                              : (rows_ + options_.batch_size - 1) / options_.batch_size;
  }

  // batch(k): batch k of the current epoch's order.
  batch_type batch(std::size_t k) const {
    const std::size_t first = k * options_.batch_size;
    const std::size_t count = std::min(options_.batch_size, rows_ - first);
    return std::apply([&](const auto&... b) { return batch_type{gather(b, first, count)...}; },
                      data_);
  }

  class iterator {
  public:
    using value_type = batch_type;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const data_loader* loader, std::size_t k) : loader_(loader), k_(k) {}
    batch_type operator*() const { return loader_->batch(k_); }
    iterator& operator++() {
      ++k_;
      return *this;
    }
    iterator operator++(int) {
      iterator before = *this;
      ++k_;
      return before;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.k_ == b.k_; }

  private:
    const data_loader* loader_ = nullptr;
    std::size_t k_ = 0;
  };

  // begin() starts an epoch: with shuffle, a new order of the rows.
  iterator begin() {
    order_.resize(rows_);
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    if (options_.shuffle) {
      std::uint64_t state = options_.seed + 0x9e3779b97f4a7c15ull * (epoch_ + 1);
      for (std::size_t i = rows_; i > 1; --i)
        std::swap(order_[i - 1], order_[splitmix64(state) % i]);
    }
    ++epoch_;
    return {this, 0};
  }
  iterator end() const { return {this, size()}; }

private:
  // splitmix64(state): the next number of Steele, Lea and Flood's SplitMix64 generator.
  static std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // gather(b, first, count): the rows order_[first, first + count) of b's data, as a binding.
  template <class Bi>
  detail::batch_binding_t<Bi> gather(const Bi& b, std::size_t first, std::size_t count) const {
    using R = typename detail::batch_binding_t<Bi>::value_type;
    auto dims = b.value.dims();
    const std::size_t row = detail::element_product(dims) / std::max<std::size_t>(dims[0], 1);
    dims[0] = count;
    R rows(dims, detail::no_init);
    for (std::size_t r = 0; r < count; ++r) {
      const std::size_t from = order_.empty() ? first + r : order_[first + r];
      std::copy_n(b.value.begin() + static_cast<std::ptrdiff_t>(from * row), row,
                  rows.begin() + static_cast<std::ptrdiff_t>(r * row));
    }
    return {std::move(rows)};
  }

  loader_options options_;
  std::tuple<B...> data_;
  std::size_t rows_ = 0;
  std::vector<std::size_t> order_;
  std::uint64_t epoch_ = 0;
};

}  // namespace ctgrad
