#include <cstdio>

#include <imgui.h>

#include "herald/platform/platform.hpp"

namespace herald::platform {
namespace {

constexpr float kBaseFontPixels = 16.0f;

// Pairs of inclusive code point ranges, zero-terminated. The atlas keeps a
// pointer to this array until it is built, hence static storage.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement
    0x0100, 0x024F,  // Latin Extended-A and -B: ą ę ł ń ś ź ż, ř ů č, ...
    0x0370, 0x03FF,  // Greek and Coptic
    0x0400, 0x052F,  // Cyrillic, Cyrillic Supplement
    0x2000, 0x206F,  // General Punctuation: dashes, quotes, ellipsis
    0x20AC, 0x20AC,  // Euro sign
    0x2DE0, 0x2DFF,  // Cyrillic Extended-A
    0xA640, 0xA69F,  // Cyrillic Extended-B
    0xFFFD, 0xFFFD,  // Replacement character, drawn for invalid text
    0,
};

}  // namespace

void load_fonts(float scale) {
  IM_ASSERT(ImGui::GetCurrentContext() != nullptr &&
            "load_fonts needs an ImGui context: call ImGui::CreateContext()");
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  if (scale <= 0.0f) scale = 1.0f;

  ImFontConfig config;
  config.OversampleH = 2;  // sharper horizontal positioning at small sizes
  config.OversampleV = 1;
  if (std::FILE* probe = std::fopen(kFontPath, "rb")) {
    std::fclose(probe);
    if (atlas.AddFontFromFileTTF(kFontPath, kBaseFontPixels * scale, &config, kGlyphRanges) != nullptr)
      return;
  }
  std::fprintf(stderr,
               "herald: cannot load %s (install fonts-dejavu-core); using ImGui's built-in font, "
               "which has ASCII only\n",
               kFontPath);
  ImFontConfig fallback;
  fallback.SizePixels = 13.0f * scale;
  atlas.AddFontDefault(&fallback);
}

}  // namespace herald::platform
