// The Boost.Test runner, compiled once into ctgrad_test_main and linked into every runtime test.
#define BOOST_TEST_MODULE ctgrad
#include <boost/test/included/unit_test.hpp>
