#include "ui_scale.hpp"

#include <cmath>

#include "herald/platform/platform.hpp"

namespace herald::platform {

bool UiScale::update(float scale) {
  if (!(scale > 0.0f)) scale = 1.0f;  // also catches NaN
  // Ignore changes too small to see; rebuilding the atlas costs a few ms.
  if (scale_ > 0.0f && std::fabs(scale - scale_) < 0.01f) return false;
  if (scale_ == 0.0f) base_style_ = ImGui::GetStyle();
  ImGuiStyle style = base_style_;
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  load_fonts(scale);
  scale_ = scale;
  return true;
}

}  // namespace herald::platform
