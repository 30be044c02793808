// Compile-fail test: into() writes w's gradient (shape 2x3, 6 values) into the caller's place; a
// std::array of 5 is an error that names w (variable_<'w'> with GCC and Clang) and says what fits.
// The positive twin gives a std::array of 6.
// expect-error: variable_<'w'>::has_a_place_that_fits_its_gradient
// expect-error: ctgrad: into: the place given for a variable's gradient does not fit it
#include <ctgrad/ctgrad.hpp>

#include <array>

namespace ctgrad_fail_into_misfit_place {

using namespace ctgrad;

constexpr var<"w", shape<2, 3>> w;
constexpr auto f = sum(w * w);

inline double run(const std::array<double, 6>& values) {
#ifdef CTGRAD_NEGATIVE
  std::array<double, 5> gradient{};
#else
  std::array<double, 6> gradient{};
#endif
  grad(f, w).into(gradient)(w = values);
  return gradient[0];
}

}  // namespace ctgrad_fail_into_misfit_place
