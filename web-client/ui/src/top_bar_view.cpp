// The top bar: who is signed in, the connection banner, the notification
// bell, errors.
#include <cmath>

#include "view_state.hpp"

namespace herald::ui {

void draw_top_bar(client::Client& client, ViewState& view, client::Timestamp now) {
  const auto& state = client.state();
  ImGui::TextColored(colors::kAccent, "Herald");
  if (state.me) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kMuted, "signed in as %s", state.me->username.c_str());
  }
  ImGui::SameLine();
  switch (state.phase) {
    case client::Phase::offline: {
      const auto seconds = std::max<client::Timestamp>(0, (state.reconnect_at - now + 999) / 1000);
      ImGui::TextColored(colors::kWarning, "Offline - reconnecting in %lld s",
                         static_cast<long long>(seconds));
      break;
    }
    case client::Phase::connecting:
      ImGui::TextColored(colors::kWarning, "Connecting...");
      break;
    case client::Phase::authenticating:
      ImGui::TextColored(colors::kMuted, "Signing in...");
      break;
    case client::Phase::signed_out:
    case client::Phase::ready:
      break;
  }
  if (!state.me) return;

  const std::string bell = state.inbox.unread > 0
                               ? "Notifications (" + std::to_string(state.inbox.unread) + ")###bell"
                               : std::string("Notifications###bell");
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_width(bell.c_str()) -
                  button_width("Sign out") - ImGui::GetStyle().ItemSpacing.x);
  if (state.inbox.unread > 0) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.55f, 0.30f, 0.25f, 1.0f));
  if (ImGui::Button(bell.c_str())) view.inbox_open = !view.inbox_open;
  if (state.inbox.unread > 0) ImGui::PopStyleColor();
  ImGui::SameLine();
  if (ImGui::Button("Sign out")) client.sign_out();

  if (state.error) {
    ImGui::TextColored(colors::kError, "%s", state.error->message.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss")) client.clear_error();
  }
}

}  // namespace herald::ui
