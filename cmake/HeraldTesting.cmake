# herald_add_gtest(<target>): registers a GoogleTest executable with CTest.
# Each run writes a JSON report to <build>/test-reports/<target>.json, which
# scripts/test reads to count cases and to compare the native and WASM runs.
# (A flag, not GTEST_OUTPUT: Emscripten programs do not see Node's environment.)
function(herald_add_gtest target)
  add_test(NAME ${target}
    COMMAND ${target} --gtest_output=json:${CMAKE_BINARY_DIR}/test-reports/${target}.json)
endfunction()
