# Helpers for tests/CMakeLists.txt.

# ctgrad_read_expected_errors(<file> <out_var>): the regexes of every `// expect-error: <regex>`
# line of <file>, joined by newlines (not a CMake list: regexes may contain `;`, `[` and `]`).
# Trailing whitespace is dropped; each regex is checked to be a valid CMake regex.
function(ctgrad_read_expected_errors file out_var)
  file(READ "${file}" text)
  string(REPLACE "\r" "" text "${text}")
  set(marker "// expect-error:")
  set(result "")
  while(TRUE)
    string(FIND "${text}" "${marker}" begin)
    if(begin EQUAL -1)
      break()
    endif()
    string(LENGTH "${marker}" marker_length)
    math(EXPR begin "${begin} + ${marker_length}")
    string(SUBSTRING "${text}" ${begin} -1 text)
    string(FIND "${text}" "\n" end)
    string(SUBSTRING "${text}" 0 ${end} regex)
    string(REGEX REPLACE "^[ \t]+" "" regex "${regex}")
    string(REGEX REPLACE "[ \t]+$" "" regex "${regex}")
    if(regex STREQUAL "")
      message(FATAL_ERROR "${file}: empty `// expect-error:` line")
    endif()
    if("" MATCHES "${regex}")  # also rejects an invalid regex with a configure error
      message(FATAL_ERROR "${file}: `// expect-error: ${regex}` matches anything")
    endif()
    string(APPEND result "${regex}\n")
  endwhile()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# ctgrad_add_compile_fail_test(<file>): registers the compile-fail test tests/fail/<name>.cpp.
#   fail_<name>           positive twin, compiled without CTGRAD_NEGATIVE as part of the build;
#   fail_<name>_negative  EXCLUDE_FROM_ALL, compiled with -DCTGRAD_NEGATIVE;
#   CTest `fail.<name>`   builds fail_<name>_negative and passes only if that build fails and its
#                         output matches every `// expect-error: <regex>` of the file.
function(ctgrad_add_compile_fail_test file)
  get_filename_component(name "${file}" NAME_WE)
  ctgrad_read_expected_errors("${file}" regexes)
  if(regexes STREQUAL "")
    message(FATAL_ERROR
      "${file}: a compile-fail test needs at least one `// expect-error: <regex>` line")
  endif()
  # Editing the expectations must refresh the generated regex file.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  set(expect_file "${CMAKE_CURRENT_BINARY_DIR}/fail_${name}.expect")
  file(WRITE "${expect_file}" "${regexes}")

  add_library(fail_${name} OBJECT "${file}")
  target_link_libraries(fail_${name} PRIVATE ctgrad::ctgrad ctgrad_warnings)

  add_library(fail_${name}_negative OBJECT EXCLUDE_FROM_ALL "${file}")
  target_link_libraries(fail_${name}_negative PRIVATE ctgrad::ctgrad ctgrad_warnings)
  target_compile_definitions(fail_${name}_negative PRIVATE CTGRAD_NEGATIVE)
  # Keep the diagnostics plain text, whatever CMAKE_COLOR_DIAGNOSTICS says.
  target_compile_options(fail_${name}_negative
    PRIVATE $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-fdiagnostics-color=never>)

  add_test(NAME fail.${name}
    COMMAND "${CMAKE_COMMAND}"
      "-DBUILD_DIR=${CMAKE_BINARY_DIR}"
      "-DTARGET=fail_${name}_negative"
      "-DCONFIG=$<CONFIG>"
      "-DSOURCE=${file}"
      "-DEXPECT_FILE=${expect_file}"
      -P "${PROJECT_SOURCE_DIR}/cmake/ctgrad_expect_build_failure.cmake")
  # These tests run the build tool in this build tree: one at a time.
  set_tests_properties(fail.${name} PROPERTIES
    LABELS "test;fail"
    RESOURCE_LOCK ctgrad_build_tree)
endfunction()
