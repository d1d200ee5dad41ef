// The notification inbox and the toasts for new notifications.
#include "view_state.hpp"

namespace herald::ui {

void draw_inbox(client::Client& client, ViewState& view) {
  const auto& inbox = client.state().inbox;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - 380, viewport->WorkPos.y + 40),
                          ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(360, 420), ImGuiCond_Appearing);
  if (!ImGui::Begin("Notifications", &view.inbox_open,
                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::Text("%lld unread", static_cast<long long>(inbox.unread));
  ImGui::SameLine();
  if (inbox.unread == 0) ImGui::BeginDisabled();
  if (ImGui::SmallButton("Mark all read")) client.mark_all_notifications_read();
  if (inbox.unread == 0) ImGui::EndDisabled();
  ImGui::Separator();
  if (inbox.items.empty()) ImGui::TextColored(colors::kMuted, "Nothing yet.");
  for (const auto& n : inbox.items) {
    ImGui::PushID(static_cast<int>(n.id));
    ImGui::TextColored(n.read ? colors::kMuted : colors::kAccent, "%s %s", n.read ? " " : "\xe2\x97\x8f",
                       n.title.c_str());
    ImGui::SameLine();
    ImGui::TextColored(colors::kMuted, "%s", clock_time(n.ts).c_str());
    if (!n.body.empty()) ImGui::TextWrapped("%s", n.body.c_str());
    if (n.link) ImGui::TextColored(colors::kMuted, "%s", n.link->c_str());
    if (!n.read && ImGui::SmallButton("Mark read")) client.mark_notification_read(n.id);
    ImGui::Separator();
    ImGui::PopID();
  }
  if (inbox.has_more) {
    if (inbox.loading)
      ImGui::TextColored(colors::kMuted, "Loading...");
    else if (ImGui::Button("Older notifications"))
      client.load_older_notifications();
  }
  ImGui::End();
}

void draw_toasts(client::Client& client) {
  const auto& toasts = client.state().toasts;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  float y = viewport->WorkPos.y + viewport->WorkSize.y - 16;
  std::uint64_t dismissed = 0;
  for (auto it = toasts.rbegin(); it != toasts.rend(); ++it) {
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - 16, y), ImGuiCond_Always,
                            ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    const std::string name = "##toast" + std::to_string(it->id);
    ImGui::Begin(name.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoNav);
    ImGui::TextColored(colors::kAccent, "%s", it->title.c_str());
    if (!it->body.empty()) {
      ImGui::PushTextWrapPos(320);
      ImGui::TextUnformatted(it->body.c_str());
      ImGui::PopTextWrapPos();
    }
    if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(0)) dismissed = it->id;
    y -= ImGui::GetWindowHeight() + 8;
    ImGui::End();
  }
  if (dismissed != 0) client.dismiss_toast(dismissed);
}

}  // namespace herald::ui
