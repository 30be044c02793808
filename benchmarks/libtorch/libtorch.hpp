// What the libtorch variants of the benchmarks share: one thread, and the version for the report.
// Compiled as C++17 in libtorch.cpp (see dense_layer_torch.hpp); this header does not include
// libtorch's headers.
#pragma once

namespace bench::libtorch {

// use_one_thread(): at::set_num_threads(1), so that libtorch runs on one core like the others.
void use_one_thread();
// version(): libtorch's version, "1.13.0". threads(): at::get_num_threads().
const char* version();
int threads();

}  // namespace bench::libtorch
