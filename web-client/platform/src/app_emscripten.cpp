// run_app in the browser: Emscripten's GLFW with a WebGL 2 context on
// Module.canvas (index.html's <canvas id="canvas">), Dear ImGui's GLFW and
// OpenGL 3 (ES 3) backends, and the browser's animation frames as the loop.
//
// The canvas fills the page (index.html's CSS). Each frame its drawing
// buffer is set to the CSS size times devicePixelRatio, so text stays sharp
// on high-density screens and after zooming; ImGui then works in device
// pixels (GLFW reports mouse positions in canvas pixels too), and the style
// and fonts are scaled by the ratio.
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <utility>

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "clipboard_emscripten.hpp"
#include "frame_clock.hpp"
#include "herald/platform/platform.hpp"
#include "ui_scale.hpp"

namespace herald::platform {
namespace {

constexpr const char* kCanvasSelector = "#canvas";
constexpr const char* kGlslVersion = "#version 300 es";  // WebGL 2

bool quit_requested = false;

struct CanvasSize {
  int width = 0;  // device pixels
  int height = 0;
  float pixel_ratio = 1.0f;
};

CanvasSize wanted_canvas_size() {
  double css_width = 0;
  double css_height = 0;
  emscripten_get_element_css_size(kCanvasSelector, &css_width, &css_height);
  const double ratio = emscripten_get_device_pixel_ratio();
  CanvasSize size;
  size.pixel_ratio = ratio > 0 ? static_cast<float>(ratio) : 1.0f;
  size.width = static_cast<int>(std::lround(css_width * size.pixel_ratio));
  size.height = static_cast<int>(std::lround(css_height * size.pixel_ratio));
  return size;
}

// Resizes the drawing buffer through Emscripten's Browser.setCanvasSize,
// which also tells GLFW (its window size is the canvas size).
// emscripten_set_canvas_element_size would leave GLFW's size stale, and
// glfwSetWindowSize asks for fullscreen when the size equals the screen's.
void set_canvas_size(int width, int height) {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
  emscripten_set_canvas_size(width, height);
#pragma clang diagnostic pop
}

void fit_canvas(GLFWwindow* window, const CanvasSize& wanted) {
  if (wanted.width <= 0 || wanted.height <= 0) return;  // hidden or not laid out yet
  int width = 0;
  int height = 0;
  glfwGetWindowSize(window, &width, &height);
  if (width != wanted.width || height != wanted.height) set_canvas_size(wanted.width, wanted.height);
}

// Everything the loop needs; it lives as long as the page (run_app's stack
// is gone once the browser owns the loop).
struct Loop {
  GLFWwindow* window = nullptr;
  FrameCallback frame;
  UiScale scale;
  int max_frames = 0;
  int frames = 0;
  double previous_ms = 0;
};

void run_frame(void* arg) {
  Loop& loop = *static_cast<Loop*>(arg);
  if (quit_requested || (loop.max_frames > 0 && loop.frames >= loop.max_frames)) {
    emscripten_cancel_main_loop();
    return;
  }
  const CanvasSize wanted = wanted_canvas_size();
  fit_canvas(loop.window, wanted);
  const bool first_frame = loop.frames == 0;
  if (loop.scale.update(wanted.pixel_ratio) && !first_frame) {
    // The backend creates the font texture in its first NewFrame; later
    // ratio changes (zoom, moving to another screen) must replace it.
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  const double now = now_ms();
  ImGui::GetIO().DeltaTime = frame_delta_seconds(loop.previous_ms, now);
  loop.previous_ms = now;
  ImGui::NewFrame();
  loop.frame(now);
  ImGui::Render();

  int width = 0;
  int height = 0;
  glfwGetFramebufferSize(loop.window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.118f, 0.122f, 0.141f, 1.0f);  // the page's background, #1e1f24
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ++loop.frames;
}

}  // namespace

double now_ms() {
  return emscripten_get_now();
}

void request_quit() {
  quit_requested = true;
}

int run_app(const AppConfig& config, FrameCallback frame) {
  quit_requested = false;
  if (glfwInit() == GLFW_FALSE) {
    std::fprintf(stderr, "herald: cannot initialize GLFW\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // WebGL 2
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  CanvasSize size = wanted_canvas_size();
  if (size.width <= 0 || size.height <= 0) {
    size.width = config.width;
    size.height = config.height;
  }
  GLFWwindow* window = glfwCreateWindow(size.width, size.height, config.title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "herald: cannot create a WebGL 2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // nowhere to keep it in the browser
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(kGlslVersion);
  install_browser_clipboard();

  auto* loop = new Loop();  // owned by the page: never freed
  loop->window = window;
  loop->frame = std::move(frame);
  loop->max_frames = config.max_frames;
  loop->previous_ms = now_ms();
  // fps 0: requestAnimationFrame. simulate_infinite_loop 1: this call does
  // not return; the browser calls run_frame from now on.
  emscripten_set_main_loop_arg(run_frame, loop, 0, 1);
  return 0;
}

}  // namespace herald::platform
