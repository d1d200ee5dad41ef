# Third-party libraries, all from Debian packages (scripts/setup installs
# them). Native builds use the packages' CMake configs. The Emscripten build
# cannot search /usr (its sysroot replaces it), so header-only nlohmann-json
# is exposed through a one-directory include path, and GoogleTest is compiled
# from Debian's sources in /usr/src/googletest.

if(EMSCRIPTEN)
  find_path(HERALD_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
  if(NOT HERALD_NLOHMANN_DIR)
    message(FATAL_ERROR "nlohmann/json.hpp not found: run scripts/setup (installs nlohmann-json3-dev)")
  endif()
  set(_herald_deps_include "${CMAKE_BINARY_DIR}/deps-include")
  file(MAKE_DIRECTORY "${_herald_deps_include}")
  file(CREATE_LINK "${HERALD_NLOHMANN_DIR}/nlohmann" "${_herald_deps_include}/nlohmann" SYMBOLIC)
  add_library(herald_nlohmann_json INTERFACE)
  target_include_directories(herald_nlohmann_json SYSTEM INTERFACE "${_herald_deps_include}")
  add_library(nlohmann_json::nlohmann_json ALIAS herald_nlohmann_json)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
endif()

if(HERALD_TESTS)
  if(EMSCRIPTEN)
    set(HERALD_GTEST_SRC /usr/src/googletest/googletest)
    if(NOT EXISTS "${HERALD_GTEST_SRC}/src/gtest-all.cc")
      message(FATAL_ERROR "GoogleTest sources not found in ${HERALD_GTEST_SRC}: run scripts/setup (installs googletest)")
    endif()
    add_library(herald_gtest STATIC "${HERALD_GTEST_SRC}/src/gtest-all.cc" "${HERALD_GTEST_SRC}/src/gtest_main.cc")
    target_include_directories(herald_gtest SYSTEM PUBLIC "${HERALD_GTEST_SRC}/include")
    target_include_directories(herald_gtest PRIVATE "${HERALD_GTEST_SRC}")
    add_library(GTest::gtest_main ALIAS herald_gtest)
  else()
    find_package(GTest REQUIRED)
  endif()
endif()
