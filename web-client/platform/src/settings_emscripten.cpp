// Settings in the browser: window.localStorage, per origin.
#include <emscripten.h>

#include <cstdlib>

#include "herald/platform/platform.hpp"

namespace {

// clang-format off
EM_JS(char*, herald_local_storage_get, (const char* key), {
  try {
    const value = window.localStorage.getItem(UTF8ToString(key));
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const out = _malloc(size);
    stringToUTF8(value, out, size);
    return out;
  } catch (e) { return 0; }
});

EM_JS(void, herald_local_storage_set, (const char* key, const char* value), {
  try {
    const text = UTF8ToString(value);
    if (text.length === 0) window.localStorage.removeItem(UTF8ToString(key));
    else window.localStorage.setItem(UTF8ToString(key), text);
  } catch (e) {}
});
// clang-format on

}  // namespace

namespace herald::platform {

std::string load_setting(const std::string& key) {
  char* value = herald_local_storage_get(key.c_str());
  if (value == nullptr) return "";
  std::string out(value);
  std::free(value);
  return out;
}

void save_setting(const std::string& key, const std::string& value) {
  herald_local_storage_set(key.c_str(), value.c_str());
}

}  // namespace herald::platform
