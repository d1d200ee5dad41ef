// Registers the app with the browser build's test hook (test_hook_emscripten.cpp);
// natively a no-op (test_hook_native.cpp).
#pragma once

namespace herald::app {
class ClientApp;
void expose_to_tests(ClientApp& app);
}  // namespace herald::app
