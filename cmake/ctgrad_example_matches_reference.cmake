# cmake -P driver: runs EXAMPLE --json ARGS, saves its output to OUTPUT, and checks it against
# REFERENCE with COMPARE (tests/tools/compare_json.cpp). ARGS is optional: more arguments for the
# example, one string split like a shell command line (`--a 0.3,0.7,0.1`). KEY is optional too: the
# member of REFERENCE that the output is compared with (an output that is one case, at its top).
foreach(var IN ITEMS EXAMPLE COMPARE REFERENCE OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ctgrad_example_matches_reference.cmake: -D${var}=... is required")
  endif()
endforeach()
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${EXAMPLE}" --json ${args} OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} --json ${ARGS} failed (${result})")
endif()
set(key_args)
if(KEY)
  set(key_args 1e-6 1e-9 "${KEY}")
endif()
execute_process(COMMAND "${COMPARE}" "${REFERENCE}" "${OUTPUT}" ${key_args} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} --json ${ARGS} does not match ${REFERENCE}")
endif()
