#include "clipboard_emscripten.hpp"

#include <emscripten/emscripten.h>

#include <string>

#include <imgui.h>

// The text lives on the JavaScript side (Module.heraldClipboard) so the paste
// handler needs no exported C function. EM_JS bodies go through the C
// preprocessor: JavaScript strings use double quotes ('' is a C error).
// clang-format off
EM_JS(void, herald_clipboard_listen, (), {
  if (Module.heraldClipboard !== undefined) return;
  Module.heraldClipboard = "";
  document.addEventListener("paste", function (event) {
    if (!event.clipboardData) return;
    Module.heraldClipboard = event.clipboardData.getData("text/plain");
    event.preventDefault();
  });
});
EM_JS(int, herald_clipboard_size, (), {
  return lengthBytesUTF8(Module.heraldClipboard || "") + 1;
});
EM_JS(void, herald_clipboard_read, (char* buffer, int size), {
  stringToUTF8(Module.heraldClipboard || "", buffer, size);
});
EM_JS(void, herald_clipboard_write, (const char* text), {
  var value = UTF8ToString(text);
  Module.heraldClipboard = value;
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(value).catch(function () {});
  }
});
// clang-format on

namespace herald::platform {
namespace {

const char* get_clipboard_text(void*) {
  static std::string text;  // ImGui copies it before the next call
  const int size = herald_clipboard_size();
  text.assign(static_cast<std::size_t>(size), '\0');
  herald_clipboard_read(text.data(), size);
  text.resize(static_cast<std::size_t>(size - 1));
  return text.c_str();
}

void set_clipboard_text(void*, const char* text) {
  herald_clipboard_write(text);
}

}  // namespace

void install_browser_clipboard() {
  herald_clipboard_listen();
  ImGuiIO& io = ImGui::GetIO();
  io.GetClipboardTextFn = get_clipboard_text;
  io.SetClipboardTextFn = set_clipboard_text;
  io.ClipboardUserData = nullptr;
}

}  // namespace herald::platform
