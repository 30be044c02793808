# cmake -DROOT=<source dir> -P check_variable_templates.cmake: fails when a header of
# include/ctgrad declares a variable template `inline` (`template <...>`, any indented `requires`
# lines, then `inline constexpr`). GCC 12 mangles a name for every instantiation of an inline
# variable template, which costs the cube of a long sum's length (the note in
# include/ctgrad/expression.hpp); a `constexpr` variable template is as valid and gets no name.
# An explicit specialization (`template <>`) is not a template, and keeps `inline`.
file(GLOB_RECURSE headers "${ROOT}/include/ctgrad/*.hpp")
set(found "")
foreach(header IN LISTS headers)
  file(READ "${header}" text)
  string(REGEX MATCHALL "\ntemplate <[^>\n][^\n]*\n(  [^\n]*\n)*inline constexpr [^\n]*" hits
    "${text}")
  foreach(hit IN LISTS hits)
    string(REGEX REPLACE ".*\n" "" line "${hit}")
    file(RELATIVE_PATH name "${ROOT}" "${header}")
    string(APPEND found "  ${name}: ${line}\n")
  endforeach()
endforeach()
if(found)
  message(FATAL_ERROR "variable templates declared inline (declare them constexpr only):\n${found}")
endif()
