#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include "operation_laws.hpp"
#include "reference.hpp"

#include <boost/hana/for_each.hpp>
#include <boost/hana/tuple.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>

// The laws of tests/support/operation_laws.hpp over every operation tag of the library, scalar
// and tensor. The list is the one place an operation is added to: an operation of
// include/ctgrad that it lacks fails `every_operation_has_laws`, and an entry whose PyTorch
// reference is missing from tests/reference/reference.json fails `every_operation_has_a_reference`.

namespace {

using namespace ctgrad;
using namespace ctgrad::test::laws;

using real = arg<domain::real>;
using positive = arg<domain::positive>;
using unit = arg<domain::unit>;
using above_one = arg<domain::above_one>;
template <class S>
using real_t = arg<domain::real, S>;
template <class S>
using unit_t = arg<domain::unit, S>;
template <class S, std::size_t C>
using index_t = arg<domain::index, S, C>;
template <class S, std::size_t Count>
using mask_t = arg<domain::mask, S, Count>;

// Every operation, with the arguments it is checked on: the internal ones too (the adjoints that
// d builds: scatter, sum_to_size, ...), under the reference of the operation they serve.
const auto operations = hana::make_tuple(
    // operations/arithmetic.hpp
    law<add_op, real, real>{"add_op", "binary.add"},
    law<sub_op, real, real>{"sub_op", "binary.sub"},
    law<mul_op, real, real>{"mul_op", "binary.mul"},
    law<div_op, real, positive>{"div_op", "binary.div"},
    law<neg_op, real>{"neg_op", "elementary.neg"},
    law<power_op<2, 1>, real>{"power_op", "elementary.square"},
    law<power_op<3, 1>, real>{"power_op", "elementary.cube"},
    law<power_op<-1, 1>, positive>{"power_op", "elementary.reciprocal"},
    law<power_op<1, 2>, positive>{"power_op", "elementary.pow_0.5"},
    // operations/power.hpp
    law<pow_op, positive, real>{"pow_op", "binary.pow"},
    law<sqrt_op, positive>{"sqrt_op", "elementary.sqrt"},
    law<xlogy_op, real, positive>{"xlogy_op", "binary_cross_entropy"},
    // operations/elementary.hpp
    law<exp_op, real>{"exp_op", "elementary.exp"},
    law<log_op, positive>{"log_op", "elementary.log"},
    law<sin_op, real>{"sin_op", "elementary.sin"}, law<cos_op, real>{"cos_op", "elementary.cos"},
    law<tan_op, real>{"tan_op", "elementary.tan"}, law<tanh_op, real>{"tanh_op", "elementary.tanh"},
    law<sigmoid_op, real>{"sigmoid_op", "elementary.sigmoid"},
    law<abs_op, real>{"abs_op", "elementary.abs"}, law<relu_op, real>{"relu_op", "elementary.relu"},
    law<sign_op, real>{"sign_op", "elementary.abs"},
    law<heaviside_op, real>{"heaviside_op", "elementary.relu"},
    law<exp2_op, real>{"exp2_op", "elementary.exp2"},
    law<log2_op, positive>{"log2_op", "elementary.log2"},
    law<log10_op, positive>{"log10_op", "elementary.log10"},
    // operations/special.hpp
    law<erf_op, real>{"erf_op", "elementary.erf"}, law<erfc_op, real>{"erfc_op", "elementary.erfc"},
    // operations/trigonometric.hpp
    law<atan_op, real>{"atan_op", "elementary.atan"},
    law<asin_op, unit>{"asin_op", "elementary.asin"},
    law<acos_op, unit>{"acos_op", "elementary.acos"},
    law<atan2_op, real, real>{"atan2_op", "binary.atan2"},
    law<hypot_op, real, real>{"hypot_op", "binary.hypot"},
    // operations/hyperbolic.hpp
    law<sinh_op, real>{"sinh_op", "elementary.sinh"},
    law<cosh_op, real>{"cosh_op", "elementary.cosh"},
    law<asinh_op, real>{"asinh_op", "elementary.asinh"},
    law<acosh_op, above_one>{"acosh_op", "elementary.acosh"},
    law<atanh_op, unit>{"atanh_op", "elementary.atanh"},
    // operations/activations.hpp
    law<log1p_op, positive>{"log1p_op", "elementary.log1p"},
    law<expm1_op, real>{"expm1_op", "elementary.expm1"},
    law<softplus_op<rational{1, 1}, rational{20, 1}>, real>{"softplus_op", "elementary.softplus"},
    law<softplus_op<rational{2, 1}, rational{10, 1}>, real>{
        "softplus_op", "elementary.softplus_beta2_threshold10"},
    law<silu_op, real>{"silu_op", "elementary.silu"},
    law<logsigmoid_op, real>{"logsigmoid_op", "elementary.logsigmoid"},
    law<elu_op<rational{1, 2}>, real>{"elu_op", "elementary.elu_alpha0.5"},
    law<selu_op, real>{"selu_op", "elementary.selu"},
    law<leaky_relu_op<rational{1, 5}>, real>{"leaky_relu_op", "elementary.leaky_relu_0.2"},
    law<hardtanh_op<rational{-1, 2}, rational{1, 2}>, real>{"hardtanh_op", "elementary.hardtanh"},
    law<mish_op, real>{"mish_op", "elementary.mish"},
    law<gelu_tanh_op, real>{"gelu_tanh_op", "elementary.gelu_tanh"},
    law<gelu_op, real>{"gelu_op", "elementary.gelu"},
    // operations/selection.hpp
    law<compare_op<detail::comparison::greater>, real, real>{"compare_op", "binary.where_gt"},
    law<compare_op<detail::comparison::less_equal>, real, real>{"compare_op", "binary.where_le"},
    law<logical_not_op, real>{"logical_not_op", "binary.where_gt"},
    law<select_op, real, real>{"select_op", "binary.where_gt"},
    law<extremum_op<true>, real, real>{"extremum_op", "binary.maximum"},
    law<extremum_op<false>, real, real>{"extremum_op", "binary.minimum"},
    // let.hpp
    law<let_op<"s">, real_t<shape<3>>>{"let_op", "black_scholes"},
    // tensor/operations.hpp
    law<sum_op, real_t<shape<2, 3>>>{"sum_op", "reductions"},
    law<mean_op, real_t<shape<2, 3>>>{"mean_op", "reductions"},
    law<expand_op<shape<2, 3>>, real_t<shape<3>>>{"expand_op", "reductions"},
    law<sum_to_op<shape<3>>, real_t<shape<2, 3>>>{"sum_to_op", "reductions"},
    law<expand_as_op, real_t<shape<3>>, real_t<shape<2, 3>>>{"expand_as_op", "reductions"},
    law<numel_op, real_t<shape<2, 3>>>{"numel_op", "reductions"},
    law<transpose_op, real_t<shape<2, 3>>>{"transpose_op", "matmul_transposed"},
    law<matmul_op, real_t<shape<2, 3>>, real_t<shape<3, 4>>>{"matmul_op", "matmul"},
    law<transposed_matmul_op<false, true>, real_t<shape<2, 3>>, real_t<shape<4, 3>>>{
        "transposed_matmul_op", "matmul_transposed"},
    law<transposed_matmul_op<true, false>, real_t<shape<3, 2>>, real_t<shape<3, 4>>>{
        "transposed_matmul_op", "matmul_transposed"},
    // tensor/reductions.hpp
    law<sum_dim_op<1, false>, real_t<shape<2, 3>>>{"sum_dim_op", "reductions"},
    law<sum_dim_op<0, true>, real_t<shape<2, 3>>>{"sum_dim_op", "reductions"},
    law<mean_dim_op<0>, real_t<shape<2, 3>>>{"mean_dim_op", "reductions"},
    law<unsqueeze_op<1>, real_t<shape<2, 3>>>{"unsqueeze_op", "reductions"},
    law<squeeze_op<1>, real_t<shape<2, 1, 3>>>{"squeeze_op", "reductions"},
    // tensor/statistics.hpp
    law<logsumexp_op<detail::whole>, real_t<shape<2, 3>>>{"logsumexp_op", "statistics"},
    law<logsumexp_op<1>, real_t<shape<2, 3>>>{"logsumexp_op", "statistics"},
    law<logsumexp_op<0, true>, real_t<shape<2, 3>>>{"logsumexp_op", "statistics"},
    law<amax_op<true, detail::whole>, real_t<shape<2, 3>>>{"amax_op", "statistics"},
    law<amax_op<false, 0>, real_t<shape<2, 3>>>{"amax_op", "statistics"},
    law<amax_op<true, 1, true>, real_t<shape<2, 3>>>{"amax_op", "statistics"},
    law<prod_op<detail::whole>, real_t<shape<2, 3>>>{"prod_op", "statistics"},
    law<prod_op<1>, real_t<shape<2, 3>>>{"prod_op", "statistics"},
    law<prod_op<0, true>, real_t<shape<2, 3>>>{"prod_op", "statistics"},
    law<var_op<detail::whole>, real_t<shape<2, 3>>>{"var_op", "statistics"},
    law<var_op<0, false, 0>, real_t<shape<2, 3>>>{"var_op", "statistics"},
    law<std_op<detail::whole, false, 0>, real_t<shape<2, 3>>>{"std_op", "statistics"},
    law<std_op<1>, real_t<shape<2, 3>>>{"std_op", "statistics"},
    law<norm_op<detail::whole>, real_t<shape<2, 3>>>{"norm_op", "statistics"},
    law<norm_op<0>, real_t<shape<2, 3>>>{"norm_op", "statistics"},
    law<argmax_op<true, detail::whole>, real_t<shape<2, 3>>>{"argmax_op", "statistics"},
    law<argmax_op<false, 1>, real_t<shape<2, 3>>>{"argmax_op", "statistics"},
    // tensor/softmax.hpp
    law<softmax_op<1>, real_t<shape<2, 3>>>{"softmax_op", "softmax_2d"},
    law<log_softmax_op<0>, real_t<shape<3, 2>>>{"log_softmax_op", "log_softmax"},
    // tensor/index.hpp
    law<index_op<1>, real_t<shape<3, 2>>>{"index_op", "slicing"},
    law<scatter_op<1, shape<3, 2>>, real_t<shape<2>>>{"scatter_op", "slicing"},
    law<runtime_index_op<shape<3, 2>>, real_t<shape<3, 2>>, index_t<shape<>, 3>>{"runtime_index_op",
                                                                                 "slicing"},
    law<runtime_scatter_op<shape<3, 2>>, real_t<shape<2>>, index_t<shape<>, 3>>{
        "runtime_scatter_op", "slicing"},
    law<slice_op<1, 2, 2>, real_t<shape<5, 2>>>{"slice_op", "slicing"},
    law<slice_scatter_op<1, 2, shape<5, 2>>, real_t<shape<2, 2>>>{"slice_scatter_op", "slicing"},
    law<row_mask_op, index_t<shape<>, 3>, real_t<shape<3, 2>>>{"row_mask_op", "slicing"},
    law<slice_mask_op<1, 2, 2>, real_t<shape<5, 2>>>{"slice_mask_op", "slicing"},
    law<masked_scatter_op<true>, real_t<shape<2>>, mask_t<shape<3>, 1>>{"masked_scatter_op",
                                                                        "slicing"},
    law<masked_scatter_op<false>, real_t<shape<2, 2>>, mask_t<shape<4>, 2>>{"masked_scatter_op",
                                                                            "slicing"},
    law<masked_gather_op<true, 1>, real_t<shape<3, 2>>, mask_t<shape<3>, 1>>{"masked_gather_op",
                                                                             "slicing"},
    law<masked_gather_op<false, 2>, real_t<shape<4, 2>>, mask_t<shape<4>, 2>>{"masked_gather_op",
                                                                              "slicing"},
    // tensor/reshape.hpp
    law<reshape_op<shape<3, 2>>, real_t<shape<2, 3>>>{"reshape_op", "shape_ops.reshape"},
    law<reshape_op<shape<>>, real_t<shape<1, 1>>>{"reshape_op", "shape_ops.reshape"},
    law<narrow_op<1, 1, 2>, real_t<shape<2, 4>>>{"narrow_op", "shape_ops.narrow"},
    law<narrow_scatter_op<1, 1, 4>, real_t<shape<2, 2>>>{"narrow_scatter_op", "shape_ops.narrow"},
    law<cat_op<0>, real_t<shape<2, 3>>, real_t<shape<1, 3>>>{"cat_op", "shape_ops.cat_0"},
    law<cat_op<1>, real_t<shape<2, 3>>, real_t<shape<2, 2>>>{"cat_op", "shape_ops.cat_1"},
    law<diagonal_op, real_t<shape<2, 3>>>{"diagonal_op", "shape_ops.diag_matrix"},
    law<diag_embed_op<3, 3>, real_t<shape<3>>>{"diag_embed_op", "shape_ops.diag_vector"},
    law<diag_embed_op<2, 3>, real_t<shape<2>>>{"diag_embed_op", "shape_ops.diag_matrix"},
    // tensor/losses.hpp
    law<class_select_op, real_t<shape<3, 4>>, index_t<shape<3>, 4>>{"class_select_op",
                                                                    "cross_entropy"},
    law<class_scatter_op<4>, real_t<shape<3>>, index_t<shape<3>, 4>>{"class_scatter_op",
                                                                     "cross_entropy"},
    law<class_one_hot_op, index_t<shape<3>, 4>, real_t<shape<3, 4>>>{"class_one_hot_op",
                                                                     "cross_entropy"},
    law<detail::bce_unclamped_op, unit>{"bce_unclamped_op", "binary_cross_entropy"},
    law<detail::bce_denominator_op, unit>{"bce_denominator_op", "binary_cross_entropy"},
    law<binary_cross_entropy_op, unit_t<shape<3>>, unit_t<shape<3>>>{"binary_cross_entropy_op",
                                                                     "binary_cross_entropy"},
    // tensor/losses.hpp: the losses of #29
    // (the samples' differences are 1.1 and 1.4 in magnitude: inside the kinks of delta 2 and
    // outside those of 1/2)
    law<huber_op<rational{2, 1}>, real, real>{"huber_op", "losses.huber"},
    law<huber_op<rational{1, 2}>, real, real>{"huber_op", "losses.huber"},
    law<smooth_l1_op<rational{2, 1}>, real, real>{"smooth_l1_op", "losses.smooth_l1"},
    law<smooth_l1_op<rational{1, 2}>, real, real>{"smooth_l1_op", "losses.smooth_l1"},
    law<smooth_l1_op<rational{0, 1}>, real, real>{"smooth_l1_op", "losses.smooth_l1"},
    law<binary_cross_entropy_with_logits_op, real_t<shape<3>>, unit_t<shape<3>>>{
        "binary_cross_entropy_with_logits_op", "losses.bce_with_logits"});

// operation_tags(): the operation tags that include/ctgrad defines (`struct name_op {` or
// `struct name_op :`, after an optional template head), by reading the headers.
std::set<std::string> operation_tags() {
  std::set<std::string> tags;
  const std::regex definition(R"(\nstruct (\w+_op) *[{:])");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(CTGRAD_SOURCE_DIR "/include/ctgrad")) {
    if (entry.path().extension() != ".hpp")
      continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::sregex_iterator it(text.begin(), text.end(), definition), end; it != end; ++it)
      tags.insert((*it)[1]);
  }
  return tags;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(operation_laws)

BOOST_AUTO_TEST_CASE(every_operation_has_laws) {
  std::set<std::string> listed;
  hana::for_each(operations, [&](const auto& l) { listed.insert(std::string(l.tag)); });
  const auto tags = operation_tags();
  BOOST_TEST(tags.size() > 40u, "the headers' operation tags were found: " << tags.size());
  for (const auto& tag : tags)
    BOOST_TEST(listed.contains(tag), tag << " is defined in include/ctgrad but has no laws in "
                                            "tests/runtime/operation_laws_test.cpp");
  for (const auto& tag : listed)
    BOOST_TEST(tags.contains(tag), tag << " has laws but no definition in include/ctgrad");
}

BOOST_AUTO_TEST_CASE(every_operation_has_a_reference) {
  hana::for_each(operations, [&](const auto& l) {
    const std::string key(l.reference);
    const ctgrad::test::ptree* entry = ctgrad::test::find(ctgrad::test::reference(), key);
    BOOST_TEST(entry != nullptr,
               l.tag << ": its PyTorch reference " << key << " is not in reference.json");
  });
}

BOOST_AUTO_TEST_CASE(laws) {
  hana::for_each(operations, [](const auto& l) { check_laws(l); });
}

BOOST_AUTO_TEST_SUITE_END()
