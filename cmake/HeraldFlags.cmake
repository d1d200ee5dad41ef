# herald_build_flags: warnings and sanitizers as an INTERFACE target that
# every Herald target links PRIVATE-ly. No global flags: third-party code
# (GoogleTest built from source for WASM) keeps its own.
add_library(herald_build_flags INTERFACE)

if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(herald_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wimplicit-fallthrough)
  if(HERALD_WERROR)
    target_compile_options(herald_build_flags INTERFACE -Werror)
  endif()
endif()

if(HERALD_SANITIZE)
  list(JOIN HERALD_SANITIZE "," _herald_sanitizers)
  target_compile_options(herald_build_flags INTERFACE
    -fsanitize=${_herald_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(herald_build_flags INTERFACE -fsanitize=${_herald_sanitizers})
  if("undefined" IN_LIST HERALD_SANITIZE)
    # UBSan's vptr check needs the typeinfo of every polymorphic class it
    # sees; Debian's libsoci does not export it for its internal classes.
    target_compile_options(herald_build_flags INTERFACE -fno-sanitize=vptr)
  endif()
endif()
