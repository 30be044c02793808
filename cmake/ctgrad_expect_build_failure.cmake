# cmake -P driver of one compile-fail test (see ctgrad_add_compile_fail_test in
# cmake/ctgrad_testing.cmake).
#   -DBUILD_DIR=<build tree> -DTARGET=<negative target> -DCONFIG=<config, may be empty>
#   -DSOURCE=<test file, for messages> -DEXPECT_FILE=<regexes, one per line>
# Passes only if building TARGET fails and the build output matches every regex.
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR TARGET SOURCE EXPECT_FILE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ctgrad_expect_build_failure.cmake: -D${var}=... is required")
  endif()
endforeach()

set(config_args "")
if(NOT "${CONFIG}" STREQUAL "")
  set(config_args --config "${CONFIG}")
endif()

# Diagnostics in the C locale: plain ASCII quotes, so regexes don't depend on the environment.
set(ENV{LC_ALL} C)
execute_process(
  COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target "${TARGET}" ${config_args}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)

string(ASCII 27 escape)
string(REGEX REPLACE "${escape}\\[[0-9;]*[mK]" "" output "${output}")
# Match against the diagnostics only: drop the echoed compile command (it names the file and the
# macro) and the build tool's "FAILED: <object file>" line.
string(REGEX REPLACE "[^\n]*[-/]DCTGRAD_NEGATIVE[^\n]*" "" diagnostics "${output}")
string(REGEX REPLACE "(^|\n)FAILED: [^\n]*" "\\1" diagnostics "${diagnostics}")

file(READ "${EXPECT_FILE}" regexes)
set(missing "")
set(matched "")
while(NOT regexes STREQUAL "")
  string(FIND "${regexes}" "\n" end)
  string(SUBSTRING "${regexes}" 0 ${end} regex)
  math(EXPR end "${end} + 1")
  string(SUBSTRING "${regexes}" ${end} -1 regexes)
  if("${diagnostics}" MATCHES "${regex}")
    string(APPEND matched "  ${regex}\n")
  else()
    string(APPEND missing "  ${regex}\n")
  endif()
endwhile()

# The build output is printed verbatim (message(FATAL_ERROR) would re-wrap it), then the verdict.
if(result EQUAL 0)
  message("${output}")
  message(FATAL_ERROR "${SOURCE}: compiled with CTGRAD_NEGATIVE defined, but it must not compile.")
endif()
if(NOT missing STREQUAL "")
  message("Build output (exit ${result}):\n${output}\nMatched:\n${matched}Not matched:\n${missing}")
  message(FATAL_ERROR "${SOURCE}: failed to compile, as expected, but its diagnostics do not "
                      "match every `// expect-error:` regex (see \"Not matched\" above).")
endif()
message(STATUS "${SOURCE}: failed to compile, as expected, with diagnostics matching:\n${matched}")
