// The consumer's second translation unit (layer.hpp).
#include "layer.hpp"

double consumer::slope_elsewhere(double at_x, double at_w) {
  return slope(at_x, at_w);
}
