// The client's entry point, the same for the browser, the desktop and the
// headless build (CMake links the platform): picks the server and runs the
// Herald client in the platform's loop.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "client_app.hpp"
#include "herald/platform/platform.hpp"
#include "test_hook.hpp"

namespace {

int usage(const char* program, int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: %s [--server ws://HOST:PORT/] [--frames N]\n"
               "  --server  the Herald server (default %s)\n"
               "  --frames  stop after N frames (default: run until closed)\n",
               program, herald::platform::default_server_url().c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  herald::platform::AppConfig config;
  config.headless_frame_interval_ms = 16;  // about 60 frames a second, as a display would
  std::string url = herald::platform::default_server_url();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--server" && has_value) {
      url = argv[++i];
    } else if (arg == "--frames" && has_value) {
      config.max_frames = std::atoi(argv[++i]);
    } else if (arg == "--help" || arg == "-h") {
      return usage(argv[0], 0);
    } else {
      return usage(argv[0], 2);
    }
  }

  // Owned by the frame callback: in the browser run_app never returns and
  // main's stack does not survive it.
  auto app = std::make_shared<herald::app::ClientApp>(url);
  herald::app::expose_to_tests(*app);
  return herald::platform::run_app(config, [app](double) { app->frame(); });
}
