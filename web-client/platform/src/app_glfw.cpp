// run_app for the desktop: a GLFW window with an OpenGL 3 context, Dear
// ImGui's GLFW and OpenGL 3 backends, the Socket events polled once per frame.
#include <cstdio>

#include <GLFW/glfw3.h>  // also declares the GL 1.x calls used here (<GL/gl.h>)
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "frame_clock.hpp"
#include "herald/platform/platform.hpp"
#include "ui_scale.hpp"

namespace herald::platform {
namespace {

bool quit_requested = false;

// OpenGL 3.0 with GLSL 130: what Mesa, proprietary drivers and software
// rendering (llvmpipe under Xvfb) all provide on Linux.
constexpr int kGlMajor = 3;
constexpr int kGlMinor = 0;
constexpr const char* kGlslVersion = "#version 130";

void report_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "herald: GLFW error %d: %s\n", code, description);
}

// X11 reports a content scale from Xft.dpi; window and framebuffer pixels
// are the same there, so the UI is scaled by the content scale.
float content_scale(GLFWwindow* window) {
  float x = 1.0f;
  float y = 1.0f;
  glfwGetWindowContentScale(window, &x, &y);
  return x;
}

}  // namespace

void request_quit() {
  quit_requested = true;
}

int run_app(const AppConfig& config, FrameCallback frame) {
  quit_requested = false;
  glfwSetErrorCallback(report_glfw_error);
  if (glfwInit() == GLFW_FALSE) {
    std::fprintf(stderr, "herald: cannot initialize GLFW (no display? try herald-headless or xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, kGlMajor);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, kGlMinor);
  GLFWwindow* window = glfwCreateWindow(config.width, config.height, config.title.c_str(), nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "herald: cannot create a window with OpenGL %d.%d\n", kGlMajor, kGlMinor);
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);  // vsync: no busy loop

  IMGUI_CHECKVERSION();
  ImGuiContext* context = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the working directory
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(kGlslVersion);

  UiScale scale;
  double previous = now_ms();
  for (int n = 0; (config.max_frames <= 0 || n < config.max_frames) && !quit_requested; ++n) {
    glfwPollEvents();
    if (glfwWindowShouldClose(window) != 0) break;
    poll_events();
    const bool first_frame = scale.scale() == 0.0f;
    if (scale.update(content_scale(window)) && !first_frame) {
      // The backend creates the font texture in its first NewFrame; later
      // scale changes must replace it.
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    const double now = now_ms();
    ImGui::GetIO().DeltaTime = frame_delta_seconds(previous, now);
    previous = now;
    ImGui::NewFrame();
    frame(now);
    ImGui::Render();

    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.118f, 0.122f, 0.141f, 1.0f);  // the page's background, #1e1f24
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(context);
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

}  // namespace herald::platform
