// Conversations with unread badges, and a search to start a new one.
#include "view_state.hpp"

namespace herald::ui {

void draw_sidebar(client::Client& client, ViewState& view) {
  const auto& state = client.state();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##search", "Find people...", view.search.data.data(), view.search.data.size());
  const std::string search = view.search.str();
  if (search != view.last_search) {
    view.last_search = search;
    client.search_users(search);
  }
  if (!search.empty()) {
    for (const auto& user : state.search_results) {
      if (state.me && user.id == state.me->id) continue;
      if (ImGui::Selectable(("+ " + user.username + "##found" + std::to_string(user.id)).c_str())) {
        client.open_conversation(client::Target::user(user.id), user.username);
        view.search.clear();
        view.last_search.clear();
      }
    }
    ImGui::Separator();
  }

  if (state.conversations.empty())
    ImGui::TextColored(colors::kMuted, "No conversations yet.\nFind someone above.");
  for (const auto& c : state.conversations) {
    const bool open = state.open_conversation && *state.open_conversation == c.target;
    std::string label = c.title;
    if (c.unread > 0) label += "  (" + std::to_string(c.unread) + ")";
    label += "##conv" + std::to_string(static_cast<int>(c.target.kind)) + "-" + std::to_string(c.target.id);
    // A presence dot, once the server has said anything about the peer.
    if (c.peer_presence) {
      const ImVec4 dot = *c.peer_presence == protocol::PresenceStatus::online ? colors::kOnline
                         : *c.peer_presence == protocol::PresenceStatus::away ? colors::kWarning
                                                                              : colors::kMuted;
      ImGui::TextColored(dot, "\xe2\x97\x8f");
      ImGui::SameLine();
    }
    if (c.unread > 0) ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccent);
    if (ImGui::Selectable(label.c_str(), open)) client.open_conversation(c.target, c.title);
    if (c.unread > 0) ImGui::PopStyleColor();
  }
}

}  // namespace herald::ui
