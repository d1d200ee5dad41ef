// Copy and paste in the browser. Emscripten 3.1.6's GLFW has no clipboard
// (glfwGetClipboardString / glfwSetClipboardString are empty stubs), so this
// replaces the two functions imgui_impl_glfw installs.
#pragma once

namespace herald::platform {

/// Call after ImGui_ImplGlfw_InitForOpenGL, with the ImGui context current.
///
/// Paste: the page's `paste` event (fired by Ctrl+V just before ImGui sees
/// the key in the next frame) keeps the text; ImGui's paste reads it.
/// Copy: navigator.clipboard.writeText, which browsers allow on http://localhost
/// and https:// pages right after a key press; the text is also kept for
/// pasting inside the client where the browser refuses.
void install_browser_clipboard();

}  // namespace herald::platform
