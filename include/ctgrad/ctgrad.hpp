// ctgrad: compile-time symbolic differentiation. Include this one header.
// Start with docs/getting-started.md and examples/chain_rule.cpp.
#pragma once

#include <ctgrad/constant.hpp>                  // IWYU pragma: export
#include <ctgrad/data/loader.hpp>               // IWYU pragma: export
#include <ctgrad/derivative.hpp>                // IWYU pragma: export
#include <ctgrad/evaluate.hpp>                  // IWYU pragma: export
#include <ctgrad/expression.hpp>                // IWYU pragma: export
#include <ctgrad/gradient.hpp>                  // IWYU pragma: export
#include <ctgrad/let.hpp>                       // IWYU pragma: export
#include <ctgrad/literal.hpp>                   // IWYU pragma: export
#include <ctgrad/math.hpp>                      // IWYU pragma: export
#include <ctgrad/operation.hpp>                 // IWYU pragma: export
#include <ctgrad/operations/activations.hpp>    // IWYU pragma: export
#include <ctgrad/operations/arithmetic.hpp>     // IWYU pragma: export
#include <ctgrad/operations/elementary.hpp>     // IWYU pragma: export
#include <ctgrad/operations/hyperbolic.hpp>     // IWYU pragma: export
#include <ctgrad/operations/power.hpp>          // IWYU pragma: export
#include <ctgrad/operations/selection.hpp>      // IWYU pragma: export
#include <ctgrad/operations/special.hpp>        // IWYU pragma: export
#include <ctgrad/operations/trigonometric.hpp>  // IWYU pragma: export
#include <ctgrad/optim/adam.hpp>                // IWYU pragma: export
#include <ctgrad/optim/minimize.hpp>            // IWYU pragma: export
#include <ctgrad/optim/sgd.hpp>                 // IWYU pragma: export
#include <ctgrad/print.hpp>                     // IWYU pragma: export
#include <ctgrad/tensor/index.hpp>              // IWYU pragma: export
#include <ctgrad/tensor/losses.hpp>             // IWYU pragma: export
#include <ctgrad/tensor/operations.hpp>         // IWYU pragma: export
#include <ctgrad/tensor/param.hpp>              // IWYU pragma: export
#include <ctgrad/tensor/reductions.hpp>         // IWYU pragma: export
#include <ctgrad/tensor/reshape.hpp>            // IWYU pragma: export
#include <ctgrad/tensor/shape.hpp>              // IWYU pragma: export
#include <ctgrad/tensor/softmax.hpp>            // IWYU pragma: export
#include <ctgrad/tensor/statistics.hpp>         // IWYU pragma: export
#include <ctgrad/tensor/tensor.hpp>             // IWYU pragma: export
#include <ctgrad/variable.hpp>                  // IWYU pragma: export
