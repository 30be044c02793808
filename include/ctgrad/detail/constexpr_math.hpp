// IWYU pragma: private, include <ctgrad/ctgrad.hpp>
#pragma once

#include <bit>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

// The constant-evaluation side of ctgrad/math.hpp: exp, expm1, exp2, log, log1p, log2, log10,
// sqrt, hypot, sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, erf,
// erfc, sigmoid, pow and pow_int written with +, -, *, / and comparisons only, so that GCC and
// Clang (whose <cmath> is not constexpr) both evaluate them in constant expressions. They also run
// at run time, which is how tests/runtime/math_test.cpp measures them against <cmath>.
//
// Method. float is computed in double and rounded once. double and long double (x87, 64-bit
// mantissa) work in their own precision, with double-word arithmetic ("dd": an unevaluated sum
// hi + lo, about 2p bits) wherever the working precision alone would lose bits: the argument
// reductions, the leading terms of the series, pow's y * ln x. The series are Taylor series (exp,
// sin, cos) and the atanh series of log, with enough terms for the reduced ranges; coefficient
// 1/n is one rounded division (n exact). Each result is the rounded hi of a dd value whose error
// is far below an ulp. Range reduction for sin, cos and tan: Cody-Waite with pi/2 in three words
// below 2^20, Payne-Hanek with the bits of 2/pi above, so it is accurate for every finite x.
// The constants are cut from the bit tables below (made with a multiple-precision library).
// The others build on these in dd: exp2 splits x into an integer and a fraction exactly; log2 and
// log10 scale log's dd parts by dd constants (exact at powers of two, of ten); sinh, cosh from
// e^|x| - 1 and e^|x|; asinh, acosh, atanh as logs of dd arguments (x^2 exact with two_prod, ln 2x
// where x^2 would not fit); atan halves its argument (after 1/x above 1) to 1/8 and sums its
// series, and asin, acos, atan2 are atans of exact dd quotients; hypot is the dd square root of
// the exact sum of squares of its scaled arguments; erf is its Taylor series below 2.5, erfc
// Laplace's continued fraction times e^-x^2 above, each the other's 1 - x.
//
// Accuracy, measured against 200-bit references over all finite arguments: correctly rounded but
// for rare cases within a tiny fraction of an ulp of a halfway point (max error 0.500 ulp) for
// every function and type, except: exp, exp2, pow, erfc and hypot results in the subnormal range
// (rounded twice, < 1 ulp); sigmoid (PyTorch's formula, three roundings in T); pow_int (one
// rounding per product, the same products as its run-time loop). long double needs a 64-bit
// mantissa or less.
// At run time the dd steps need plain IEEE arithmetic: no -ffast-math, no fma contraction
// (-std=c++20 turns GCC's off).

