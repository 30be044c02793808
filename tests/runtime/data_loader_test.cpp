#include <boost/test/unit_test.hpp>

#include <ctgrad/ctgrad.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

// data_loader: minibatches as PyTorch's DataLoader(TensorDataset(...)) gives them.

namespace test_data_loader {

using namespace ctgrad;

constexpr var<"x", shape<dyn, 2>> x;
constexpr var<"y", shape<dyn>> y;
constexpr var<"w", shape<2>> w;

// Ten samples: x_i = (i, 10 + i), y_i = i.
struct samples {
  std::vector<double> xs;
  std::vector<double> ys;
  samples() {
    for (std::size_t i = 0; i < 10; ++i) {
      xs.push_back(static_cast<double>(i));
      xs.push_back(10.0 + static_cast<double>(i));
      ys.push_back(static_cast<double>(i));
    }
  }
};

BOOST_AUTO_TEST_CASE(batches_in_order_with_a_partial_last_one) {
  const samples s;
  const loader_options in_order{.batch_size = 4};
  data_loader loader(in_order, x = s.xs, y = s.ys);
  BOOST_TEST(loader.rows() == 10u);
  BOOST_TEST(loader.size() == 3u);
  std::vector<double> seen;
  std::vector<std::size_t> sizes;
  for (const auto& [xb, yb] : loader) {
    sizes.push_back(yb.value.size());
    BOOST_TEST(xb.value.dims()[0] == yb.value.size());
    for (std::size_t r = 0; r < yb.value.size(); ++r) {
      BOOST_TEST(xb.value(r, 0) == yb.value[r]);  // rows stay together
      BOOST_TEST(xb.value(r, 1) == 10.0 + yb.value[r]);
      seen.push_back(yb.value[r]);
    }
  }
  BOOST_TEST(sizes == (std::vector<std::size_t>{4, 4, 2}));
  BOOST_TEST(seen == s.ys);

  data_loader dropping({.batch_size = 4, .drop_last = true}, x = s.xs, y = s.ys);
  BOOST_TEST(dropping.size() == 2u);
  std::size_t batches = 0;
  for (const auto& batch : dropping) {
    BOOST_TEST(std::get<1>(batch).value.size() == 4u);
    ++batches;
  }
  BOOST_TEST(batches == 2u);
}

BOOST_AUTO_TEST_CASE(shuffled_with_a_seed_every_row_once_per_epoch) {
  const samples s;
  const auto epoch = [&](data_loader<decltype(x = s.xs), decltype(y = s.ys)>& loader) {
    std::vector<double> order;
    for (const auto& [xb, yb] : loader)
      for (std::size_t r = 0; r < yb.value.size(); ++r) {
        BOOST_TEST(xb.value(r, 0) == yb.value[r]);
        order.push_back(yb.value[r]);
      }
    return order;
  };
  data_loader a({.batch_size = 3, .shuffle = true, .seed = 42}, x = s.xs, y = s.ys);
  data_loader b({.batch_size = 3, .shuffle = true, .seed = 42}, x = s.xs, y = s.ys);
  const auto first = epoch(a);
  const auto second = epoch(a);
  BOOST_TEST(first == epoch(b));  // the same seed, the same order
  BOOST_TEST(first != s.ys);      // shuffled
  BOOST_TEST(first != second);    // a new order each epoch
  auto sorted = first;
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST(sorted == s.ys);
}

BOOST_AUTO_TEST_CASE(bad_data_is_an_error_naming_it) {
  const samples s;
  const std::vector<double> nine(s.ys.begin(), s.ys.end() - 1);
  try {
    data_loader loader({.batch_size = 4}, x = s.xs, y = nine);
    BOOST_TEST(false, "no exception");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string(e.what())
               == "ctgrad: data_loader: variable 'y' has 9 rows, the first variable 10");
  }
  BOOST_CHECK_THROW(data_loader({.batch_size = 0}, x = s.xs, y = s.ys), std::invalid_argument);
  const std::vector<double> none;
  data_loader empty({.batch_size = 4}, y = none);
  BOOST_TEST(empty.size() == 0u);
  BOOST_TEST((empty.begin() == empty.end()));
}

BOOST_AUTO_TEST_CASE(minibatch_training_fits_the_data) {
  // y = 0.25 x0 + 0.5 x1 - 5 exactly: SGD over shuffled minibatches of 3 (the last one of 1) finds
  // w = (0.25, 0.5) for the model y = x . w - 5.
  const samples s;
  std::vector<double> targets;
  for (std::size_t i = 0; i < 10; ++i)
    targets.push_back(0.25 * s.xs[2 * i] + 0.5 * s.xs[2 * i + 1] - 5.0);
  // [minibatches]
  param<double, shape<2>> pw(std::array{0.0, 0.0});
  adam optimizer({.lr = 0.01}, pw);
  data_loader loader({.batch_size = 3, .shuffle = true, .seed = 1}, x = s.xs, y = targets);
  const auto loss = mse_loss(sum<1>(x * w) - 5.0, y);
  for (int epoch = 0; epoch < 3000; ++epoch)
    for (const auto& [xb, yb] : loader) {
      optimizer.zero_grad();
      backward(loss, xb, yb, w = pw);
      optimizer.step();
    }
  // [minibatches]
  BOOST_TEST(pw.value[0] == 0.25, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(pw.value[1] == 0.5, boost::test_tools::tolerance(1e-3));
}

}  // namespace test_data_loader
