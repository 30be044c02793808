// An MLP classifier (a tanh hidden layer, cross-entropy, Adam) trained in minibatches on a data
// set whose size, number of features and number of classes come at run time, so every variable
// of the model has dyn dimensions. The data set is two interleaved spirals with noise (--n points,
// --features D adds D - 2 features of pure noise, to try wide inputs), or a CSV file (--csv FILE:
// one sample per line, its features and then its class, an integer from 0; a header line is
// skipped). Options: --hidden H, --batch B, --epochs E, --lr, --seed S (of the data, the initial
// weights and the shuffle). A progress line per epoch goes to stderr; --json prints
// {"n":..,"accuracy":..,"loss":..,"seconds":..}, the loss and accuracy on the whole data set.
//
// The spirals: point i is of class k = i mod 2 at t = (floor(i / 2) + 1) / ceil(n / 2),
// (t cos(2 pi t + k pi), t sin(2 pi t + k pi)) plus noise uniform in [-0.1, 0.1] on each feature;
// the noise features are uniform in [-1, 1]. The weights start as torch.nn.Linear's do, uniform in
// +-1/sqrt(fan_in). Every random number is SplitMix64's, so tests/reference/make_reference.py
// repeats the run in PyTorch (reference key mlp_classifier).
// json-args: --n 203 --hidden 16 --batch 32 --epochs 5 --seed 3
// error-args: --n 1
// error-args: --batch 0
// error-args: --csv /nonexistent/file.csv
// json-reference: mlp_classifier
#include <ctgrad/ctgrad.hpp>

#include "cli.hpp"
#include "json.hpp"

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace ctgrad;

// [model]
constexpr var<"x", shape<dyn, dyn>> x;  // samples x features
constexpr var<"y", shape<dyn>> y;       // a class per sample
constexpr var<"w1", shape<dyn, dyn>> w1;
constexpr var<"b1", shape<dyn>> b1;
constexpr var<"w2", shape<dyn, dyn>> w2;
constexpr var<"b2", shape<dyn>> b2;
constexpr auto logits = matmul(tanh(matmul(x, w1) + b1), w2) + b2;
constexpr auto loss = cross_entropy(logits, y);  // F.cross_entropy(logits, y)
// [model]

struct options {
  bool json = false;
  std::size_t n = 1000;
  std::size_t features = 2;
  std::size_t hidden = 32;
  std::size_t batch = 64;
  std::size_t epochs = 100;
  double lr = 0.03;
  std::uint64_t seed = 1;
  std::string csv;
};

options parse(int argc, char** argv) {
  options result;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      result.json = true;
      continue;
    }
    if (i + 1 == argc)
      throw std::invalid_argument(std::string(arg) + " needs a value");
    const std::string_view value = argv[++i];
    if (arg == "--n")
      result.n = example::parse_count(arg, value);
    else if (arg == "--features")
      result.features = example::parse_count(arg, value);
    else if (arg == "--hidden")
      result.hidden = example::parse_count(arg, value);
    else if (arg == "--batch")
      result.batch = example::parse_count(arg, value);
    else if (arg == "--epochs")
      result.epochs = example::parse_count(arg, value);
    else if (arg == "--seed")
      result.seed = example::parse_count(arg, value);
    else if (arg == "--lr")
      result.lr = example::parse_values<1>(arg, value)[0];
    else if (arg == "--csv")
      result.csv = value;
    else
      throw std::invalid_argument("unknown argument '" + std::string(arg) + "'");
  }
  if (result.n < 2)
    throw std::invalid_argument("--n needs at least 2 points");
  if (result.features < 2)
    throw std::invalid_argument("--features needs at least 2 (the spiral's coordinates)");
  if (result.hidden == 0 || result.batch == 0)
    throw std::invalid_argument("--hidden and --batch need at least 1");
  return result;
}

// uniform(state): a number in [0, 1) from SplitMix64 (the top 53 bits of its next output).
double uniform(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1p-53;
}

struct data_set {
  tensor<double, shape<dyn, dyn>> features;
  std::vector<int> labels;
  std::size_t classes = 0;
};

data_set spirals(const options& o, std::uint64_t& state) {
  data_set d{tensor<double, shape<dyn, dyn>>({o.n, o.features}), std::vector<int>(o.n), 2};
  const auto half = static_cast<double>((o.n + 1) / 2);
  for (std::size_t i = 0; i < o.n; ++i) {
    const int k = static_cast<int>(i % 2);
    const double t = static_cast<double>(i / 2 + 1) / half;
    const double angle = 2.0 * std::numbers::pi * t + k * std::numbers::pi;
    d.labels[i] = k;
    d.features(i, 0) = t * std::cos(angle) + 0.2 * uniform(state) - 0.1;
    d.features(i, 1) = t * std::sin(angle) + 0.2 * uniform(state) - 0.1;
    for (std::size_t f = 2; f < o.features; ++f)
      d.features(i, f) = 2.0 * uniform(state) - 1.0;
  }
  return d;
}

