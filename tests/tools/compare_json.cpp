// compare_json: checks the numbers an example prints with --json against the PyTorch reference.
// Usage: compare_json REFERENCE.json OUTPUT.json [REL_TOL [ABS_TOL [KEY]]]
// Every number in OUTPUT whose path (keys and array positions) also exists in REFERENCE must be
// close to it: |a - e| <= max(ABS_TOL, REL_TOL * max(|a|, |e|)). Paths that REFERENCE lacks are
// the example's extras and are skipped. With KEY, OUTPUT is compared with REFERENCE's member KEY
// (an example whose output is one case at the top level). It fails when nothing was compared.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace {

using boost::property_tree::ptree;

// value(node): the number a leaf holds ("nan", "inf" and "-inf" included), if any.
std::optional<double> value(const ptree& node) {
  const std::string& text = node.data();
  if (text == "nan")
    return std::nan("");
  if (text == "inf")
    return INFINITY;
  if (text == "-inf")
    return -INFINITY;
  double v{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return v;
}

struct comparison {
  double rel_tol;
  double abs_tol;
  int compared = 0;
  int failed = 0;

  void walk(const ptree& reference, const ptree& output, const std::string& path) {
    if (output.empty()) {
      const auto actual = value(output);
      const auto expected = value(reference);
      if (!actual || !expected)
        return;
      ++compared;
      const bool same =
          (std::isnan(*actual) && std::isnan(*expected)) || *actual == *expected
          || std::fabs(*actual - *expected)
                 <= std::max(abs_tol, rel_tol * std::max(std::fabs(*actual), std::fabs(*expected)));
      if (!same) {
        ++failed;
        std::cerr << path << ": " << *actual << " differs from the reference " << *expected << '\n';
      }
      return;
    }
    // Objects match by key, arrays (empty keys) by position.
    auto ref = reference.begin();
    for (const auto& [key, child] : output) {
      if (key.empty()) {
        if (ref == reference.end())
          return;
        walk((ref++)->second, child, path + "[]");
      } else if (const auto found = reference.find(key); found != reference.not_found()) {
        walk(found->second, child, path + "." + key);
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: compare_json REFERENCE.json OUTPUT.json [REL_TOL [ABS_TOL [KEY]]]\n";
    return 2;
  }
  ptree reference;
  ptree output;
  try {
    boost::property_tree::read_json(argv[1], reference);
    boost::property_tree::read_json(argv[2], output);
  } catch (const std::exception& e) {
    std::cerr << "compare_json: " << e.what() << '\n';
    return 2;
  }
  comparison check{argc > 3 ? std::atof(argv[3]) : 1e-6, argc > 4 ? std::atof(argv[4]) : 1e-9};
  if (argc > 5) {
    const auto member = reference.get_child_optional(argv[5]);
    if (!member) {
      std::cerr << "compare_json: the reference has no member " << argv[5] << '\n';
      return 2;
    }
    check.walk(*member, output, argv[5]);
  } else {
    check.walk(reference, output, "");
  }
  std::cout << check.compared << " values compared, " << check.failed << " differ\n";
  return check.compared > 0 && check.failed == 0 ? 0 : 1;
}