namespace ctgrad::math::detail {

// Binary expansions of ln 2, pi/4 and 2/pi after the binary point, 32 bits a word, leading bits
// first: enough of 2/pi for the largest long double exponent.
inline constexpr std::uint32_t ln2_bits[] = {
    0xb17217f7, 0xd1cf79ab, 0xc9e3b398, 0x03f2f6af, 0x40f34326, 0x7298b62d,
    0x8a0d175b, 0x8baafa2b, 0xe7b87620, 0x6debac98, 0x559552fb, 0x4afa1b10,
};

inline constexpr std::uint32_t pi_over_4_bits[] = {
    0xc90fdaa2, 0x2168c234, 0xc4c6628b, 0x80dc1cd1, 0x29024e08, 0x8a67cc74,
    0x020bbea6, 0x3b139b22, 0x514a0879, 0x8e3404dd, 0xef9519b3, 0xcd3a431b,
};

inline constexpr std::uint32_t two_over_pi_bits[] = {
    0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
    0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c, 0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484,
    0xe99c7026, 0xb45f7e41, 0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
    0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d, 0x7527bac7, 0xebe5f17b,
    0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08, 0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d,
    0xa9e39161, 0x5ee61b08, 0x6599855f, 0x14a06840, 0x8dffd880, 0x4d732731, 0x06061556, 0xca73a8c9,
    0x60e27bc0, 0x8c6b47c4, 0x19c367cd, 0xdce8092a, 0x8359c476, 0x8b961ca6, 0xddaf44d1, 0x5719053e,
    0xa5ff0705, 0x3f7e33e8, 0x32c2de4f, 0x98327dbb, 0xc33d26ef, 0x6b1e5ef8, 0x9f3a1f35, 0xcaf27f1d,
    0x87f12190, 0x7c7c246a, 0xfa6ed577, 0x2d30433b, 0x15c614b5, 0x9d19c3c2, 0xc4ad414d, 0x2c5d000c,
    0x467d862d, 0x71e39ac6, 0x9b006233, 0x7cd2b497, 0xa7b4d555, 0x37f63ed7, 0x1810a3fc, 0x764d2a9d,
    0x64abd770, 0xf87c6357, 0xb07ae715, 0x175649c0, 0xd9d63b38, 0x84a7cb23, 0x24778ad6, 0x23545ab9,
    0x1f001b0a, 0xf1dfce19, 0xff319f6a, 0x1e666157, 0x9947fbac, 0xd87f7eb7, 0x652289e8, 0x3260bfe6,
    0xcdc4ef09, 0x366cd43f, 0x5dd7de16, 0xde3b5892, 0x9bde2822, 0xd2e88628, 0x4d58e232, 0xcac616e3,
    0x08cb7de0, 0x50c017a7, 0x1df35be0, 0x1834132e, 0x62128301, 0x48835b8e, 0xf57fb0ad, 0xf2e91e43,
    0x4a48d367, 0x10d8ddaa, 0x425faece, 0x616aa428, 0x0ab499d3, 0xf2a6067f, 0x775c83c2, 0xa3883c61,
    0x78738a5a, 0x8cafbdd7, 0x6f63a62d, 0xcbbff4ef, 0x818d67c1, 0x2645ca55, 0x36d9cad2, 0xa8288d61,
    0xc277c912, 0x1426049b, 0x4612c459, 0xc444c5c8, 0x91b24df3, 0x1700ad43, 0xd4e54929, 0x10d5fdfc,
    0xbe00cc94, 0x1eeece70, 0xf53e1380, 0xf1ecc3e7, 0xb328f8c7, 0x9405933e, 0x71c1b309, 0x2ef3450b,
    0x9c12887b, 0x20ab9fb5, 0x2ec29247, 0x2f327b6d, 0x550c90a7, 0x721fe76b, 0x96cb314a, 0x1679e279,
    0x4189dff4, 0x9794e884, 0xe6e29731, 0x996bed88, 0x365f5f0e, 0xfdbbb49a, 0x486ca467, 0x42727132,
    0x5d8db815, 0x9f09e5bc, 0x25318d39, 0x74f71c05, 0x30010c0d, 0x68084b58, 0xee2c90aa, 0x4702e774,
    0x24d6bda6, 0x7df77248, 0x6eef169f, 0xa6948ef6, 0x91b45153, 0xd1f20acf, 0x3398207e, 0x4bf56863,
    0xb25f3edd, 0x035d407f, 0x89852952, 0x55c06437, 0x10d86d32, 0x4832754c, 0x5bd4714e, 0x6e5445c1,
    0x090b69f5, 0x2ad56614, 0x9d072750, 0x045ddb3b, 0xb4c576ea, 0x17f9877d, 0x6b49ba27, 0x1d296996,
    0xacccc654, 0x14ad6ae2, 0x9089d988, 0x50722cbe, 0xa4049407, 0x777030f3, 0x27fc00a8, 0x71ea49c2,
    0x663de064, 0x83dd9797, 0x3fa3fd94, 0x438c860d, 0xde41319d, 0x39928c70, 0xdde7b717, 0x3bdf082b,
    0x3715a080, 0x5c93805a, 0x921110d8, 0xe80faf80, 0x6c4bffdb, 0x0f903876, 0x185915a5, 0x62bbcb61,
    0xb989c7bd, 0x401004f2, 0xd2277549, 0xf6b6ebbb, 0x22dbaa14, 0x0a2f2689, 0x76836433, 0x3b091a94,
    0x0eaa3a51, 0xc2a31dae, 0xedaf1226, 0x5c4dc26d, 0x9c7a2d97, 0x56c0833f, 0x03f6f009, 0x8c402b99,
    0x316d07b4, 0x3915200c, 0x5bc3d8c4, 0x92f54bad, 0xc6a5ca4e, 0xcd37a736, 0xa9e69492, 0xab6842dd,
    0xde6319ef, 0x8c76528b, 0x6837dbfc, 0xaba1ae31, 0x15dfa1ae, 0x00dafb0c, 0x664d64b7, 0x05ed3065,
    0x29bf5657, 0x3aff47b9, 0xf96af3be, 0x75df9328, 0x3080abf6, 0x8c6615cb, 0x040622fa, 0x1de4d9a4,
    0xb33d8f1b, 0x5709cd36, 0xe9424ea4, 0xbe13b523, 0x331aaaf0, 0xa8654fa5, 0xc1d20f3f, 0x0bcd785b,
    0x76f92304, 0x8b7b7217, 0x8953a6c6, 0xe26e6f00, 0xebef584a, 0x9bb7dac4, 0xba66aacf, 0xcf761d02,
    0xd12df1b1, 0xc1998c77, 0xadc3da48, 0x86a05df7, 0xf480c62f, 0xf0ac9aec, 0xddbc5c3f, 0x6dded01f,
    0xc790b6db, 0x2a3a25a3, 0x9aaf0093, 0x53ad0457, 0xb6b42d29, 0x7e804ba7, 0x07da0eaa, 0x76a1597b,
    0x2a12162d, 0xb7dcfde5, 0xfafedb89, 0xfdbe896c, 0x76e4fca9, 0x0670803e, 0x156e85ff, 0x87fd073e,
    0x28336761, 0x86182aea, 0xbd4dafe7, 0xb36e6d8f, 0x3967955b, 0xbf3148d7, 0x8416df30, 0x432dc735,
    0x6125ce70, 0xc9b8cb30, 0xfd6cbfa2, 0x00a4e46c, 0x05a0dd5a, 0x476f21d2, 0x1262845c, 0xb9496170,
    0xe0566b01, 0x52993755, 0x50b7d51e, 0xc4f1335f, 0x6e13e430, 0x5da92e85, 0xc3b21d36, 0x32a1a4b7,
    0x08d4b1ea, 0x21f716e4, 0x698f77ff, 0x2780030c, 0x2d408da0, 0xcd4f99a5, 0x20d3a2b3, 0x0a5d2f42,
    0xf9b4cbda, 0x11d0be7d, 0xc1db9bbd, 0x17ab81a2, 0xca5c6a08, 0x17552e55, 0x0027f014, 0x7f8607e1,
    0x640b148d, 0x4196debe, 0x872afdda, 0xb6256b34, 0x897bfef3, 0x059ebfb9, 0x4f6a68a8, 0x2a4a5ac4,
    0x4fbcf82d, 0x985ad795, 0xc7f48d4d, 0x0da63a20, 0x5f57a4b1, 0x3f149538, 0x800120cc, 0x86dd71b6,
    0xdec9f560, 0xbf11654d, 0x6b0701ac, 0xb08cd0c0, 0xb2485551, 0x0efb1ec3, 0x72953b06, 0xa33540c0,
    0x7bdc06cc, 0x45e0fa29, 0x4ec8cad6, 0x41f3e8de, 0x647cd864, 0x9b31bed9, 0xc397a4d4, 0x5877c5e3,
    0x6913daf0, 0x3c3aba46, 0x18465f75, 0x55f5bdd2, 0xc6926e5d, 0x2eaced44, 0x0e423e1c, 0x87c461e9,
    0xfd29f3d6, 0xe7ca7c22, 0x35916fc5, 0xe0088dd7, 0xffe26a6e, 0xc6fdb0c1, 0x0893745d, 0x7cb2ad6b,
    0x9d6ecd7b, 0x723e6a11, 0xc6a9cff7, 0xdf7329ba, 0xc9b55100, 0xb70db2e2, 0x24ba7460, 0x7de58ad8,
    0x742c150d, 0x0c188194, 0x667e1629, 0x01767a9f, 0xbefdfdef, 0x4556367e, 0xd913d9ec, 0xb9ba8bfc,
    0x97c427a8, 0x31c36ef1, 0x36c59456, 0xa8d8b5a8, 0xb40ecccf, 0x2d891234, 0x576f8956, 0x2ce3ce99,
    0xb920d6aa, 0x5e6b9c2a, 0x3ecc5f11, 0x4a0bfdfb, 0xf4e16d3b, 0x8e2c86e2, 0x84d4e9a9, 0xb4fcd1ee,
    0xefc9352e, 0x61392f44, 0x2138c8d9, 0x1b0afc81, 0x6a4afbd8, 0x1c2f84b4, 0x538c994e, 0xcc2254dc,
    0x552ad6c6, 0xc096190b, 0xb8701a64, 0x9569605a, 0x26ee523f, 0x0f117f11, 0xb5f4f5cb, 0xfc2dbc34,
    0xeebc34cc, 0x5de8605e, 0xdd9b8e67, 0xef3392b8, 0x17c99b58, 0x61bc57e1, 0xc6835110, 0x3ed84871,
    0xdddd1c2d, 0xa118af46, 0x2c21d7f3, 0x59987ad9, 0xc0549efa, 0x864ffc06, 0x56ae79e5, 0x36228922,
    0xad38dc93, 0x67aae855, 0x3826829b, 0xe7caa40d, 0x51b13399, 0x0ed7a948, 0x0569f0b2, 0x65a7887f,
    0x974c8836, 0xd1f9b392, 0x214a827b, 0x21cf98dc, 0x9f405547, 0xdc3a74e1, 0x42eb67df, 0x9dfe5fd4,
    0x5ea4677b, 0x7aacbaa2, 0xf6552388, 0x2b55ba41, 0x086e5986, 0x2a218347, 0x39e6e389, 0xd49ee540,
    0xfb49e956, 0xffca0f1c, 0x8a59c52b, 0xfa94c5c1, 0xd3cfc50f, 0xae5adb86, 0xc5476243, 0x853b8621,
    0x94792c87, 0x61107b4c, 0x2a1a2c80, 0x12bf4390, 0x2688893c, 0x78e4c4a8, 0x7bdbe5c2, 0x3ac4eaf4,
    0x268a67f7, 0xbf920d2b, 0xa365b193, 0x3d0b7cbd, 0xdc51a463, 0xdd27dde1, 0x6919949a, 0x9529a828,
    0xce68b4ed, 0x09209f44, 0xca984e63, 0x8270237c, 0x7e32b90f, 0x8ef5a7e7, 0x561408f1, 0x212a9db5,
    0x4d7e6f51, 0x19a5abf9, 0xb5d6df82, 0x61dd9602, 0x36169f3a, 0xc4a1a283, 0x6ded727a, 0x8d39a9b8,
    0x825c326b, 0x5b2746ed, 0x34007700, 0xd255f4fc, 0x4d590180, 0x71e0e13f, 0x89b295f3, 0x64a8f1ae,
    0xa74b38fc, 0x4ceab2bb,
};

// work_t<T>: the type a function of T computes in (float goes through double).
template <class T>
using work_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

// digits_v<W>: mantissa bits of W.
template <class W>
constexpr int digits_v = std::numeric_limits<W>::digits;

// infinity<W>() / quiet_nan<W>()
template <class W>
constexpr W infinity() noexcept {
  return std::numeric_limits<W>::infinity();
}
template <class W>
constexpr W quiet_nan() noexcept {
  return std::numeric_limits<W>::quiet_NaN();
}

// is_nan(x) -> bool
template <class W>
constexpr bool is_nan(W x) noexcept {
  return x != x;
}
// is_inf(x) -> bool
template <class W>
constexpr bool is_inf(W x) noexcept {
  return x == infinity<W>() || x == -infinity<W>();
}
// sign_bit(x) -> bool: also for -0 and NaN (read through double, since Clang cannot bit_cast a
// long double in constant evaluation).
template <class W>
constexpr bool sign_bit(W x) noexcept {
  if (x < 0)
    return true;
  if (x > 0)
    return false;
  return (std::bit_cast<std::uint64_t>(static_cast<double>(x)) >> 63) != 0;
}
// with_sign(x, negative) -> x or -x (x not NaN)
template <class W>
constexpr W with_sign(W x, bool negative) noexcept {
  return negative ? -x : x;
}
// magnitude(x) -> |x| for x not NaN
template <class W>
constexpr W magnitude(W x) noexcept {
  return x < 0 ? -x : x;
}

// exp2_int<W>(k) -> 2^k for k in the normal exponent range of W
template <class W>
constexpr W exp2_int(int k) noexcept {
  W base = k < 0 ? W(0.5) : W(2);
  unsigned n = k < 0 ? 0u - static_cast<unsigned>(k) : static_cast<unsigned>(k);
  W result = 1;
  while (n != 0) {
    if ((n & 1u) != 0)
      result *= base;
    n >>= 1;
    if (n != 0)
      base *= base;
  }
  return result;
}

// narrow<T>(x) -> x rounded to T, overflowing to infinity instead of leaving T's range (which
// would not be a constant expression).
template <class T, class W>
constexpr T narrow(W x) noexcept {
  if constexpr (std::is_same_v<T, W>) {
    return x;
  } else {
    // Halfway between T's largest value and 2^max_exponent: from there on, x rounds to infinity.
    constexpr W limit = static_cast<W>(std::numeric_limits<T>::max())
                        + exp2_int<W>(std::numeric_limits<T>::max_exponent - digits_v<T> - 1);
    if (x >= limit)
      return infinity<T>();
    if (x <= -limit)
      return -infinity<T>();
    return static_cast<T>(x);
  }
}

// mant_exp<W>: x = m * 2^e with m in [1, 2).
template <class W>
struct mant_exp {
  W m;
  int e;
};

// decompose(x) -> {m, e} for finite x > 0 (frexp without <cmath>)
template <class W>
constexpr mant_exp<W> decompose(W x) noexcept {
  int e = 0;
  if (x < std::numeric_limits<W>::min()) {
    x *= exp2_int<W>(digits_v<W>);
    e = -digits_v<W>;
  }
  int top = 1;
  while (2 * top < std::numeric_limits<W>::max_exponent)
    top *= 2;
  if (x >= 2) {
    for (int s = top; s >= 1; s /= 2) {
      if (x >= exp2_int<W>(s)) {
        x *= exp2_int<W>(-s);
        e += s;
      }
    }
  } else if (x < 1) {
    for (int s = top; s >= 1; s /= 2) {
      if (x < exp2_int<W>(1 - s)) {
        x *= exp2_int<W>(s);
        e -= s;
      }
    }
  }
  return {x, e};
}

// nearest_int(x) -> x rounded to an integer (ties to even), for |x| < 2^(digits - 2)
template <class W>
constexpr W nearest_int(W x) noexcept {
  const W shift = W(1.5) * exp2_int<W>(digits_v<W> - 1);
  return (x + shift) - shift;
}

// is_integer(x) -> bool, x finite
template <class W>
constexpr bool is_integer(W x) noexcept {
  const W big = exp2_int<W>(digits_v<W> - 1);
  const W a = magnitude(x);
  if (a >= big)
    return true;
  return (a + big) - big == a;
}
// is_odd_integer(x) -> bool, x finite
template <class W>
constexpr bool is_odd_integer(W x) noexcept {
  const W a = magnitude(x);
  if (!is_integer(a) || a >= exp2_int<W>(digits_v<W>))
    return false;
  return !is_integer(a * W(0.5));
}

// dd<W>: the unevaluated sum hi + lo with |lo| <= ulp(hi) / 2.
template <class W>
struct dd {
  W hi;
  W lo;
};

// two_sum(a, b) -> exact a + b
template <class W>
constexpr dd<W> two_sum(W a, W b) noexcept {
  const W s = a + b;
  const W bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}
// fast_two_sum(a, b) -> exact a + b, for |a| >= |b| or a == 0
template <class W>
constexpr dd<W> fast_two_sum(W a, W b) noexcept {
  const W s = a + b;
  return {s, b - (s - a)};
}
// split(a) -> {high half, low half} of a's mantissa (Veltkamp)
template <class W>
constexpr dd<W> split(W a) noexcept {
  const W factor = exp2_int<W>((digits_v<W> + 1) / 2) + W(1);
  const W c = factor * a;
  const W high = c - (c - a);
  return {high, a - high};
}
// two_prod(a, b) -> exact a * b (Dekker; no fma, which is not constexpr)
template <class W>
constexpr dd<W> two_prod(W a, W b) noexcept {
  const W p = a * b;
  const dd<W> as = split(a);
  const dd<W> bs = split(b);
  const W err = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
  return {p, err};
}
// neg(a) -> -a
template <class W>
constexpr dd<W> neg(dd<W> a) noexcept {
  return {-a.hi, -a.lo};
}
// add(a, b) -> a + b
template <class W>
constexpr dd<W> add(dd<W> a, dd<W> b) noexcept {
  dd<W> s = two_sum(a.hi, b.hi);
  const dd<W> t = two_sum(a.lo, b.lo);
  s = fast_two_sum(s.hi, s.lo + t.hi);
  return fast_two_sum(s.hi, s.lo + t.lo);
}
// add(a, b) -> a + b for a plain b
template <class W>
constexpr dd<W> add(dd<W> a, W b) noexcept {
  const dd<W> s = two_sum(a.hi, b);
  return fast_two_sum(s.hi, s.lo + a.lo);
}
// mul(a, b) -> a * b
template <class W>
constexpr dd<W> mul(dd<W> a, dd<W> b) noexcept {
  const dd<W> p = two_prod(a.hi, b.hi);
  return fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
// div(a, b) -> a / b, b != 0
template <class W>
constexpr dd<W> div(dd<W> a, dd<W> b) noexcept {
  const W q1 = a.hi / b.hi;
  dd<W> r = add(a, neg(mul(b, dd<W>{q1, W(0)})));
  const W q2 = r.hi / b.hi;
  r = add(r, neg(mul(b, dd<W>{q2, W(0)})));
  const W q3 = r.hi / b.hi;
  const dd<W> q = fast_two_sum(q1, q2);
  return add(q, q3);
}
// scale(a, f) -> a * f for a power of two f (exact)
template <class W>
constexpr dd<W> scale(dd<W> a, W f) noexcept {
  return {a.hi * f, a.lo * f};
}
// reciprocal(d) -> 1 / d to about 2p bits
template <class W>
constexpr dd<W> reciprocal(W d) noexcept {
  const W q = W(1) / d;
  const dd<W> p = two_prod(q, d);
  return fast_two_sum(q, ((W(1) - p.hi) - p.lo) / d);
}

// factorial<W>(n) -> n!, exact for the n used here (n <= 22: the odd part stays below 2^53)
template <class W>
constexpr W factorial(int n) noexcept {
  W f = 1;
  for (int i = 2; i <= n; ++i)
    f *= W(i);
  return f;
}

// series(z, n, exact_terms, den) -> sum of z^i / den(i) for i < n: Horner in W for the high-order
// terms, in dd for the exact_terms leading ones (den(i) is an integer exact in W).
template <class W, class Den>
constexpr dd<W> series(dd<W> z, int n, int exact_terms, Den den) noexcept {
  W tail = 0;
  for (int i = n - 1; i >= exact_terms; --i)
    tail = tail * z.hi + W(1) / den(i);
  dd<W> acc{tail, W(0)};
  for (int i = exact_terms - 1; i >= 0; --i)
    acc = add(mul(acc, z), reciprocal(den(i)));
  return acc;
}

// bits_value<W>(table, first, count) -> the bits first..first+count-1 (1 = first bit after the
// binary point) of a table above, as a number
template <class W>
constexpr W bits_value(const std::uint32_t* table, int first, int count) noexcept {
  W v = 0;
  for (int i = first; i < first + count; ++i) {
    const std::uint32_t word = table[(i - 1) / 32];
    v = v * W(2) + W((word >> (31 - (i - 1) % 32)) & 1u);
  }
  return v * exp2_int<W>(-(first + count - 1));
}

// constants<W>: ln 2 and pi/2 split into pieces of W.
template <class W>
struct constants {
  static_assert(digits_v<W> <= 64,
                "ctgrad::math: constexpr math supports 53- and 64-bit mantissas");
  W ln2_hi;   // leading digits - 16 bits: k * ln2_hi is exact for |k| < 2^16
  W ln2_mid;  // the next digits bits
  W ln2_lo;   // the next digits bits
  W log2_e;   // about 1 / ln 2
  W pio2[3];  // pi/2 in three pieces of digits bits
  dd<W> pio2_dd;
  W two_over_pi;  // about 2 / pi
};

// make_constants<W>() -> constants<W>
template <class W>
constexpr constants<W> make_constants() noexcept {
  constexpr int p = digits_v<W>;
  constants<W> c{};
  c.ln2_hi = bits_value<W>(ln2_bits, 1, p - 16);
  c.ln2_mid = bits_value<W>(ln2_bits, p - 15, p);
  c.ln2_lo = bits_value<W>(ln2_bits, 2 * p - 15, p);
  c.log2_e = W(1) / (c.ln2_hi + c.ln2_mid);
  for (int i = 0; i < 3; ++i)
    c.pio2[i] = W(2) * bits_value<W>(pi_over_4_bits, i * p + 1, p);
  c.pio2_dd = fast_two_sum(c.pio2[0], c.pio2[1]);
  c.two_over_pi = W(1) / c.pio2[0];
  return c;
}

// consts<W>: the constants of W, computed once per type.
template <class W>
constexpr constants<W> consts = make_constants<W>();

// exp_parts<W>: e^x = 2^k * (1 + q).
template <class W>
struct exp_parts {
  int k;
  dd<W> q;
};

// exp_split(x) -> {k, q} with x = k ln 2 + r, |r| <= ~ln2 / 2, q = e^r - 1 (|x| < 2^15 ln 2)
template <class W>
constexpr exp_parts<W> exp_split(dd<W> x) noexcept {
  constexpr int p = digits_v<W>;
  const constants<W>& c = consts<W>;
  const W k = nearest_int(x.hi * c.log2_e);
  dd<W> r{x.hi - k * c.ln2_hi, W(0)};  // exact
  r = add(r, neg(two_prod(k, c.ln2_mid)));
  r = add(r, x.lo - k * c.ln2_lo);
  // e^r - 1 = r * sum r^i / (i + 1)!; |r| <= 0.35, so the dropped terms are below 2^-67 (double)
  // and 2^-84 (long double) relative; the first five terms are kept in dd.
  constexpr int n = p <= 53 ? 15 : 18;
  const dd<W> s = series(r, n, 5, [](int i) { return factorial<W>(i + 1); });
  return {static_cast<int>(k), mul(r, s)};
}

// exp_limits<W>: above hi, e^x overflows; below lo, it rounds to 0.
template <class W>
struct exp_limits {
  static constexpr W hi = W(std::numeric_limits<W>::max_exponent) * W(0.6931471805599453) + W(0.5);
  static constexpr W lo =
      W(std::numeric_limits<W>::min_exponent - digits_v<W> - 2) * W(0.6931471805599453) - W(0.5);
};

// scale_pow2(v, k) -> v * 2^k with one rounding, infinity on overflow (v in [0.5, 2),
// k >= min_exponent - digits - 8)
template <class W>
constexpr W scale_pow2(W v, int k) noexcept {
  constexpr int emax = std::numeric_limits<W>::max_exponent - 1;
  constexpr int emin = std::numeric_limits<W>::min_exponent - 1;
  constexpr int shift = digits_v<W> + 8;
  if (k > emax) {
    const W t = v * exp2_int<W>(k - emax);
    if (t >= 2)
      return infinity<W>();
    return t * exp2_int<W>(emax);
  }
  if (k < emin)
    return (v * exp2_int<W>(k + shift)) * exp2_int<W>(-shift);
  return v * exp2_int<W>(k);
}

// exp_dd(x) -> e^(x.hi + x.lo) rounded to W
template <class W>
constexpr W exp_dd(dd<W> x) noexcept {
  if (x.hi > exp_limits<W>::hi)
    return infinity<W>();
  if (x.hi < exp_limits<W>::lo)
    return W(0);
  const exp_parts<W> e = exp_split(x);
  return scale_pow2(add(e.q, W(1)).hi, e.k);
}

// exp_work(x) -> e^x in the working precision
template <class W>
constexpr W exp_work(W x) noexcept {
  if (is_nan(x))
    return x;
  return exp_dd(dd<W>{x, W(0)});
}

// expm1_dd(x) -> e^x - 1 as dd, for min_exponent ln 2 < x <= (digits + 8) ln 2
template <class W>
constexpr dd<W> expm1_dd(W x) noexcept {
  const exp_parts<W> e = exp_split(dd<W>{x, W(0)});
  if (e.k == 0)
    return e.q;
  const dd<W> v = scale(add(e.q, W(1)), exp2_int<W>(e.k));
  return add(v, W(-1));
}

// expm1_work(x) -> e^x - 1 in the working precision
template <class W>
constexpr W expm1_work(W x) noexcept {
  constexpr int p = digits_v<W>;
  if (is_nan(x) || x == 0)
    return x;
  if (x > W(p + 8) * W(0.6931471805599453))
    return exp_work(x);
  if (x < -W(p + 4) * W(0.6931471805599453))
    return W(-1);  // e^x < 2^-(p + 3): -1 + e^x rounds to -1
  return expm1_dd(x).hi;
}

// log_parts<W>: ln x = e ln 2 + ln_m.
template <class W>
struct log_parts {
  int e;
  dd<W> ln_m;
};

// log_split(x) -> {e, ln m} with x = m 2^e, m in [sqrt(1/2), sqrt(2)], for finite x > 0
template <class W>
constexpr log_parts<W> log_split(W x) noexcept {
  constexpr int p = digits_v<W>;
  mant_exp<W> me = decompose(x);
  if (me.m > W(1.4142135623730951)) {
    me.m *= W(0.5);
    ++me.e;
  }
  // ln m = 2 atanh(s) = 2 s sum s^(2i) / (2i + 1), s = (m - 1) / (m + 1), |s| <= 0.1716: the
  // dropped terms are below 2^-76 (double) and 2^-86 (long double) relative.
  const W f = me.m - W(1);  // exact
  const dd<W> s = div(dd<W>{f, W(0)}, two_sum(W(2), f));
  constexpr int n = p <= 53 ? 14 : 17;
  const dd<W> sum = series(mul(s, s), n, 4, [](int i) { return W(2 * i + 1); });
  return {me.e, mul(scale(s, W(2)), sum)};
}

// log_dd(x) -> ln x as dd, for finite x > 0
template <class W>
constexpr dd<W> log_dd(W x) noexcept {
  const constants<W>& c = consts<W>;
  const log_parts<W> parts = log_split(x);
  const dd<W> ln_m = parts.ln_m;
  if (parts.e == 0)
    return ln_m;
  const W e = W(parts.e);
  dd<W> e_ln2 = add(two_prod(e, c.ln2_mid), e * c.ln2_hi);  // e * ln2_hi is exact
  e_ln2 = add(e_ln2, e * c.ln2_lo);
  return add(e_ln2, ln_m);
}

// log_work(x) -> ln x in the working precision
template <class W>
constexpr W log_work(W x) noexcept {
  if (is_nan(x) || x < 0)
    return quiet_nan<W>();
  if (x == 0)
    return -infinity<W>();
  if (is_inf(x))
    return x;
  return log_dd(x).hi;
}

// log1p_work(x) -> ln(1 + x) in the working precision
template <class W>
constexpr W log1p_work(W x) noexcept {
  if (is_nan(x) || x < -1)
    return quiet_nan<W>();
  if (x == -1)
    return -infinity<W>();
  if (x == 0 || is_inf(x))
    return x;
  // 1 + x = u.hi + u.lo exactly, ln(u.hi + u.lo) = ln(u.hi) + u.lo / u.hi to second order.
  const dd<W> u = two_sum(W(1), x);
  return add(log_dd(u.hi), u.lo / u.hi).hi;
}

// sqrt_work(x) -> the correctly rounded square root in the working precision
template <class W>
constexpr W sqrt_work(W x) noexcept {
  constexpr int p = digits_v<W>;
  if (is_nan(x) || x < 0)
    return quiet_nan<W>();
  if (x == 0 || is_inf(x))
    return x;
  mant_exp<W> me = decompose(x);
  if (me.e % 2 != 0) {
    me.m *= W(2);
    --me.e;
  }
  const W m = me.m;  // in [1, 4)
  // A linear first guess within 3%, four Newton steps (3e-30 relative), then a dd correction.
  W y = W(0.7083333333333333) + m / W(3);
  for (int i = 0; i < 4; ++i)
    y = W(0.5) * (y + m / y);
  const dd<W> yy = two_prod(y, y);
  y += ((m - yy.hi) - yy.lo) / (W(2) * y);
  // Make it the correctly rounded one: with u = ulp(y), sqrt(m) > y + u/2 iff m - y^2 > y u, and
  // sqrt(m) < y - u/2 iff m - y^2 <= -y u (both sides are multiples of u^2; m - y^2 is exact).
  const W u = exp2_int<W>(1 - p);
  if (y >= 2)
    y = W(2) - u;
  for (int i = 0; i < 3; ++i) {
    const dd<W> sq = two_prod(y, y);
    const dd<W> rest = two_sum(m - sq.hi, -sq.lo);
    const dd<W> above = add(rest, -(y * u));
    const dd<W> below = add(rest, y * u);
    if (above.hi > 0 || (above.hi == 0 && above.lo > 0))
      y += u;
    else if (below.hi < 0 || (below.hi == 0 && below.lo <= 0))
      y -= u;
    else
      break;
  }
  return y * exp2_int<W>(me.e / 2);
}

// reduced<W>: x = (4j + quadrant) pi/2 + r, |r| <= ~pi/4.
template <class W>
struct reduced {
  int quadrant;
  dd<W> r;
};

// payne_hanek(ax) -> ax reduced mod pi/2 with the bits of 2/pi, ax >= 2^20 finite
template <class W>
constexpr reduced<W> payne_hanek(W ax) noexcept {
  constexpr int p = digits_v<W>;
  const mant_exp<W> me = decompose(ax);
  const std::uint64_t mant = static_cast<std::uint64_t>(me.m * exp2_int<W>(p - 1));
  const int ex = me.e - (p - 1);  // ax = mant * 2^ex
  // ax * 2/pi mod 4 only needs the bits of 2/pi from position ex - 1 on: take 256 of them, B, so
  // that ax * 2/pi = mant * B / 2^sh (mod 4) up to less than 2^(64 - sh) <= 2^-190.
  const int first = ex - 1 > 1 ? ex - 1 : 1;
  const int sh = first + 255 - ex;
  std::uint32_t b[8]{};  // B, least significant limb first
  const int word = (first - 1) / 32;
  const int offset = (first - 1) % 32;
  for (int t = 0; t < 8; ++t) {
    const std::uint32_t w0 = two_over_pi_bits[word + t];
    const std::uint32_t w1 = two_over_pi_bits[word + t + 1];
    b[7 - t] = offset == 0 ? w0 : (w0 << offset) | (w1 >> (32 - offset));
  }
  const std::uint32_t a[2] = {static_cast<std::uint32_t>(mant),
                              static_cast<std::uint32_t>(mant >> 32)};
  std::uint32_t prod[10]{};  // mant * B
  for (int i = 0; i < 2; ++i) {
    std::uint64_t carry = 0;
    for (int j = 0; j < 8; ++j) {
      const std::uint64_t cur = std::uint64_t{a[i]} * b[j] + prod[i + j] + carry;
      prod[i + j] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
    prod[i + 8] = static_cast<std::uint32_t>(carry);
  }
  const auto bit = [&prod](int k) { return (prod[k / 32] >> (k % 32)) & 1u; };
  int quadrant = static_cast<int>(bit(sh) + 2 * bit(sh + 1));
  // The fraction: the low sh bits; from 1/2 on, take 1 - fraction and the next quadrant.
  std::uint32_t frac[10]{};
  for (int i = 0; i < 10; ++i) {
    const int low = 32 * i;
    if (low + 32 <= sh)
      frac[i] = prod[i];
    else if (low < sh)
      frac[i] = prod[i] & ((std::uint32_t{1} << (sh - low)) - 1u);
  }
  const bool negative = bit(sh - 1) != 0;
  if (negative) {
    ++quadrant;
    std::uint64_t carry = 1;
    for (int i = 0; i < 10; ++i) {
      const std::uint64_t cur = std::uint64_t{~frac[i]} + carry;
      frac[i] = static_cast<std::uint32_t>(cur);
      carry = cur >> 32;
    }
    for (int i = 0; i < 10; ++i) {
      const int low = 32 * i;
      if (low >= sh)
        frac[i] = 0;
      else if (low + 32 > sh)
        frac[i] &= (std::uint32_t{1} << (sh - low)) - 1u;
    }
  }
  int top = 9;
  while (top >= 0 && frac[top] == 0)
    --top;
  dd<W> f{W(0), W(0)};
  for (int i = top; i >= 0 && i > top - 4; --i)
    f = add(f, W(frac[i]) * exp2_int<W>(32 * i - sh));
  const dd<W> r = mul(f, consts<W>.pio2_dd);
  return {quadrant & 3, negative ? neg(r) : r};
}

// reduce_pio2(ax) -> ax reduced mod pi/2, ax >= 0 finite
template <class W>
constexpr reduced<W> reduce_pio2(W ax) noexcept {
  const constants<W>& c = consts<W>;
  if (ax <= W(0.78))
    return {0, dd<W>{ax, W(0)}};
  if (ax >= W(1 << 20))
    return payne_hanek(ax);
  // Cody-Waite: k pi/2 with the three pieces as exact products; ax - hi(k pio2[0]) is exact.
  const W k = nearest_int(ax * c.two_over_pi);
  const dd<W> k0 = two_prod(k, c.pio2[0]);
  dd<W> r{ax - k0.hi, W(0)};
  r = add(r, -k0.lo);
  r = add(r, neg(two_prod(k, c.pio2[1])));
  r = add(r, neg(two_prod(k, c.pio2[2])));
  return {static_cast<int>(static_cast<long long>(k) & 3), r};
}

// sin_kernel(r) -> sin r for |r| <= pi/4: r sum (-1)^i r^(2i) / (2i + 1)!, the dropped terms
// below 2^-72 (double) and 2^-82 (long double) relative.
template <class W>
constexpr dd<W> sin_kernel(dd<W> r) noexcept {
  constexpr int n = digits_v<W> <= 53 ? 10 : 11;
  const auto den = [](int i) { return (i % 2 == 0 ? W(1) : W(-1)) * factorial<W>(2 * i + 1); };
  return mul(r, series(mul(r, r), n, 4, den));
}
// cos_kernel(r) -> cos r for |r| <= pi/4: sum (-1)^i r^(2i) / (2i)!, the dropped terms below 2^-68
// (double) and 2^-87 (long double).
template <class W>
constexpr dd<W> cos_kernel(dd<W> r) noexcept {
  constexpr int n = digits_v<W> <= 53 ? 10 : 12;
  const auto den = [](int i) { return (i % 2 == 0 ? W(1) : W(-1)) * factorial<W>(2 * i); };
  return series(mul(r, r), n, 4, den);
}

// trig_kind: which of sin, cos, tan trig_work computes.
enum class trig_kind { sin, cos, tan };

// trig_work(x, kind) -> sin x, cos x or tan x in the working precision
template <class W>
constexpr W trig_work(W x, trig_kind kind) noexcept {
  if (is_nan(x))
    return x;
  if (is_inf(x))
    return quiet_nan<W>();
  if (x == 0 && kind != trig_kind::cos)
    return x;
  const reduced<W> red = reduce_pio2(magnitude(x));
  const bool odd = (red.quadrant & 1) != 0;
  W result{};
  if (kind == trig_kind::tan) {
    const dd<W> s = sin_kernel(red.r);
    const dd<W> c = cos_kernel(red.r);
    if (odd && s.hi == 0)
      return with_sign(infinity<W>(), x < 0);
    result = odd ? -div(c, s).hi : div(s, c).hi;
    return x < 0 ? -result : result;
  }
  // sin: quadrants 0..3 give sin r, cos r, -sin r, -cos r; cos is sin shifted by one quadrant.
  const int q = kind == trig_kind::cos ? (red.quadrant + 1) & 3 : red.quadrant;
  result = (q & 1) != 0 ? cos_kernel(red.r).hi : sin_kernel(red.r).hi;
  if (q >= 2)
    result = -result;
  return kind == trig_kind::sin && x < 0 ? -result : result;
}

// tanh_work(x) -> tanh x in the working precision: t / (t + 2) with t = e^(2|x|) - 1
template <class W>
constexpr W tanh_work(W x) noexcept {
  if (is_nan(x) || x == 0)
    return x;
  const W ax = magnitude(x);
  // 1 - tanh(ax) < 2 e^(-2 ax) < 2^-(p + 1) from here on: tanh rounds to 1.
  if (ax > W(digits_v<W> + 2) * W(0.35))
    return with_sign(W(1), x < 0);
  const dd<W> t = expm1_dd(W(2) * ax);
  return with_sign(div(t, add(t, W(2))).hi, x < 0);
}

// sqrt_dd(a) -> the square root of a.hi + a.lo as dd (a > 0, normal): one Newton step on the
// correctly rounded sqrt of a.hi.
template <class W>
constexpr dd<W> sqrt_dd(dd<W> a) noexcept {
  const W y = sqrt_work(a.hi);
  const dd<W> rest = add(a, neg(two_prod(y, y)));
  return fast_two_sum(y, rest.hi / (W(2) * y));
}

// log_of(v) -> ln(v.hi + v.lo) as dd, v > 0: ln v.hi + v.lo / v.hi to second order
template <class W>
constexpr dd<W> log_of(dd<W> v) noexcept {
  return add(log_dd(v.hi), v.lo / v.hi);
}

// more_constants<W>: dd constants of the functions below.
template <class W>
struct more_constants {
  dd<W> ln2;
  dd<W> log2_e;   // 1 / ln 2
  dd<W> log10_e;  // 1 / ln 10
  dd<W> pio2;     // pi / 2
  dd<W> pi;
  dd<W> pio4;
  dd<W> three_pio4;
  dd<W> two_over_sqrt_pi;
};

// make_more_constants<W>() -> more_constants<W>
template <class W>
constexpr more_constants<W> make_more_constants() noexcept {
  const constants<W>& c = consts<W>;
  more_constants<W> k{};
  k.ln2 = add(fast_two_sum(c.ln2_hi, c.ln2_mid), c.ln2_lo);
  k.log2_e = div(dd<W>{W(1), W(0)}, k.ln2);
  k.log10_e = div(dd<W>{W(1), W(0)}, log_dd(W(10)));
  k.pio2 = add(fast_two_sum(c.pio2[0], c.pio2[1]), c.pio2[2]);
  k.pi = scale(k.pio2, W(2));
  k.pio4 = scale(k.pio2, W(0.5));
  k.three_pio4 = add(k.pio2, k.pio4);
  k.two_over_sqrt_pi = div(dd<W>{W(2), W(0)}, sqrt_dd(k.pi));
  return k;
}

// more_consts<W>: the dd constants of W, computed once per type.
template <class W>
constexpr more_constants<W> more_consts = make_more_constants<W>();

// tiny_limit<W>(): below it, f(x) = x + O(x^3) rounds to x for asinh, atanh, sinh, atan, asin
// (x^2 / 3 < 2^-(p + 2)).
template <class W>
constexpr W tiny_limit() noexcept {
  return exp2_int<W>(-(digits_v<W> / 2) - 1);
}

// scale_dd(v, k) -> v * 2^k rounded to W, v > 0 normal (rounded twice for subnormal results)
template <class W>
constexpr W scale_dd(dd<W> v, int k) noexcept {
  const mant_exp<W> me = decompose(v.hi);
  return scale_pow2(v.hi * exp2_int<W>(-me.e), k + me.e);
}

// exp2_work(x) -> 2^x in the working precision: x = k + f exactly (k an integer, |f| <= 1/2),
// 2^x = 2^k e^(f ln 2)
template <class W>
constexpr W exp2_work(W x) noexcept {
  if (is_nan(x))
    return x;
  if (x >= W(std::numeric_limits<W>::max_exponent))
    return infinity<W>();
  if (x < W(std::numeric_limits<W>::min_exponent - digits_v<W> - 2))
    return W(0);
  const W k = nearest_int(x);
  const W f = x - k;  // exact
  if (f == 0)
    return scale_pow2(W(1), static_cast<int>(k));
  const exp_parts<W> e = exp_split(mul(more_consts<W>.ln2, dd<W>{f, W(0)}));
  return scale_pow2(add(e.q, W(1)).hi, e.k + static_cast<int>(k));
}

// log2_work(x) -> log2 x in the working precision: e + ln m / ln 2, exact for powers of two
template <class W>
constexpr W log2_work(W x) noexcept {
  if (is_nan(x) || x < 0)
    return quiet_nan<W>();
  if (x == 0)
    return -infinity<W>();
  if (is_inf(x))
    return x;
  const log_parts<W> parts = log_split(x);
  return add(mul(parts.ln_m, more_consts<W>.log2_e), W(parts.e)).hi;
}

// log10_work(x) -> log10 x in the working precision: ln x / ln 10 (exact integers for powers of
// ten, since the dd quotient is far closer to them than half an ulp)
template <class W>
constexpr W log10_work(W x) noexcept {
  if (is_nan(x) || x < 0)
    return quiet_nan<W>();
  if (x == 0)
    return -infinity<W>();
  if (is_inf(x))
    return x;
  return mul(log_dd(x), more_consts<W>.log10_e).hi;
}

// half_exp(ax) -> e^ax / 2 rounded to W, as e^(ax - ln 2) so that it overflows only where the
// result does
template <class W>
constexpr W half_exp(W ax) noexcept {
  return exp_dd(add(dd<W>{ax, W(0)}, neg(more_consts<W>.ln2)));
}

// cosh_work(x) -> cosh x in the working precision: (e^|x| + e^-|x|) / 2, e^|x| / 2 from |x| > p/2
// on (where e^-2|x| < 2^-(1.44 p))
template <class W>
constexpr W cosh_work(W x) noexcept {
  if (is_nan(x))
    return x;
  const W ax = magnitude(x);
  if (is_inf(ax))
    return ax;
  if (ax > W(digits_v<W>) * W(0.5))
    return half_exp(ax);
  const exp_parts<W> e = exp_split(dd<W>{ax, W(0)});
  const dd<W> big = add(e.q, W(1));  // e^ax = 2^k big
  const dd<W> up = scale(big, exp2_int<W>(e.k - 1));
  const dd<W> down = scale(div(dd<W>{W(1), W(0)}, big), exp2_int<W>(-e.k - 1));
  return add(up, down).hi;
}

// sinh_work(x) -> sinh x in the working precision: (t + t / (1 + t)) / 2 with t = e^|x| - 1
template <class W>
constexpr W sinh_work(W x) noexcept {
  if (is_nan(x) || x == 0 || is_inf(x))
    return x;
  const W ax = magnitude(x);
  if (ax < tiny_limit<W>())
    return x;
  if (ax > W(digits_v<W>) * W(0.5))
    return with_sign(half_exp(ax), x < 0);
  const dd<W> t = expm1_dd(ax);
  const dd<W> s = add(t, div(t, add(t, W(1))));
  return with_sign(scale(s, W(0.5)).hi, x < 0);
}

// asinh_work(x) -> asinh x in the working precision: ln(|x| + sqrt(x^2 + 1)) in dd, ln 2|x|
// (+ 1 / 4x^2, below 2^-2p) from |x| > 2^p on
template <class W>
constexpr W asinh_work(W x) noexcept {
  if (is_nan(x) || x == 0 || is_inf(x))
    return x;
  const W ax = magnitude(x);
  if (ax < tiny_limit<W>())
    return x;
  dd<W> r{};
  if (ax > exp2_int<W>(digits_v<W>)) {
    r = add(log_dd(ax), more_consts<W>.ln2);
  } else {
    const dd<W> root = sqrt_dd(add(two_prod(ax, ax), W(1)));
    r = log_of(add(root, ax));
  }
  return with_sign(r.hi, x < 0);
}

// acosh_work(x) -> acosh x in the working precision: ln(x + sqrt(x^2 - 1)) in dd (x^2 - 1 exact
// near 1), ln 2x from x > 2^p on
template <class W>
constexpr W acosh_work(W x) noexcept {
  if (is_nan(x) || x < 1)
    return quiet_nan<W>();
  if (x == 1)
    return W(0);
  if (is_inf(x))
    return x;
  if (x > exp2_int<W>(digits_v<W>))
    return add(log_dd(x), more_consts<W>.ln2).hi;
  const dd<W> root = sqrt_dd(add(two_prod(x, x), W(-1)));
  return log_of(add(root, x)).hi;
}

// atanh_work(x) -> atanh x in the working precision: ln((1 + |x|) / (1 - |x|)) / 2 in dd
template <class W>
constexpr W atanh_work(W x) noexcept {
  if (is_nan(x))
    return x;
  const W ax = magnitude(x);
  if (ax > 1)
    return quiet_nan<W>();
  if (ax == 1)
    return with_sign(infinity<W>(), x < 0);
  if (ax < tiny_limit<W>())
    return x;
  const dd<W> q = div(two_sum(W(1), ax), two_sum(W(1), -ax));
  return with_sign(scale(log_of(q), W(0.5)).hi, x < 0);
}

// atan_kernel(z) -> atan z for 0 <= z <= 1: halved until z <= 1/8 by
// atan z = 2 atan(z / (1 + sqrt(1 + z^2))) (three times at most), then
// z sum (-1)^i z^(2i) / (2i + 1), the dropped terms below 2^-76 (double) and 2^-88 (long double)
// relative.
template <class W>
constexpr dd<W> atan_kernel(dd<W> z) noexcept {
  W factor = 1;
  while (z.hi > W(0.125)) {
    z = div(z, add(sqrt_dd(add(mul(z, z), W(1))), W(1)));
    factor *= 2;
  }
  constexpr int n = digits_v<W> <= 53 ? 12 : 14;
  const auto den = [](int i) { return (i % 2 == 0 ? W(1) : W(-1)) * W(2 * i + 1); };
  return scale(mul(z, series(mul(z, z), n, 4, den)), factor);
}

// atan_pos(t) -> atan t as dd for finite t >= 0 (t < 2^(p + 8)): pi/2 - atan(1/t) above 1
template <class W>
constexpr dd<W> atan_pos(dd<W> t) noexcept {
  if (t.hi > 1)
    return add(more_consts<W>.pio2, neg(atan_kernel(div(dd<W>{W(1), W(0)}, t))));
  return atan_kernel(t);
}

// atan_work(x) -> atan x in the working precision
template <class W>
constexpr W atan_work(W x) noexcept {
  if (is_nan(x) || x == 0)
    return x;
  const more_constants<W>& k = more_consts<W>;
  const W ax = magnitude(x);
  dd<W> r{};
  if (ax < tiny_limit<W>())
    return x;
  if (ax > exp2_int<W>(digits_v<W> + 2))  // pi/2 - 1/x (+ 1 / 3x^3, below 2^-3p)
    r = add(k.pio2, -(W(1) / ax));
  else
    r = atan_pos(dd<W>{ax, W(0)});
  return with_sign(r.hi, x < 0);
}

// atan2_work(y, x) -> the angle of (x, y) in [-pi, pi] in the working precision, with std::atan2's
// special cases (the sign of y, including -0, is the sign of the result)
template <class W>
constexpr W atan2_work(W y, W x) noexcept {
  if (is_nan(x) || is_nan(y))
    return quiet_nan<W>();
  constexpr int p = digits_v<W>;
  const more_constants<W>& k = more_consts<W>;
  const bool neg_y = sign_bit(y);
  const bool neg_x = sign_bit(x);
  const W ax = magnitude(x);
  const W ay = magnitude(y);
  if (y == 0)
    return with_sign(neg_x ? k.pi.hi : W(0), neg_y);
  if (is_inf(ay)) {
    if (is_inf(ax))
      return with_sign(neg_x ? k.three_pio4.hi : k.pio4.hi, neg_y);
    return with_sign(k.pio2.hi, neg_y);
  }
  if (x == 0)
    return with_sign(k.pio2.hi, neg_y);
  if (is_inf(ax))
    return with_sign(neg_x ? k.pi.hi : W(0), neg_y);
  // Both finite and nonzero: t = ay / ax, in dd from the mantissas so that it cannot over- or
  // underflow; far apart, atan t = t or pi/2 - 1/t to far below an ulp.
  const mant_exp<W> my = decompose(ay);
  const mant_exp<W> mx = decompose(ax);
  const int de = my.e - mx.e;
  dd<W> a{};
  if (de > p + 3) {
    a = add(k.pio2, -(ax / ay));
  } else if (de < -(p + 3)) {
    const W t = ay / ax;
    if (!neg_x)
      return with_sign(t, neg_y);
    return with_sign(add(k.pi, -t).hi, neg_y);
  } else {
    a = atan_pos(div(dd<W>{my.m * exp2_int<W>(de), W(0)}, dd<W>{mx.m, W(0)}));
  }
  if (neg_x)
    a = add(k.pi, neg(a));
  return with_sign(a.hi, neg_y);
}

// asin_work(x) -> asin x in the working precision: atan(|x| / sqrt((1 - |x|)(1 + |x|))) in dd
template <class W>
constexpr W asin_work(W x) noexcept {
  if (is_nan(x) || x == 0)
    return x;
  const W ax = magnitude(x);
  if (ax > 1)
    return quiet_nan<W>();
  if (ax == 1)
    return with_sign(more_consts<W>.pio2.hi, x < 0);
  if (ax < tiny_limit<W>())
    return x;
  const dd<W> root = sqrt_dd(mul(two_sum(W(1), -ax), two_sum(W(1), ax)));
  return with_sign(atan_pos(div(dd<W>{ax, W(0)}, root)).hi, x < 0);
}

// acos_work(x) -> acos x in the working precision: 2 atan(sqrt((1 - x) / (1 + x))) in dd
template <class W>
constexpr W acos_work(W x) noexcept {
  if (is_nan(x))
    return x;
  if (x > 1 || x < -1)
    return quiet_nan<W>();
  if (x == 1)
    return W(0);
  if (x == -1)
    return more_consts<W>.pi.hi;
  const dd<W> q = div(two_sum(W(1), -x), two_sum(W(1), x));
  return scale(atan_pos(sqrt_dd(q)), W(2)).hi;
}

// hypot_work(x, y) -> sqrt(x^2 + y^2) in the working precision: both scaled by a power of two to
// the larger's binade, the square root of the exact dd sum of squares, scaled back
template <class W>
constexpr W hypot_work(W x, W y) noexcept {
  if (is_inf(x) || is_inf(y))
    return infinity<W>();
  if (is_nan(x) || is_nan(y))
    return quiet_nan<W>();
  W a = magnitude(x);
  W b = magnitude(y);
  if (a < b) {
    const W t = a;
    a = b;
    b = t;
  }
  if (b == 0)
    return a == 0 ? W(0) : a;  // +0 also for two zeros of either sign
  const mant_exp<W> ma = decompose(a);
  const mant_exp<W> mb = decompose(b);
  if (ma.e - mb.e > digits_v<W> + 2)  // a sqrt(1 + (b/a)^2) = a (1 + below 2^-(2p + 5))
    return a;
  const W bs = mb.m * exp2_int<W>(mb.e - ma.e);  // exact, in [2^-(p + 2), 2)
  const dd<W> sum = add(two_prod(ma.m, ma.m), two_prod(bs, bs));
  return scale_dd(sqrt_dd(sum), ma.e);
}

// erf_table<W>: c[n] = 1 / (n! (2n + 1)) as dd, the coefficients of erf's series.
template <class W>
struct erf_table {
  static constexpr int size = 64;
  dd<W> c[size];
};

// make_erf_table<W>() -> erf_table<W>
template <class W>
constexpr erf_table<W> make_erf_table() noexcept {
  erf_table<W> t{};
  dd<W> inverse_factorial{W(1), W(0)};
  for (int n = 0; n < erf_table<W>::size; ++n) {
    if (n > 0)
      inverse_factorial = div(inverse_factorial, dd<W>{W(n), W(0)});
    t.c[n] = div(inverse_factorial, dd<W>{W(2 * n + 1), W(0)});
  }
  return t;
}

// erf_coefficients<W>: the table of W, computed once per type.
template <class W>
constexpr erf_table<W> erf_coefficients = make_erf_table<W>();

// erf_series(x) -> erf x as dd for 0 <= x <= 2.5: (2 / sqrt pi) x sum c[n] (-x^2)^n by Horner in
// dd (at 2.5 the largest term is about 2^6.4), with the terms down to 2^-(p + 36) (at most 58 of
// them, at 2.5 for long double)
template <class W>
constexpr dd<W> erf_series(W x) noexcept {
  const W eps = exp2_int<W>(-(digits_v<W> + 36));
  const W zz = x * x;
  int n = 1;  // the number of terms, from x^(2n) / n! < eps on
  for (W t = 1; n < erf_table<W>::size && (t >= eps || W(n) <= zz); ++n)
    t = t * zz / W(n);
  const erf_table<W>& table = erf_coefficients<W>;
  const dd<W> z = neg(two_prod(x, x));
  dd<W> sum = table.c[n - 1];
  for (int i = n - 2; i >= 0; --i)
    sum = add(mul(sum, z), table.c[i]);
  return mul(mul(more_consts<W>.two_over_sqrt_pi, dd<W>{x, W(0)}), sum);
}

// erfc_cf(x) -> {k, v} with erfc x = 2^k v, for x >= 2.5 (and x^2 < 2^15 ln 2): the even part of
// Laplace's continued fraction, erfc x = e^-x^2 / sqrt(pi) 2x / (2x^2 + 1 - 1*2 / (2x^2 + 5 -
// 3*4 / (2x^2 + 9 - ...))), in dd, with enough terms for 2^-80 (double) and 2^-90 (long double)
// relative (8 + 200 / x^2 and 10 + 250 / x^2 of them: 40 and 50 at x = 2.5)
template <class W>
constexpr exp_parts<W> erfc_cf(W x) noexcept {
  const dd<W> x2 = two_prod(x, x);
  const dd<W> z = scale(x2, W(2));
  const W terms = digits_v<W> <= 53 ? W(8) + W(200) / x2.hi : W(10) + W(250) / x2.hi;
  const int n = static_cast<int>(terms);
  // The inner levels in W: a relative error d in the value at level 10 changes the result by
  // below 2^-34 d (at x = 2.5, less above), far below an ulp.
  constexpr int outer = 10;
  W g = z.hi + W(4 * n + 1);
  for (int i = n - 1; i >= outer; --i)
    g = (z.hi + W(4 * i + 1)) - W((2 * i + 1) * (2 * i + 2)) / g;
  dd<W> f{g, W(0)};
  for (int i = (n < outer ? n : outer) - 1; i >= 0; --i)
    f = add(add(z, W(4 * i + 1)), neg(div(dd<W>{W((2 * i + 1) * (2 * i + 2)), W(0)}, f)));
  const exp_parts<W> e = exp_split(neg(x2));
  const dd<W> ratio = div(mul(more_consts<W>.two_over_sqrt_pi, dd<W>{x, W(0)}), f);
  return {e.k, mul(add(e.q, W(1)), ratio)};
}

// erf_limits<W>: from one on, erf rounds to +-1 (erfc x < e^-x^2 < 2^-(p + 2)); from zero on,
// erfc rounds to 0 (erfc x < e^-x^2 / x < half the smallest subnormal).
template <class W>
struct erf_limits {
  static constexpr W one = sqrt_work(W(digits_v<W> + 2) * W(0.6931471805599453));
  static constexpr W zero =
      sqrt_work(W(digits_v<W> - std::numeric_limits<W>::min_exponent + 1) * W(0.6931471805599453));
};

// erf_work(x) -> erf x in the working precision: the series below 2.5, 1 - erfc x above
template <class W>
constexpr W erf_work(W x) noexcept {
  if (is_nan(x) || x == 0)
    return x;
  const W ax = magnitude(x);
  if (ax > erf_limits<W>::one)
    return with_sign(W(1), x < 0);
  if (ax < tiny_limit<W>())  // (2 / sqrt pi) (x - x^3 / 3), the next term below 2^-2p relative
    return mul(more_consts<W>.two_over_sqrt_pi, add(dd<W>{x, W(0)}, -(x * (x * x)) / W(3))).hi;
  if (ax <= W(2.5))
    return with_sign(erf_series(ax).hi, x < 0);
  const exp_parts<W> e = erfc_cf(ax);
  return with_sign(add(neg(scale(e.q, exp2_int<W>(e.k))), W(1)).hi, x < 0);
}

// erfc_work(x) -> erfc x in the working precision: 1 -+ the series of erf |x| below 2.5, the
// continued fraction above (2 - it for negative x), with no cancellation for large x
template <class W>
constexpr W erfc_work(W x) noexcept {
  if (is_nan(x))
    return x;
  const W ax = magnitude(x);
  if (ax < exp2_int<W>(-(digits_v<W> + 2)))  // 1 - (2 / sqrt pi) x rounds to 1
    return W(1);
  if (ax <= W(2.5)) {
    const dd<W> e = erf_series(ax);
    return add(x < 0 ? e : neg(e), W(1)).hi;
  }
  if (x < 0) {
    if (ax > erf_limits<W>::one)
      return W(2);
    const exp_parts<W> e = erfc_cf(ax);
    return add(neg(scale(e.q, exp2_int<W>(e.k))), W(2)).hi;
  }
  if (x > erf_limits<W>::zero)
    return W(0);
  const exp_parts<W> e = erfc_cf(x);
  return scale_dd(e.q, e.k);
}

// pow_work(x, y) -> x^y in the working precision, with std::pow's special cases
template <class W>
constexpr W pow_work(W x, W y) noexcept {
  if (y == 0 || x == 1)
    return W(1);
  if (is_nan(x) || is_nan(y))
    return quiet_nan<W>();
  const W inf = infinity<W>();
  if (is_inf(y)) {
    const W ax = magnitude(x);
    if (ax == 1)
      return W(1);
    return (ax > 1) == (y > 0) ? inf : W(0);
  }
  const bool odd = is_odd_integer(y);
  if (x == 0 || is_inf(x)) {
    // |x|^y is 0 or inf; an odd integer y keeps the sign of x.
    const bool large = (x == 0) == (y < 0);
    return with_sign(large ? inf : W(0), odd && sign_bit(x));
  }
  if (x < 0 && !is_integer(y))
    return quiet_nan<W>();
  const bool negative = x < 0 && odd;
  const dd<W> lx = log_dd(magnitude(x));
  if (lx.hi == 0)
    return with_sign(W(1), negative);  // x = -1 (and y huge, where y * 0 must not be split)
  // |y ln x| beyond limit over- or underflows for sure (|ln x| < 0.7 (emax - emin + p + 8)).
  constexpr W limit = W(std::numeric_limits<W>::max_exponent - std::numeric_limits<W>::min_exponent
                        + digits_v<W> + 8)
                      * W(0.7);
  if (magnitude(y) > 1 && magnitude(lx.hi) > limit / magnitude(y))
    return with_sign((y > 0) == (lx.hi > 0) ? inf : W(0), negative);
  const dd<W> t = two_prod(y, lx.hi);
  const W result = exp_dd(fast_two_sum(t.hi, t.lo + y * lx.lo));
  return with_sign(result, negative);
}

// mul_checked(a, b) -> a * b, or signed infinity where it overflows (without overflowing: an
// overflow is not a constant expression in GCC)
template <class W>
constexpr W mul_checked(W a, W b) noexcept {
  if (magnitude(a) <= 1 || magnitude(b) <= 1)
    return a * b;
  constexpr int half = std::numeric_limits<W>::max_exponent / 2;
  const W big = exp2_int<W>(half);
  const bool negative = (a < 0) != (b < 0);
  if (magnitude(a) >= big && magnitude(b) >= big)
    return with_sign(infinity<W>(), negative);
  if (magnitude(a) < big) {
    const W t = a;
    a = b;
    b = t;
  }
  // |a| > 1: a 2^-(half+1) is exact and normal, and the scaled product rounds like a * b.
  const W t = (a * exp2_int<W>(-half - 1)) * b;
  if (magnitude(t) > std::numeric_limits<W>::max() * exp2_int<W>(-half - 1))
    return with_sign(infinity<W>(), negative);
  return t * exp2_int<W>(half + 1);
}

// recip_checked(a) -> 1 / a, signed infinity for 0 or where it overflows
template <class W>
constexpr W recip_checked(W a) noexcept {
  if (a == 0)
    return with_sign(infinity<W>(), sign_bit(a));
  if (magnitude(a) >= 1)
    return W(1) / a;
  constexpr int shift = digits_v<W> + 2;
  const W t = W(1) / (a * exp2_int<W>(shift));  // a * 2^shift is exact and >= 2^-emin
  if (magnitude(t) > std::numeric_limits<W>::max() * exp2_int<W>(-shift))
    return with_sign(infinity<W>(), a < 0);
  return t * exp2_int<W>(shift);
}

// exp(x) -> e^x
template <std::floating_point T>
constexpr T exp(T x) noexcept {
  return narrow<T>(exp_work(static_cast<work_t<T>>(x)));
}
// expm1(x) -> e^x - 1
template <std::floating_point T>
constexpr T expm1(T x) noexcept {
  return narrow<T>(expm1_work(static_cast<work_t<T>>(x)));
}
// log(x) -> ln x
template <std::floating_point T>
constexpr T log(T x) noexcept {
  return narrow<T>(log_work(static_cast<work_t<T>>(x)));
}
// log1p(x) -> ln(1 + x)
template <std::floating_point T>
constexpr T log1p(T x) noexcept {
  return narrow<T>(log1p_work(static_cast<work_t<T>>(x)));
}
// sqrt(x) -> the square root
template <std::floating_point T>
constexpr T sqrt(T x) noexcept {
  return narrow<T>(sqrt_work(static_cast<work_t<T>>(x)));
}
// sin(x) -> sine
template <std::floating_point T>
constexpr T sin(T x) noexcept {
  return narrow<T>(trig_work(static_cast<work_t<T>>(x), trig_kind::sin));
}
// cos(x) -> cosine
template <std::floating_point T>
constexpr T cos(T x) noexcept {
  return narrow<T>(trig_work(static_cast<work_t<T>>(x), trig_kind::cos));
}
// tan(x) -> tangent
template <std::floating_point T>
constexpr T tan(T x) noexcept {
  return narrow<T>(trig_work(static_cast<work_t<T>>(x), trig_kind::tan));
}
// tanh(x) -> hyperbolic tangent
template <std::floating_point T>
constexpr T tanh(T x) noexcept {
  return narrow<T>(tanh_work(static_cast<work_t<T>>(x)));
}
// pow(x, y) -> x^y
template <std::floating_point T>
constexpr T pow(T x, T y) noexcept {
  return narrow<T>(pow_work(static_cast<work_t<T>>(x), static_cast<work_t<T>>(y)));
}
// erf(x) -> the error function
template <std::floating_point T>
constexpr T erf(T x) noexcept {
  return narrow<T>(erf_work(static_cast<work_t<T>>(x)));
}
// erfc(x) -> 1 - erf x, without cancellation for large x
template <std::floating_point T>
constexpr T erfc(T x) noexcept {
  return narrow<T>(erfc_work(static_cast<work_t<T>>(x)));
}
// exp2(x) -> 2^x
template <std::floating_point T>
constexpr T exp2(T x) noexcept {
  return narrow<T>(exp2_work(static_cast<work_t<T>>(x)));
}
// log2(x) -> the base-2 logarithm
template <std::floating_point T>
constexpr T log2(T x) noexcept {
  return narrow<T>(log2_work(static_cast<work_t<T>>(x)));
}
// log10(x) -> the base-10 logarithm
template <std::floating_point T>
constexpr T log10(T x) noexcept {
  return narrow<T>(log10_work(static_cast<work_t<T>>(x)));
}
// sinh(x) -> hyperbolic sine
template <std::floating_point T>
constexpr T sinh(T x) noexcept {
  return narrow<T>(sinh_work(static_cast<work_t<T>>(x)));
}
// cosh(x) -> hyperbolic cosine
template <std::floating_point T>
constexpr T cosh(T x) noexcept {
  return narrow<T>(cosh_work(static_cast<work_t<T>>(x)));
}
// asinh(x) -> inverse hyperbolic sine
template <std::floating_point T>
constexpr T asinh(T x) noexcept {
  return narrow<T>(asinh_work(static_cast<work_t<T>>(x)));
}
// acosh(x) -> inverse hyperbolic cosine
template <std::floating_point T>
constexpr T acosh(T x) noexcept {
  return narrow<T>(acosh_work(static_cast<work_t<T>>(x)));
}
// atanh(x) -> inverse hyperbolic tangent
template <std::floating_point T>
constexpr T atanh(T x) noexcept {
  return narrow<T>(atanh_work(static_cast<work_t<T>>(x)));
}
// atan(x) -> arc tangent
template <std::floating_point T>
constexpr T atan(T x) noexcept {
  return narrow<T>(atan_work(static_cast<work_t<T>>(x)));
}
// asin(x) -> arc sine
template <std::floating_point T>
constexpr T asin(T x) noexcept {
  return narrow<T>(asin_work(static_cast<work_t<T>>(x)));
}
// acos(x) -> arc cosine
template <std::floating_point T>
constexpr T acos(T x) noexcept {
  return narrow<T>(acos_work(static_cast<work_t<T>>(x)));
}
// atan2(y, x) -> the angle of the point (x, y), in [-pi, pi]
template <std::floating_point T>
constexpr T atan2(T y, T x) noexcept {
  return narrow<T>(atan2_work(static_cast<work_t<T>>(y), static_cast<work_t<T>>(x)));
}
// hypot(x, y) -> sqrt(x^2 + y^2) without over- or underflow
template <std::floating_point T>
constexpr T hypot(T x, T y) noexcept {
  return narrow<T>(hypot_work(static_cast<work_t<T>>(x), static_cast<work_t<T>>(y)));
}
// sigmoid(x) -> 1 / (1 + e^-x), evaluated in T like PyTorch
template <std::floating_point T>
constexpr T sigmoid(T x) noexcept {
  if (is_nan(x))
    return x;
  return T(1) / (T(1) + detail::exp(-x));
}
// pow_int(x, n) -> x^n by repeated squaring in T; a negative n gives 1 / x^|n|
template <std::floating_point T>
constexpr T pow_int(T x, long long n) noexcept {
  if (n == 0)
    return T(1);
  if (is_nan(x))
    return x;
  unsigned long long m =
      n < 0 ? 0ull - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  T result = 1;
  T base = x;
  while (m != 0) {
    if ((m & 1u) != 0)
      result = mul_checked(result, base);
    m >>= 1;
    if (m != 0)
      base = mul_checked(base, base);
  }
  return n < 0 ? recip_checked(result) : result;
}
// abs(x) -> |x|
template <std::floating_point T>
constexpr T abs(T x) noexcept {
  if (is_nan(x))
    return quiet_nan<T>();
  return x == 0 ? T(0) : magnitude(x);
}
// isnan(x) -> whether x is a NaN
template <std::floating_point T>
constexpr bool isnan(T x) noexcept {
  return is_nan(x);
}
// isinf(x) -> whether x is an infinity
template <std::floating_point T>
constexpr bool isinf(T x) noexcept {
  return is_inf(x);
}

}  // namespace ctgrad::math::detail
