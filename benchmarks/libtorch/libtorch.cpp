// What the libtorch variants of the benchmarks share; see libtorch.hpp.
#include "libtorch.hpp"

#include <torch/types.h>
#include <torch/utils.h>
#include <torch/version.h>

namespace bench::libtorch {

void use_one_thread() {
  at::set_num_threads(1);
}

const char* version() {
  return TORCH_VERSION;
}

int threads() {
  return at::get_num_threads();
}

}  // namespace bench::libtorch
