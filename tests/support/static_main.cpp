// Entry point of ctgrad_static_tests. The tests are the static_asserts in tests/static/*.cpp:
// compiling them is the test, running this executable only reports that the build succeeded.
int main() {
  return 0;
}
