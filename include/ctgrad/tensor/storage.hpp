// storage_t<T, N>: where a tensor keeps its N numbers (and an optimizer its per-element state):
// inline, a std::array, up to CTGRAD_INLINE_STORAGE_BYTES (4 KB); above it on the heap
// (heap_array), so that no tensor, param or optimizer state overflows the stack. The heap blocks
// come from a cache of the calling thread: a gradient call takes the blocks the previous call gave
// back, so that repeated calls allocate nothing after the first. empty_cache() frees the cached
// blocks, as torch.cuda.empty_cache() does. Example: tests/runtime/storage_test.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <new>
#include <type_traits>
#include <utility>

// CTGRAD_INLINE_STORAGE_BYTES: the largest tensor kept inline (on the stack, or in the object
// holding it). Define it the same in every translation unit of a program, since it changes types.
#ifndef CTGRAD_INLINE_STORAGE_BYTES
#define CTGRAD_INLINE_STORAGE_BYTES 4096
#endif

namespace ctgrad {

namespace detail {

// block_cache: the heap blocks given back on this thread, kept for the next allocation of the
// same size: a list threaded through the blocks themselves (so the cache never allocates), at
// most max_bytes in all; the rest go back to the system. Blocks are 64-byte aligned (a cache line,
// and the widest vector loads).
class block_cache {
public:
  static constexpr std::size_t alignment = 64;
  static constexpr std::size_t max_bytes = std::size_t{1} << 28;  // 256 MB

  void* allocate(std::size_t bytes) {
    for (block** link = &head_; *link != nullptr; link = &(*link)->next)
      if ((*link)->bytes == bytes) {
        block* found = *link;
        *link = found->next;
        held_ -= bytes;
        return found;
      }
    return ::operator new (bytes, std::align_val_t{alignment});
  }

  void deallocate(void* memory, std::size_t bytes) noexcept {
    if (held_ + bytes > max_bytes) {
      ::operator delete (memory, std::align_val_t{alignment});
      return;
    }
    head_ = ::new (memory) block{head_, bytes};
    held_ += bytes;
  }

  // clear(): every cached block back to the system.
  void clear() noexcept {
    while (head_ != nullptr)
      ::operator delete (std::exchange(head_, head_->next), std::align_val_t{alignment});
    held_ = 0;
  }

  ~block_cache();

private:
  struct block {
    block* next;
    std::size_t bytes;
  };
  block* head_ = nullptr;
  std::size_t held_ = 0;
};

// this_thread's cache, and whether it is gone: a block freed while the thread ends, after its
// cache (a static tensor destroyed after main's thread-local objects), goes back to the system.
inline thread_local bool block_cache_gone = false;
inline thread_local block_cache this_thread_blocks;
inline block_cache::~block_cache() {
  clear();
  block_cache_gone = true;
}

inline void* allocate_block(std::size_t bytes) {
  if (block_cache_gone)
    return ::operator new (bytes, std::align_val_t{block_cache::alignment});
  return this_thread_blocks.allocate(bytes);
}
inline void deallocate_block(void* memory, std::size_t bytes) noexcept {
  if (block_cache_gone)
    ::operator delete (memory, std::align_val_t{block_cache::alignment});
  else
    this_thread_blocks.deallocate(memory, bytes);
}

// no_init: heap_array(no_init) leaves the numbers uninitialized, for a result that is written
// next.
struct no_init_t {
  explicit no_init_t() = default;
};
inline constexpr no_init_t no_init{};

// element_count<N>: how many values a heap_array holds: N, or for N = dyn (shape.hpp's) a number
// kept at run time.
template <std::size_t N>
struct element_count {
  constexpr element_count(std::size_t) {}
  static constexpr std::size_t value() { return N; }
};
template <>
struct element_count<static_cast<std::size_t>(-1)> {
  std::size_t n;
  constexpr std::size_t value() const { return n; }
};

// heap_array<T, N>: N values of a trivially copyable T on the heap, with std::array's interface and
// value semantics: a copy copies the values, a move takes the block (leaving the source empty,
// fit only to be destroyed or assigned to). Made by default, the values are zero, since a
// class cannot tell `heap_array a;` from `heap_array a{}`. In constant evaluation the block
// comes from new[], so that large tensors work in constexpr functions too. heap_array<T, dyn>
// holds a number of values given at run time, heap_array(n) or heap_array(n, no_init); made by
// default it holds none.
template <class T, std::size_t N>
class heap_array {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  static constexpr bool sized = N != static_cast<std::size_t>(-1);

public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = T*;
  using const_iterator = const T*;

