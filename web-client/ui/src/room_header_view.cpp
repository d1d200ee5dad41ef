// A room conversation's header: its name, visibility and member count, and
// the Members list, the Invite people search and Leave (with a confirmation).
#include <algorithm>

#include "view_state.hpp"

namespace herald::ui {
namespace {

constexpr const char* kMembersPopup = "Members";
constexpr const char* kInvitePopup = "Invite people";
constexpr const char* kLeavePopup = "Leave room?";

bool contains(const std::vector<client::UserId>& ids, client::UserId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

/// Ids of the members, as far as the list asked for says.
std::vector<client::UserId> member_ids(const client::ClientState& state, client::RoomId room) {
  std::vector<client::UserId> ids;
  auto it = state.rooms.members.find(room);
  if (it != state.rooms.members.end())
    for (const auto& user : it->second.members) ids.push_back(user.id);
  return ids;
}

/// Drops down from `anchor` (below the Members button).
void draw_members_popup(const client::Client& client, client::RoomId room, ImVec2 anchor) {
  ImGui::SetNextWindowPos(anchor, ImGuiCond_Appearing);
  if (!ImGui::BeginPopup(kMembersPopup)) return;
  if (escape_pressed()) ImGui::CloseCurrentPopup();
  const auto& state = client.state();
  const client::RoomInfo* info = client.my_room(room);
  auto it = state.rooms.members.find(room);
  if (it == state.rooms.members.end() || (it->second.loading && it->second.members.empty())) {
    ImGui::TextColored(colors::kMuted, "Loading...");
  } else {
    for (const auto& user : it->second.members) {
      ImGui::TextUnformatted(user.username.c_str());
      if (state.me && user.id == state.me->id) {
        ImGui::SameLine();
        ImGui::TextColored(colors::kMuted, "(you)");
      }
      if (info != nullptr && user.id == info->owner) {
        ImGui::SameLine();
        ImGui::TextColored(colors::kAccent, "owner");
      }
    }
  }
  ImGui::EndPopup();
}

void draw_invite_popup(client::Client& client, RoomsViewState& rooms, const client::Conversation& c) {
  ImGui::SetNextWindowSize(ImVec2(380, 0), ImGuiCond_Appearing);
  bool open = true;
  if (!ImGui::BeginPopupModal(kInvitePopup, &open, ImGuiWindowFlags_NoSavedSettings)) return;
  const auto& state = client.state();
  const client::RoomId room = c.target.id;
  ImGui::Text("Invite people to # %s", c.title.c_str());
  const auto members = member_ids(state, room);
  auto invited_it = state.rooms.invited.find(room);
  const std::vector<client::UserId> invited =
      invited_it == state.rooms.invited.end() ? std::vector<client::UserId>{} : invited_it->second;
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const auto picked = draw_people_search(client, "##invite-search", "Find people by username...",
                                         rooms.invite_search.data.data(), rooms.invite_search.data.size(),
                                         rooms.last_invite_search, [&](const protocol::UserInfo& user) {
                                           if (contains(members, user.id))
                                             return user.username + "  - in this room";
                                           if (contains(invited, user.id))
                                             return user.username + "  - invited";
                                           return user.username;
                                         });
  if (picked && !contains(members, picked->id) && !contains(invited, picked->id))
    client.invite_to_room(room, picked->id);
  if (rooms.invite_search.str().empty())
    ImGui::TextColored(colors::kMuted, "Type a username; pick someone to invite them.");
  if (state.error) ImGui::TextColored(colors::kError, "%s", state.error->message.c_str());
  ImGui::Spacing();
  if (ImGui::Button("Done") || !open || escape_pressed()) {
    rooms.invite_search.clear();
    rooms.last_invite_search.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_leave_popup(client::Client& client, const client::Conversation& c) {
  if (!ImGui::BeginPopupModal(kLeavePopup, nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
    return;
  ImGui::Text("Leave # %s?", c.title.c_str());
  const client::RoomInfo* info = client.my_room(c.target.id);
  if (info != nullptr && info->visibility == protocol::Visibility::private_room)
    ImGui::TextColored(colors::kMuted, "It is private: to come back you will need a new invitation.");
  ImGui::Spacing();
  if (ImGui::Button("Leave")) {
    client.leave_room(c.target.id);
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || escape_pressed()) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_room_header(client::Client& client, ViewState& view, const client::Conversation& c) {
  const client::RoomInfo* info = client.my_room(c.target.id);
  ImGui::TextColored(colors::kAccent, "# %s", c.title.c_str());
  if (info != nullptr) {
    ImGui::SameLine();
    ImGui::TextColored(colors::kMuted, "%s room, %s",
                       info->visibility == protocol::Visibility::private_room ? "private" : "public",
                       member_count(info->members).c_str());
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_width("Members") - button_width("Invite") -
                  button_width("Leave") - 2 * spacing);
  if (ImGui::Button("Members")) {
    client.fetch_room_members(c.target.id);
    ImGui::OpenPopup(kMembersPopup);
  }
  const ImVec2 members_anchor(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y);
  ImGui::SameLine();
  if (ImGui::Button("Invite")) {
    // The people search in the sidebar shares the results: leave it empty.
    view.search.clear();
    view.last_search.clear();
    client.clear_error();
    client.fetch_room_members(c.target.id);
    ImGui::OpenPopup(kInvitePopup);
  }
  ImGui::SameLine();
  if (ImGui::Button("Leave")) ImGui::OpenPopup(kLeavePopup);
  draw_members_popup(client, c.target.id, members_anchor);
  draw_invite_popup(client, view.rooms, c);
  draw_leave_popup(client, c);
}

}  // namespace herald::ui
