// Keeps the ImGui style and fonts at the display's scale (device pixel
// ratio in the browser, content scale on the desktop).
#pragma once

#include <imgui.h>

namespace herald::platform {

class UiScale {
 public:
  /// Call once per frame before NewFrame, with the ImGui context current.
  /// On the first call and whenever `scale` changes, reloads the fonts
  /// (load_fonts) and scales the style from the unscaled one it saw first.
  /// Returns true when the fonts changed: the renderer must then rebuild
  /// its font texture.
  bool update(float scale);

  float scale() const { return scale_; }

 private:
  ImGuiStyle base_style_;
  float scale_ = 0.0f;  // 0: not applied yet
};

}  // namespace herald::platform
