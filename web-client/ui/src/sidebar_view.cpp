// The sidebar: people search, the rooms section, direct conversations with
// unread badges and presence.
#include "view_state.hpp"

namespace herald::ui {

std::optional<protocol::UserInfo> draw_people_search(
    client::Client& client, const char* id, const char* hint, char* text, std::size_t size,
    std::string& last_search, const std::function<std::string(const protocol::UserInfo&)>& row_label) {
  const auto& state = client.state();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint(id, hint, text, size);
  const std::string search(text);
  if (search != last_search) {
    last_search = search;
    client.search_users(search);
  }
  std::optional<protocol::UserInfo> picked;
  if (search.empty()) return picked;
  for (const auto& user : state.search_results) {
    if (state.me && user.id == state.me->id) continue;
    const std::string label = row_label(user);
    if (label.empty()) continue;
    // Inside a popup (Invite), picking someone keeps the popup open.
    if (ImGui::Selectable((label + "##found" + std::to_string(user.id)).c_str(), false,
                          ImGuiSelectableFlags_DontClosePopups))
      picked = user;
  }
  return picked;
}

void draw_conversation_entry(client::Client& client, const client::Conversation& c,
                             const std::string& label) {
  const auto& state = client.state();
  const bool open = state.open_conversation && *state.open_conversation == c.target;
  std::string text = label;
  if (c.unread > 0) text += "  (" + std::to_string(c.unread) + ")";
  text += "##conv" + std::to_string(static_cast<int>(c.target.kind)) + "-" + std::to_string(c.target.id);
  if (c.unread > 0) ImGui::PushStyleColor(ImGuiCol_Text, colors::kAccent);
  if (ImGui::Selectable(text.c_str(), open)) client.open_conversation(c.target, c.title);
  if (c.unread > 0) ImGui::PopStyleColor();
}

void draw_sidebar(client::Client& client, ViewState& view) {
  const auto& state = client.state();
  const auto picked = draw_people_search(client, "##search", "Find people...", view.search.data.data(),
                                         view.search.data.size(), view.last_search,
                                         [](const protocol::UserInfo& user) { return "+ " + user.username; });
  if (picked) {
    client.open_conversation(client::Target::user(picked->id), picked->username);
    view.search.clear();
    view.last_search.clear();
  }
  if (!view.search.str().empty()) ImGui::Separator();

  draw_rooms_section(client, view);

  ImGui::Spacing();
  ImGui::TextColored(colors::kMuted, "Direct messages");
  bool any = false;
  for (const auto& c : state.conversations) {
    if (c.target.is_room()) continue;
    any = true;
    // A presence dot, once the server has said anything about the peer.
    if (c.peer_presence) {
      const ImVec4 dot = *c.peer_presence == protocol::PresenceStatus::online ? colors::kOnline
                         : *c.peer_presence == protocol::PresenceStatus::away ? colors::kWarning
                                                                              : colors::kMuted;
      ImGui::TextColored(dot, "\xe2\x97\x8f");
      ImGui::SameLine();
    }
    draw_conversation_entry(client, c, c.title);
  }
  if (!any) ImGui::TextColored(colors::kMuted, "No conversations yet.\nFind someone above.");
}

}  // namespace herald::ui
