// The end-to-end tests' window into the running client (browser build
// only): herald_state_json() and herald_intent(json), called from the page
// with Module.ccall. Not used by the views.
#include <emscripten.h>

#include <string>

#include "client_app.hpp"
#include "herald/client/test_hook.hpp"
#include "test_hook.hpp"

namespace herald::app {
namespace {
ClientApp* g_app = nullptr;
std::string g_reply;  // returned pointers stay valid until the next call
}  // namespace

void expose_to_tests(ClientApp& app) {
  g_app = &app;
}

}  // namespace herald::app

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* herald_state_json() {
  using herald::app::g_app;
  herald::app::g_reply = g_app ? herald::client::state_json(g_app->client().state()) : "{}";
  return herald::app::g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* herald_intent(const char* json) {
  using herald::app::g_app;
  herald::app::g_reply =
      g_app ? herald::client::apply_intent_json(g_app->client(), json, herald::app::ClientApp::now())
            : "not running";
  return herald::app::g_reply.c_str();
}

}  // extern "C"