  constexpr heap_array() requires sized : heap_array(no_init) { std::fill_n(data_, N, T{}); }
  constexpr heap_array() requires(!sized) : count_{0}, data_(nullptr) {}
  constexpr explicit heap_array(no_init_t) requires sized : heap_array(N, no_init) {}
  constexpr explicit heap_array(std::size_t n) requires(!sized) : heap_array(n, no_init) {
    std::fill_n(data_, n, T{});
  }
  constexpr heap_array(std::size_t n, no_init_t) : count_{n}, data_(allocate(n)) {
    if (std::is_constant_evaluated())
      std::fill_n(data_, n, T{});  // reading a new[]'s indeterminate value is an error there
  }
  constexpr heap_array(std::initializer_list<T> values) requires sized : heap_array() {
    std::copy_n(values.begin(), std::min(values.size(), N), data_);
  }
  constexpr heap_array(const heap_array& other) : heap_array(other.size(), no_init) {
    std::copy_n(other.data_, size(), data_);
  }
  constexpr heap_array(heap_array&& other) noexcept
      : count_(other.count_), data_(std::exchange(other.data_, nullptr)) {}
  constexpr heap_array& operator=(const heap_array& other) {
    if (this != &other) {
      if (data_ == nullptr || size() != other.size())
        *this = heap_array(other);
      else
        std::copy_n(other.data_, size(), data_);
    }
    return *this;
  }
  constexpr heap_array& operator=(heap_array&& other) noexcept {
    std::swap(count_, other.count_);
    std::swap(data_, other.data_);
    return *this;
  }
  constexpr ~heap_array() {
    if (data_ == nullptr)
      return;
    if (std::is_constant_evaluated())
      delete[] data_;
    else
      deallocate_block(data_, bytes(size()));
  }

  constexpr std::size_t size() const { return count_.value(); }
  constexpr T* data() { return data_; }
  constexpr const T* data() const { return data_; }
  constexpr T& operator[](std::size_t i) { return data_[i]; }
  constexpr const T& operator[](std::size_t i) const { return data_[i]; }
  constexpr T* begin() { return data_; }
  constexpr T* end() { return data_ + size(); }
  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size(); }
  constexpr void fill(const T& value) { std::fill_n(data_, size(), value); }

  friend constexpr bool operator==(const heap_array& a, const heap_array& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

private:
  static constexpr T* allocate(std::size_t n) {
    if (n == 0)
      return nullptr;
    if (std::is_constant_evaluated())
      return new T[n];
    return static_cast<T*>(allocate_block(bytes(n)));
  }

  // bytes(n): the block's size, room for the cache's list entry at least (a limit set below 16).
  static constexpr std::size_t bytes(std::size_t n) {
    return std::max(n * sizeof(T), 2 * sizeof(void*));
  }

  [[no_unique_address]] element_count<N> count_;
  T* data_;
};

// stored_inline_v<T, N>: N values of T are kept inline.
template <class T, std::size_t N>
constexpr bool stored_inline_v = N != static_cast<std::size_t>(-1)
                                 && N * sizeof(T) <= CTGRAD_INLINE_STORAGE_BYTES;

}  // namespace detail

// storage_t<T, N>: a std::array<T, N> when it is at most CTGRAD_INLINE_STORAGE_BYTES, else a
// detail::heap_array<T, N>; for N = dyn, a heap_array of a size given at run time.
template <class T, std::size_t N>
using storage_t =
    std::conditional_t<detail::stored_inline_v<T, N>, std::array<T, N>, detail::heap_array<T, N>>;

// empty_cache(): frees the heap blocks that this thread's tensors gave back and that later ones
// would have reused.
inline void empty_cache() noexcept {
  if (!detail::block_cache_gone)
    detail::this_thread_blocks.clear();
}

}  // namespace ctgrad
