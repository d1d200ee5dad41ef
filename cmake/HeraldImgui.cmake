# Dear ImGui 1.86 from Debian's source package, the same sources for the
# native and the WebAssembly builds. scripts/setup fetches them into
# build/third_party/imgui (scripts/lib/imgui_sources.sh); nothing is copied
# into the repository.
#
#   herald_imgui        the core (imgui*.cpp, imgui_demo.cpp, misc/cpp/imgui_stdlib.cpp).
#                       Enough for the headless platform (ImGui's null backend).
#   herald_imgui_glfw   the GLFW + OpenGL 3 backends on top of it:
#                       desktop: Debian's libglfw3-dev and OpenGL (libglvnd);
#                       Emscripten: its built-in GLFW and WebGL 2 (OpenGL ES 3).
#                       Not defined natively when GLFW is not installed.
#
# Third-party code gets no Herald warning flags and never -Werror; its headers
# are SYSTEM includes so Herald's warnings stay on Herald's code. Sanitizer
# builds instrument ImGui too (without its warnings), so ASan sees overflows
# that ImGui code makes into Herald's buffers (InputText).
include_guard(GLOBAL)

set(HERALD_IMGUI_DIR "${PROJECT_SOURCE_DIR}/build/third_party/imgui"
  CACHE PATH "Dear ImGui source tree (from `apt-get source imgui`)")
if(NOT EXISTS "${HERALD_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${HERALD_IMGUI_DIR}: "
    "run scripts/setup (scripts/lib/imgui_sources.sh runs `apt-get source imgui`)")
endif()

add_library(herald_imgui STATIC
  "${HERALD_IMGUI_DIR}/imgui.cpp"
  "${HERALD_IMGUI_DIR}/imgui_demo.cpp"
  "${HERALD_IMGUI_DIR}/imgui_draw.cpp"
  "${HERALD_IMGUI_DIR}/imgui_tables.cpp"
  "${HERALD_IMGUI_DIR}/imgui_widgets.cpp"
  "${HERALD_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp")
target_include_directories(herald_imgui SYSTEM PUBLIC "${HERALD_IMGUI_DIR}" "${HERALD_IMGUI_DIR}/misc/cpp")

# The sanitizers of herald_build_flags, without its warnings.
function(_herald_imgui_sanitize target)
  if(HERALD_SANITIZE AND NOT EMSCRIPTEN)
    list(JOIN HERALD_SANITIZE "," _sanitizers)
    target_compile_options(${target} PRIVATE
      -fsanitize=${_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    if("undefined" IN_LIST HERALD_SANITIZE)
      target_compile_options(${target} PRIVATE -fno-sanitize=vptr)
    endif()
  endif()
endfunction()
_herald_imgui_sanitize(herald_imgui)

set(_herald_imgui_backends
  "${HERALD_IMGUI_DIR}/backends/imgui_impl_glfw.cpp"
  "${HERALD_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")

if(EMSCRIPTEN)
  add_library(herald_imgui_glfw STATIC ${_herald_imgui_backends})
  target_include_directories(herald_imgui_glfw SYSTEM PUBLIC "${HERALD_IMGUI_DIR}/backends")
  # WebGL 2 is OpenGL ES 3 ("#version 300 es"); without this the backend
  # picks ES 2 on Emscripten. Emscripten's own GLFW and WebGL: no ports are
  # fetched (USE_SDL would try to download and fails offline).
  target_compile_definitions(herald_imgui_glfw PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_link_libraries(herald_imgui_glfw PUBLIC herald_imgui)
  target_link_options(herald_imgui_glfw INTERFACE "SHELL:-s USE_GLFW=3" "SHELL:-s USE_WEBGL2=1"
    "SHELL:-s FULL_ES3=1")
else()
  find_package(glfw3 3.3 QUIET)
  find_package(OpenGL QUIET COMPONENTS OpenGL)
  if(glfw3_FOUND AND TARGET OpenGL::GL)
    add_library(herald_imgui_glfw STATIC ${_herald_imgui_backends})
    target_include_directories(herald_imgui_glfw SYSTEM PUBLIC "${HERALD_IMGUI_DIR}/backends")
    # imgui_impl_opengl3 loads GL functions itself (its bundled gl3w loader
    # opens libGL.so.1 with dlopen); OpenGL::GL is for the few calls the
    # platform layer makes (clear, viewport).
    target_link_libraries(herald_imgui_glfw PUBLIC herald_imgui glfw OpenGL::GL ${CMAKE_DL_LIBS})
    _herald_imgui_sanitize(herald_imgui_glfw)
    if("undefined" IN_LIST HERALD_SANITIZE)
      # imgui 1.86's bundled gl3w loader fills `GLProc ptr[53]` with 54
      # functions. The union's struct member has room for 54, so the last
      # write stays inside the union, but -fsanitize=bounds stops on it.
      target_compile_options(herald_imgui_glfw PRIVATE -fno-sanitize=bounds)
    endif()
  else()
    message(STATUS "GLFW 3.3+ or OpenGL not found: herald-desktop is not built "
      "(scripts/setup installs libglfw3-dev)")
  endif()
endif()
