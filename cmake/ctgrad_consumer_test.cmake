# cmake -P driver of the consumer tests: configures, builds and runs tests/consumer/<MODE>.
#   -DMODE=find_package|add_subdirectory -DCTGRAD_SOURCE_DIR=... -DCTGRAD_BINARY_DIR=...
#   -DWORK_DIR=<scratch dir, wiped first> -DCONFIG=<config, may be empty> -DGENERATOR=...
#   -DMAKE_PROGRAM=... -DCXX_COMPILER=... -DBoost_DIR=...
# find_package: installs CTGRAD_BINARY_DIR to WORK_DIR/prefix and finds ctgrad there.
# add_subdirectory: the consumer adds CTGRAD_SOURCE_DIR as a subdirectory.
cmake_minimum_required(VERSION 3.25)

foreach(var MODE CTGRAD_SOURCE_DIR CTGRAD_BINARY_DIR WORK_DIR GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "ctgrad_consumer_test.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT MODE MATCHES "^(find_package|add_subdirectory)$")
  message(FATAL_ERROR "ctgrad_consumer_test.cmake: unknown MODE '${MODE}'")
endif()

# run(<step> <command>...): runs the command, stops with its output if it fails.
function(run step)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "consumer ${MODE}: ${step} failed (${result}):\n${command}\n${output}")
  endif()
  message(STATUS "consumer ${MODE}: ${step}: ok")
endfunction()

set(config_args "")
set(ctest_config_args "")
set(build_type_args "")
if(NOT "${CONFIG}" STREQUAL "")
  set(config_args --config "${CONFIG}")
  set(ctest_config_args -C "${CONFIG}")
  set(build_type_args "-DCMAKE_BUILD_TYPE=${CONFIG}")
endif()
set(make_program_args "")
if(NOT "${MAKE_PROGRAM}" STREQUAL "")
  set(make_program_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/build")

set(mode_args "")
if(MODE STREQUAL "find_package")
  run(install
    "${CMAKE_COMMAND}" --install "${CTGRAD_BINARY_DIR}" --prefix "${prefix}" ${config_args})
  # Find ctgrad in the fresh prefix and nowhere else.
  set(mode_args
    "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_FIND_USE_SYSTEM_PACKAGE_REGISTRY=OFF)
else()
  set(mode_args "-DCTGRAD_SOURCE_DIR=${CTGRAD_SOURCE_DIR}")
endif()

run(configure "${CMAKE_COMMAND}"
  -S "${CTGRAD_SOURCE_DIR}/tests/consumer/${MODE}"
  -B "${build}"
  -G "${GENERATOR}"
  ${make_program_args}
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DBoost_DIR:PATH=${Boost_DIR}"
  ${build_type_args}
  ${mode_args})

if(MODE STREQUAL "find_package")
  file(STRINGS "${build}/CMakeCache.txt" found REGEX "^ctgrad_DIR:")
  string(FIND "${found}" "${prefix}/" at)
  if(NOT at GREATER -1)
    message(FATAL_ERROR "consumer find_package: ctgrad found outside ${prefix}: ${found}")
  endif()
endif()

run(build "${CMAKE_COMMAND}" --build "${build}" ${config_args})
run(run "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" ${ctest_config_args}
  --output-on-failure --no-tests=error)
