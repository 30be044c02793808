// Compile-time checks of ctgrad::math: the constexpr implementations against correctly rounded
// values (computed with a multiple-precision library), and the IEEE special cases of <cmath>.
#include <ctgrad/math.hpp>

#include <bit>
#include <cstdint>
#include <limits>

namespace {

namespace m = ctgrad::math;

// ordered(x): x's bits as an integer that grows with x (for ulp distances).
constexpr std::int64_t ordered(double x) {
  const auto i = std::bit_cast<std::int64_t>(x);
  return i < 0 ? -(i & std::numeric_limits<std::int64_t>::max()) : i;
}
constexpr std::int64_t ordered(float x) {
  const auto i = std::bit_cast<std::int32_t>(x);
  return i < 0 ? -(i & std::numeric_limits<std::int32_t>::max()) : i;
}

// ulp_distance(a, b): how many steps of the type's grid separate a and b (finite a, b).
template <class T>
constexpr std::int64_t ulp_distance(T a, T b) {
  const std::int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

// near(a, b): |a - b| <= 1 ulp for long double (whose bits Clang cannot read in constexpr).
constexpr bool near(long double a, long double b) {
  const long double d = a > b ? a - b : b - a;
  const long double mag = b < 0 ? -b : b;
  return d <= mag * 0x1p-63L;
}

// is_negative_zero(x)
constexpr bool is_negative_zero(double x) {
  return x == 0 && std::bit_cast<std::uint64_t>(x) >> 63 != 0;
}
constexpr bool is_positive_zero(double x) {
  return x == 0 && std::bit_cast<std::uint64_t>(x) >> 63 == 0;
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr float inf_f = std::numeric_limits<float>::infinity();

// Accuracy: the implementations are correctly rounded but for rare near-halfway cases, so 1 ulp
// leaves room for those; sigmoid rounds three times like PyTorch's formula (up to 3 ulps) and
// pow_int once per product.
static_assert(ulp_distance(m::exp(1.0), 2.718281828459045) <= 1);
static_assert(ulp_distance(m::exp(-2.5), 0.0820849986238988) <= 1);
static_assert(ulp_distance(m::exp(700.0), 1.0142320547350045e+304) <= 1);
static_assert(ulp_distance(m::exp(-700.0), 9.85967654375977e-305) <= 1);
static_assert(ulp_distance(m::expm1(1e-10), 1.00000000005e-10) <= 1);
static_assert(ulp_distance(m::expm1(-0.75), -0.5276334472589853) <= 1);
static_assert(ulp_distance(m::log(2.0), 0.6931471805599453) <= 1);
static_assert(ulp_distance(m::log(10.0), 2.302585092994046) <= 1);
static_assert(ulp_distance(m::log(1e-300), -690.7755278982137) <= 1);
static_assert(ulp_distance(m::log(0.999), -0.0010005003335835344) <= 1);
static_assert(ulp_distance(m::log1p(1e-10), 9.999999999500001e-11) <= 1);
static_assert(ulp_distance(m::log1p(0.5), 0.4054651081081644) <= 1);
static_assert(ulp_distance(m::sqrt(2.0), 1.4142135623730951) <= 1);
static_assert(ulp_distance(m::sqrt(1e-300), 1e-150) <= 1);
static_assert(ulp_distance(m::sin(1.0), 0.8414709848078965) <= 1);
static_assert(ulp_distance(m::sin(100000.0), 0.03574879797201651) <= 1);
static_assert(ulp_distance(m::sin(1e22), -0.8522008497671888) <= 1);
static_assert(ulp_distance(m::cos(1.0), 0.5403023058681398) <= 1);
static_assert(ulp_distance(m::cos(-100.0), 0.8623188722876839) <= 1);
static_assert(ulp_distance(m::tan(1.0), 1.5574077246549023) <= 1);
static_assert(ulp_distance(m::tan(1e10), -0.5583496378112418) <= 1);
static_assert(ulp_distance(m::tanh(0.5), 0.46211715726000974) <= 1);
static_assert(ulp_distance(m::tanh(-3.0), -0.9950547536867305) <= 1);
static_assert(ulp_distance(m::tanh(1e-8), 1e-08) <= 1);
static_assert(ulp_distance(m::sigmoid(2.0), 0.8807970779778824) <= 3);
static_assert(ulp_distance(m::pow(2.0, 0.5), 1.4142135623730951) <= 1);
static_assert(ulp_distance(m::pow(1.5, 100.0), 4.065611775352152e+17) <= 1);
static_assert(ulp_distance(m::pow(0.1, -2.5), 316.2277660168379) <= 1);
static_assert(m::pow_int(2.0, 10) == 1024.0);
static_assert(m::pow_int(-3.0, 3) == -27.0);
static_assert(m::pow_int(2.0, -3) == 0.125);
static_assert(ulp_distance(m::pow_int(1.1, 7), 1.9487171000000012) <= 2);

static_assert(ulp_distance(m::exp(1.0f), 2.71828175f) <= 1);
static_assert(ulp_distance(m::log(3.0f), 1.09861231f) <= 1);
static_assert(ulp_distance(m::sin(1.0f), 0.841470957f) <= 1);
static_assert(ulp_distance(m::cos(2.0f), -0.416146845f) <= 1);
static_assert(ulp_distance(m::tanh(0.3f), 0.291312635f) <= 1);
static_assert(ulp_distance(m::sqrt(2.0f), 1.41421354f) <= 1);
static_assert(ulp_distance(m::pow(2.0f, 0.25f), 1.18920708f) <= 1);
static_assert(m::pow_int(3.0f, 4) == 81.0f);

static_assert(near(m::exp(1.0L), 2.71828182845904523543L));
static_assert(near(m::log(2.0L), 0.693147180559945309429L));
static_assert(near(m::sin(1.0L), 0.841470984807896506665L));
static_assert(near(m::sqrt(2.0L), 1.41421356237309504876L));
static_assert(near(m::pow(2.0L, 0.5L), 1.41421356237309504876L));
static_assert(near(m::tanh(0.5L), 0.462117157260009758514L));

// Special cases, as <cmath> has them.
static_assert(m::log(0.0) == -inf && m::log(-0.0) == -inf);
static_assert(m::isnan(m::log(-1.0)) && m::isnan(m::log(nan)));
static_assert(m::log(inf) == inf && is_positive_zero(m::log(1.0)));
static_assert(m::isnan(m::sqrt(-1.0)) && m::isnan(m::sqrt(-inf)));
static_assert(is_positive_zero(m::sqrt(0.0)) && is_negative_zero(m::sqrt(-0.0)));
static_assert(m::sqrt(inf) == inf && m::sqrt(4.0) == 2.0);
static_assert(m::exp(1000.0) == inf && m::exp(inf) == inf);
static_assert(is_positive_zero(m::exp(-1000.0)) && is_positive_zero(m::exp(-inf)));
static_assert(m::exp(0.0) == 1.0 && m::isnan(m::exp(nan)));
static_assert(m::expm1(-inf) == -1.0 && m::expm1(inf) == inf && is_negative_zero(m::expm1(-0.0)));
static_assert(m::log1p(-1.0) == -inf && m::isnan(m::log1p(-2.0)) && m::log1p(inf) == inf);
static_assert(m::isnan(m::sin(inf)) && m::isnan(m::cos(-inf)) && m::isnan(m::tan(inf)));
static_assert(is_negative_zero(m::sin(-0.0)) && is_negative_zero(m::tan(-0.0)) && m::cos(0.0) == 1);
static_assert(m::tanh(inf) == 1.0 && m::tanh(-inf) == -1.0 && is_negative_zero(m::tanh(-0.0)));
static_assert(m::isnan(m::tanh(nan)) && m::tanh(30.0) == 1.0);
static_assert(m::sigmoid(inf) == 1.0 && m::sigmoid(-inf) == 0.0 && m::sigmoid(0.0) == 0.5);
static_assert(m::isnan(m::sigmoid(nan)));
static_assert(m::pow(nan, 0.0) == 1.0 && m::pow(1.0, nan) == 1.0 && m::pow(-1.0, inf) == 1.0);
static_assert(is_positive_zero(m::pow(0.0, 2.0)) && is_negative_zero(m::pow(-0.0, 3.0)));
static_assert(m::pow(0.0, -2.0) == inf && m::pow(-0.0, -3.0) == -inf && m::pow(-0.0, -2.5) == inf);
static_assert(m::pow(-2.0, 3.0) == -8.0 && m::pow(-2.0, -2.0) == 0.25);
static_assert(m::isnan(m::pow(-2.0, 0.5)) && m::isnan(m::pow(nan, 1.0)));
static_assert(m::pow(2.0, inf) == inf && m::pow(0.5, inf) == 0.0 && m::pow(0.5, -inf) == inf);
static_assert(m::pow(inf, -1.0) == 0.0 && m::pow(-inf, 3.0) == -inf
              && is_negative_zero(m::pow(-inf, -3.0)));
static_assert(m::pow(10.0, 400.0) == inf && m::pow(-10.0, 401.0) == -inf
              && m::pow(10.0, -400.0) == 0);
static_assert(m::pow_int(10.0, 400) == inf && m::pow_int(-10.0, 401) == -inf);
static_assert(m::pow_int(10.0, -400) == 0.0 && m::pow_int(0.0, -1) == inf
              && m::pow_int(nan, 0) == 1);
static_assert(m::isnan(m::pow_int(nan, 2)) && m::pow_int(inf, -2) == 0.0);
static_assert(is_positive_zero(m::abs(-0.0)) && m::abs(-inf) == inf && m::abs(-2.5) == 2.5);
static_assert(m::isinf(-inf) && !m::isinf(nan) && !m::isnan(inf) && m::isnan(nan));
static_assert(m::exp(100.0f) == inf_f && m::log(0.0f) == -inf_f && m::isnan(m::sqrt(-1.0f)));
static_assert(m::pow(2.0f, 200.0f) == inf_f && m::exp(-200.0f) == 0.0f && m::tanh(-inf_f) == -1.0f);
static_assert(m::log(0.0L) == -std::numeric_limits<long double>::infinity());
static_assert(m::isnan(m::sqrt(-1.0L))
              && m::isnan(m::sin(std::numeric_limits<long double>::infinity())));

// The functions of #29 (erf ... hypot), against correctly rounded values (mpmath, 300 bits).
static_assert(ulp_distance(m::erf(0.5), 0.5204998778130465) <= 1);
static_assert(ulp_distance(m::erf(-1.5), -0.9661051464753108) <= 1);
static_assert(ulp_distance(m::erf(3.0), 0.9999779095030014) <= 1);
static_assert(ulp_distance(m::erfc(0.5), 0.4795001221869535) <= 1);
static_assert(ulp_distance(m::erfc(5.0), 1.537459794428035e-12) <= 1);
static_assert(ulp_distance(m::erfc(20.0), 5.395865611607901e-176) <= 1);
static_assert(ulp_distance(m::erfc(-1.0), 1.8427007929497148) <= 1);
static_assert(ulp_distance(m::exp2(0.5), 1.4142135623730951) <= 1);
static_assert(ulp_distance(m::exp2(-3.3), 0.10153154954452945) <= 1);
static_assert(ulp_distance(m::log2(10.0), 3.321928094887362) <= 1);
static_assert(ulp_distance(m::log10(2.0), 0.3010299956639812) <= 1);
static_assert(ulp_distance(m::log10(0.003), -2.5228787452803374) <= 1);
static_assert(ulp_distance(m::sinh(1.0), 1.1752011936438014) <= 1);
static_assert(ulp_distance(m::sinh(1e-5), 1.0000000000166668e-05) <= 1);
static_assert(ulp_distance(m::cosh(1.0), 1.5430806348152437) <= 1);
static_assert(ulp_distance(m::cosh(-30.0), 5343237290762.231) <= 1);
static_assert(ulp_distance(m::asinh(1.0), 0.881373587019543) <= 1);
static_assert(ulp_distance(m::asinh(-1e10), -23.7189981105004) <= 1);
static_assert(ulp_distance(m::acosh(2.0), 1.3169578969248168) <= 1);
static_assert(ulp_distance(m::acosh(1.0000001), 0.0004472135919037347) <= 1);
static_assert(ulp_distance(m::atanh(0.5), 0.5493061443340549) <= 1);
static_assert(ulp_distance(m::atanh(-0.999999), -7.254328619247669) <= 1);
static_assert(ulp_distance(m::atan(0.5), 0.4636476090008061) <= 1);
static_assert(ulp_distance(m::atan(-1e10), -1.5707963266948965) <= 1);
static_assert(ulp_distance(m::asin(0.5), 0.5235987755982989) <= 1);
static_assert(ulp_distance(m::asin(-0.999), -1.526071239626163) <= 1);
static_assert(ulp_distance(m::acos(0.3), 1.2661036727794992) <= 1);
static_assert(ulp_distance(m::acos(-0.999), 3.09686756642106) <= 1);
static_assert(ulp_distance(m::atan2(-2.0, -3.0), -2.5535900500422257) <= 1);
static_assert(ulp_distance(m::hypot(1e300, 2e300), 2.23606797749979e+300) <= 1);
static_assert(ulp_distance(m::hypot(3e-310, 4e-310), 5e-310) <= 1);

static_assert(ulp_distance(m::erf(0.7f), 0.677801192f) <= 1);
static_assert(ulp_distance(m::erfc(2.0f), 0.0046777348f) <= 1);
static_assert(ulp_distance(m::exp2(1.5f), 2.82842708f) <= 1);
static_assert(ulp_distance(m::log2(3.0f), 1.58496249f) <= 1);
static_assert(ulp_distance(m::sinh(0.5f), 0.521095276f) <= 1);
static_assert(ulp_distance(m::cosh(2.0f), 3.76219559f) <= 1);
static_assert(ulp_distance(m::asinh(0.5f), 0.481211811f) <= 1);
static_assert(ulp_distance(m::acosh(1.5f), 0.962423623f) <= 1);
static_assert(ulp_distance(m::atanh(0.25f), 0.255412817f) <= 1);
static_assert(ulp_distance(m::atan(2.0f), 1.10714877f) <= 1);
static_assert(ulp_distance(m::asin(0.25f), 0.252680242f) <= 1);
static_assert(ulp_distance(m::acos(0.25f), 1.31811607f) <= 1);

static_assert(near(m::erf(0.5L), 0.52049987781304653771L));
static_assert(near(m::erfc(3.0L), 0.0000220904969985854413727L));
static_assert(near(m::exp2(0.5L), 1.41421356237309504876L));
static_assert(near(m::log10(2.0L), 0.301029995663981195226L));
static_assert(near(m::sinh(1.0L), 1.17520119364380145688L));
static_assert(near(m::atanh(0.5L), 0.54930614433405484568L));
static_assert(near(m::atan(0.5L), 0.463647609000806116202L));
static_assert(near(m::asin(0.5L), 0.523598775598298873067L));
static_assert(near(m::atan2(1.0L, -2.0L), 2.67794504458898712223L));
static_assert(near(m::hypot(1.0L, 2.0L), 2.23606797749978969641L));

// pi from the inverse functions, exactly (pi/4, pi/2 and pi are one rounding apart by powers of
// two), and the exact cases of <cmath>.
constexpr double pi = 3.141592653589793;
static_assert(m::atan(1.0) * 4 == pi && m::asin(1.0) * 2 == pi && m::acos(-1.0) == pi);
static_assert(m::acos(0.0) * 2 == pi && m::atan2(1.0, 1.0) * 4 == pi && m::atan2(0.0, -1.0) == pi);
static_assert(m::atan(inf) * 2 == pi && m::atan2(1.0, 0.0) * 2 == pi);
static_assert(m::atan(1.0f) * 4 == 3.14159274f && m::acos(-1.0L) == 3.14159265358979323851L);
static_assert(m::exp2(10.0) == 1024.0
              && m::exp2(-1074.0) == std::numeric_limits<double>::denorm_min());
static_assert(m::log2(8.0) == 3.0 && m::log2(0.125) == -3.0 && m::log2(0x1p-1074) == -1074.0);
static_assert(m::log10(1000.0) == 3.0 && m::log10(1e22) == 22.0 && m::log10(1.0) == 0.0);
static_assert(m::log10(1000.0f) == 3.0f && m::log10(1000.0L) == 3.0L
              && m::log2(0x1p-16445L) == -16445.0L);
static_assert(m::hypot(3.0, 4.0) == 5.0 && m::hypot(-5.0f, 12.0f) == 13.0f);
static_assert(m::erf(0.0) == 0.0 && m::erfc(0.0) == 1.0 && m::cosh(0.0) == 1.0);

// Special values, as <cmath> has them.
static_assert(is_negative_zero(m::erf(-0.0)) && m::erf(inf) == 1.0 && m::erf(-inf) == -1.0);
static_assert(m::erf(10.0) == 1.0 && m::isnan(m::erf(nan)) && m::isnan(m::erfc(nan)));
static_assert(m::erfc(inf) == 0.0 && m::erfc(-inf) == 2.0 && m::erfc(-10.0) == 2.0);
static_assert(m::erfc(27.0) > 0 && is_positive_zero(m::erfc(27.5)) && m::erfc(11.0f) == 0.0f);
static_assert(m::exp2(inf) == inf && is_positive_zero(m::exp2(-inf)) && m::exp2(1024.0) == inf);
static_assert(is_positive_zero(m::exp2(-1076.0)) && m::isnan(m::exp2(nan)));
static_assert(m::log2(0.0) == -inf && m::log10(-0.0) == -inf && m::log2(inf) == inf);
static_assert(m::isnan(m::log2(-1.0)) && m::isnan(m::log10(-inf))
              && is_positive_zero(m::log2(1.0)));
static_assert(is_negative_zero(m::sinh(-0.0)) && m::sinh(-inf) == -inf && m::sinh(1000.0) == inf);
static_assert(m::cosh(-inf) == inf && m::cosh(1000.0) == inf && m::cosh(710.0) < inf);
static_assert(m::sinh(-710.0) > -inf && m::isnan(m::sinh(nan)) && m::isnan(m::cosh(nan)));
static_assert(is_negative_zero(m::asinh(-0.0)) && m::asinh(-inf) == -inf && m::asinh(1e308) < inf);
static_assert(m::isnan(m::acosh(0.5)) && is_positive_zero(m::acosh(1.0)) && m::acosh(inf) == inf);
static_assert(m::acosh(1e308) < inf && m::isnan(m::acosh(-inf)));
static_assert(m::atanh(1.0) == inf && m::atanh(-1.0) == -inf && m::isnan(m::atanh(1.5)));
static_assert(is_negative_zero(m::atanh(-0.0)) && m::isnan(m::atanh(nan)));
static_assert(is_negative_zero(m::atan(-0.0)) && m::atan(-inf) * 2 == -pi
              && m::isnan(m::atan(nan)));
static_assert(m::isnan(m::asin(1.5)) && m::isnan(m::acos(-1.5)) && is_negative_zero(m::asin(-0.0)));
static_assert(is_positive_zero(m::acos(1.0)) && m::isnan(m::asin(inf)));
static_assert(is_positive_zero(m::atan2(0.0, 1.0)) && is_negative_zero(m::atan2(-0.0, 1.0)));
static_assert(is_positive_zero(m::atan2(0.0, 0.0)) && is_negative_zero(m::atan2(-0.0, 0.0)));
static_assert(m::atan2(0.0, -0.0) == pi && m::atan2(-0.0, -0.0) == -pi
              && m::atan2(-0.0, -1.0) == -pi);
static_assert(m::atan2(inf, inf) * 4 == pi && m::atan2(-inf, -inf) == -m::atan2(inf, -inf));
static_assert(m::atan2(-1.0, 0.0) * 2 == -pi && m::atan2(1.0, -inf) == pi);
static_assert(is_negative_zero(m::atan2(-1.0, inf)) && m::isnan(m::atan2(nan, 1.0)));
static_assert(m::atan2(1e-300, 1e300) == 0.0 && m::atan2(1e300, 1e-300) * 2 == pi);
static_assert(m::hypot(inf, nan) == inf && m::hypot(nan, -inf) == inf
              && m::isnan(m::hypot(nan, 1.0)));
static_assert(m::hypot(1.5e308, 1.5e308) == inf && m::hypot(1e308, 1e308) < inf
              && is_positive_zero(m::hypot(-0.0, -0.0)));
static_assert(m::hypot(-3.0, 0.0) == 3.0 && m::hypot(0x1p-1074, 0.0) == 0x1p-1074);

}  // namespace