// read_csv(path): the samples of a CSV file, each line its features and then its class.
data_set read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw std::invalid_argument("cannot read --csv " + path);
  std::vector<double> values;
  data_set d;
  std::size_t columns = 0, rows = 0, line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty())
      continue;
    std::vector<double> row;
    std::stringstream items(line);
    bool numeric = true;
    for (std::string item; std::getline(items, item, ',');) {
      std::size_t end = 0;
      try {
        row.push_back(std::stod(item, &end));
      } catch (const std::logic_error&) {
        numeric = false;
      }
      numeric = numeric && item.find_first_not_of(" \t\r", end) == std::string::npos;
    }
    if (!numeric && rows == 0 && columns == 0) {
      columns = 1;  // a header line: skipped, once
      continue;
    }
    const auto where = path + ":" + std::to_string(line_number) + ": ";
    if (!numeric || row.size() < 2)
      throw std::invalid_argument(where + "expected numbers, its features and then its class");
    if (rows > 0 && row.size() != columns)
      throw std::invalid_argument(where + "has " + std::to_string(row.size())
                                  + " columns, the lines before " + std::to_string(columns));
    const double label = row.back();
    if (!(label >= 0 && label == std::floor(label) && label < 1e6))
      throw std::invalid_argument(where + "the class (the last column) is not an integer >= 0");
    columns = row.size();
    values.insert(values.end(), row.begin(), row.end() - 1);
    d.labels.push_back(static_cast<int>(label));
    d.classes = std::max(d.classes, static_cast<std::size_t>(label) + 1);
    ++rows;
  }
  if (rows < 2)
    throw std::invalid_argument(path + " has fewer than 2 samples");
  d.features = tensor<double, shape<dyn, dyn>>({rows, columns - 1});
  std::copy(values.begin(), values.end(), d.features.begin());
  return d;
}

// linear_init(p, fan_in, state): torch.nn.Linear's initial values, uniform in +-1/sqrt(fan_in).
template <class P>
void linear_init(P& p, std::size_t fan_in, std::uint64_t& state) {
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  for (double& v : p.value)
    v = bound * (2.0 * uniform(state) - 1.0);
}

// accuracy(scores, labels): the fraction of samples whose largest score is their class's.
double accuracy(const tensor<double, shape<dyn, dyn>>& scores, const std::vector<int>& labels) {
  const std::size_t classes = scores.dims()[1];
  std::size_t right = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto row = scores.begin() + static_cast<std::ptrdiff_t>(i * classes);
    right += std::max_element(row, row + static_cast<std::ptrdiff_t>(classes)) - row == labels[i];
  }
  return static_cast<double>(right) / static_cast<double>(labels.size());
}

}  // namespace

int main(int argc, char** argv) {
  options opts;
  data_set data;
  std::uint64_t state = opts.seed;
  try {
    opts = parse(argc, argv);
    state = opts.seed;
    data = opts.csv.empty() ? spirals(opts, state) : read_csv(opts.csv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "mlp_classifier: " << e.what() << "\n"
              << "usage: mlp_classifier [--n N] [--features D] [--csv FILE] [--hidden H] "
                 "[--batch B] [--epochs E] [--lr LR] [--seed S] [--json]\n";
    return 2;
  }
  const std::size_t n = data.labels.size();
  const std::size_t inputs = data.features.dims()[1];

  // [train]
  param<double, shape<dyn, dyn>> pw1({inputs, opts.hidden});
  param<double, shape<dyn>> pb1({opts.hidden});
  param<double, shape<dyn, dyn>> pw2({opts.hidden, data.classes});
  param<double, shape<dyn>> pb2({data.classes});
  linear_init(pw1, inputs, state);
  linear_init(pb1, inputs, state);
  linear_init(pw2, opts.hidden, state);
  linear_init(pb2, opts.hidden, state);
  adam optimizer({.lr = opts.lr}, pw1, pb1, pw2, pb2);
  data_loader loader({.batch_size = opts.batch, .shuffle = true, .seed = opts.seed},
                     x = data.features, y = data.labels);

  const auto start = std::chrono::steady_clock::now();
  const auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (std::size_t epoch = 1; epoch <= opts.epochs; ++epoch) {
    double total = 0;
    for (const auto& [xb, yb] : loader) {
      optimizer.zero_grad();
      total += backward(loss, xb, yb, w1 = pw1, b1 = pb1, w2 = pw2, b2 = pb2)
               * static_cast<double>(yb.value.size());
      optimizer.step();
    }
    const auto scores =
        logits(x = data.features, w1 = pw1.value, b1 = pb1.value, w2 = pw2.value, b2 = pb2.value);
    std::cerr << "epoch " << epoch << "/" << opts.epochs << ": loss "
              << total / static_cast<double>(n) << ", accuracy " << accuracy(scores, data.labels)
              << ", " << seconds() << " s\n";
  }
  // [train]
  const double trained = seconds();

  const auto scores =
      logits(x = data.features, w1 = pw1.value, b1 = pb1.value, w2 = pw2.value, b2 = pb2.value);
  const double final_loss = loss(x = data.features, y = data.labels, w1 = pw1.value, b1 = pb1.value,
                                 w2 = pw2.value, b2 = pb2.value);
  const double right = accuracy(scores, data.labels);
  if (opts.json) {
    std::cout << example::object({{"n", example::number(static_cast<double>(n))},
                                  {"accuracy", example::number(right)},
                                  {"loss", example::number(final_loss)},
                                  {"seconds", example::number(trained)}})
              << '\n';
    return 0;
  }
  std::cout << "loss = " << loss << "\n"
            << n << " samples, " << inputs << " features, " << data.classes << " classes, "
            << opts.hidden << " hidden units, batches of " << opts.batch << "\n"
            << "after " << opts.epochs << " epochs (" << trained << " s): loss " << final_loss
            << ", accuracy " << right << "\n";
}
