#include "herald/ui/app_view.hpp"

#include <ctime>

#include "view_state.hpp"

namespace herald::ui {

std::string clock_time(client::Timestamp ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[8];
  std::strftime(text, sizeof text, "%H:%M", &local);
  return text;
}

AppView::AppView(client::Client& client) : client_(client), view_(std::make_unique<ViewState>()) {}
AppView::~AppView() = default;

void AppView::show_inbox(bool open) {
  view_->inbox_open = open;
}

void AppView::draw(client::Timestamp now) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  constexpr ImGuiWindowFlags kFullScreen = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                           ImGuiWindowFlags_NoSavedSettings |
                                           ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Herald", nullptr, kFullScreen);
  draw_top_bar(client_, *view_, now);
  ImGui::Separator();
  const auto& state = client_.state();
  if (!state.me) {
    draw_sign_in(client_, *view_);
  } else {
    ImGui::BeginChild("sidebar", ImVec2(260, 0), true);
    draw_sidebar(client_, *view_);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("conversation", ImVec2(0, 0), false);
    draw_conversation(client_, *view_, now);
    ImGui::EndChild();
  }
  ImGui::End();
  if (view_->inbox_open) draw_inbox(client_, *view_);
  draw_toasts(client_);
}

}  // namespace herald::ui
