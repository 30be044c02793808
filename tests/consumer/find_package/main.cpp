#include <ctgrad/ctgrad.hpp>

int main() {
  return 0;
}
