// run_app for the headless platform: Dear ImGui's null backend. No window and
// no renderer: a fixed display size, the font atlas built on the CPU, and
// NewFrame/Render in a loop, so views can be smoke-tested (also under
// sanitizers) and the client can run scripted without a display.
#include <chrono>
#include <thread>

#include <imgui.h>

#include "frame_clock.hpp"
#include "herald/platform/platform.hpp"
#include "ui_scale.hpp"

namespace herald::platform {
namespace {

bool quit_requested = false;

}  // namespace

void request_quit() {
  quit_requested = true;
}

int run_app(const AppConfig& config, FrameCallback frame) {
  quit_requested = false;
  IMGUI_CHECKVERSION();
  ImGuiContext* context = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no imgui.ini in the working directory
  io.BackendPlatformName = "herald_headless";
  io.DisplaySize = ImVec2(static_cast<float>(config.width), static_cast<float>(config.height));
  ImGui::StyleColorsDark();

  UiScale scale;
  scale.update(1.0f);
  // The null backend's "renderer": build the atlas as a real one would
  // upload it; NewFrame asserts that the atlas is built.
  unsigned char* pixels = nullptr;
  int atlas_width = 0;
  int atlas_height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &atlas_width, &atlas_height);

  double previous = now_ms();
  for (int n = 0; (config.max_frames <= 0 || n < config.max_frames) && !quit_requested; ++n) {
    const double started = now_ms();
    poll_events();
    io.DeltaTime = frame_delta_seconds(previous, started);
    previous = started;
    ImGui::NewFrame();
    frame(started);
    ImGui::Render();
    if (config.headless_frame_interval_ms > 0) {
      const double remaining = config.headless_frame_interval_ms - (now_ms() - started);
      if (remaining > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(remaining));
    }
  }
  ImGui::DestroyContext(context);
  return 0;
}

}  // namespace herald::platform
