// What the libtorch variants of the benchmarks share: one thread, and the version for the report.
// Compiled as C++17 in libtorch.cpp (see dense_layer_torch.hpp); this header does not include
// libtorch's headers, and benchmarks built without libtorch include it too, for announce().
#pragma once

#include <cstdio>

namespace bench::libtorch {

// use_one_thread(): at::set_num_threads(1), so that libtorch runs on one core like the others.
void use_one_thread();
// version(): libtorch's version, "1.13.0". threads(): at::get_num_threads().
const char* version();
int threads();

// announce(): with libtorch (CTGRAD_BENCH_TORCH), one thread and a line naming its version;
// without, a line saying that the libtorch variant is skipped.
inline void announce() {
#ifdef CTGRAD_BENCH_TORCH
  use_one_thread();
  std::printf("libtorch %s, %d thread(s)\n", version(), threads());
#else
  std::printf("libtorch: not found when this benchmark was configured, its variant is skipped\n");
#endif
}

}  // namespace bench::libtorch
