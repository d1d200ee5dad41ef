// load_fonts gives the glyphs Herald's users write with. Needs Debian's
// fonts-dejavu-core (scripts/setup installs it).
#include <gtest/gtest.h>
#include <imgui.h>

#include "herald/platform/platform.hpp"

namespace herald::platform {
namespace {

class Fonts : public ::testing::Test {
 protected:
  void SetUp() override { context_ = ImGui::CreateContext(); }
  void TearDown() override { ImGui::DestroyContext(context_); }

  ImFont& build(float scale) {
    load_fonts(scale);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    EXPECT_NE(pixels, nullptr);
    return *ImGui::GetIO().Fonts->Fonts[0];
  }

  ImGuiContext* context_ = nullptr;
};

TEST_F(Fonts, LoadsDejaVuSansAtTheScale) {
  ImFont& font = build(1.5f);
  ASSERT_EQ(ImGui::GetIO().Fonts->Fonts.Size, 1);
  EXPECT_FLOAT_EQ(font.FontSize, 24.0f);
  EXPECT_NE(std::string(font.GetDebugName()).find("DejaVuSans"), std::string::npos) << font.GetDebugName();
}

TEST_F(Fonts, HasPolishCzechCyrillicAndGreekGlyphs) {
  ImFont& font = build(1.0f);
  // ą ę ł ń ś ź ż Ł, ř ů č, Ж я ї, Ω λ, and the punctuation chats use: — … €
  const ImWchar wanted[] = {0x0105, 0x0119, 0x0142, 0x0144, 0x015B, 0x017A, 0x017C, 0x0141, 0x0159, 0x016F,
                            0x010D, 0x0416, 0x044F, 0x0457, 0x03A9, 0x03BB, 0x2014, 0x2026, 0x20AC};
  for (const ImWchar c : wanted) {
    EXPECT_NE(font.FindGlyphNoFallback(c), nullptr) << "missing U+" << std::hex << c;
  }
}

TEST_F(Fonts, ReloadingReplacesTheFont) {
  build(1.0f);
  ImFont& font = build(2.0f);
  EXPECT_EQ(ImGui::GetIO().Fonts->Fonts.Size, 1);
  EXPECT_FLOAT_EQ(font.FontSize, 32.0f);
}

}  // namespace
}  // namespace herald::platform
