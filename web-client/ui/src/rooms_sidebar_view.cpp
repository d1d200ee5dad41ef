// The sidebar's rooms: the user's rooms by name, rooms being created,
// invitations to join, and the "New room" and "Browse rooms" popups.
#include <algorithm>
#include <cctype>

#include "view_state.hpp"

namespace herald::ui {
namespace {

constexpr const char* kNewRoomPopup = "New room";
constexpr const char* kBrowsePopup = "Browse rooms";

/// ASCII lower case, for name filters and sorting (other bytes unchanged).
std::string lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

bool joining(const client::ClientState& state, client::RoomId room) {
  const auto& list = state.rooms.joining;
  return std::find(list.begin(), list.end(), room) != list.end();
}

/// "Join", or "Joining..." while the request is out. True when pressed.
bool join_button(const client::ClientState& state, client::RoomId room) {
  if (joining(state, room)) {
    ImGui::TextColored(colors::kMuted, "Joining...");
    return false;
  }
  return ImGui::SmallButton("Join");
}

void draw_new_room_popup(client::Client& client, RoomsViewState& rooms) {
  ImGui::SetNextWindowSize(ImVec2(380, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(kNewRoomPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  ImGui::TextUnformatted("Name");
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(-1);
  const bool enter =
      ImGui::InputTextWithHint("##room-name", "e.g. backend", rooms.new_name.data.data(),
                               rooms.new_name.data.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::RadioButton("Public: anyone can find and join it", !rooms.new_private))
    rooms.new_private = false;
  if (ImGui::RadioButton("Private: only people invited can join", rooms.new_private))
    rooms.new_private = true;
  const auto& error = client.state().error;
  if (error) ImGui::TextColored(colors::kError, "%s", error->message.c_str());
  ImGui::Spacing();
  const bool empty = rooms.new_name.str().empty();
  if (empty) ImGui::BeginDisabled();
  const bool create = ImGui::Button("Create") || (enter && !empty);
  if (empty) ImGui::EndDisabled();
  ImGui::SameLine();
  bool close = ImGui::Button("Cancel") || escape_pressed();
  if (create) {
    client.clear_error();
    const auto visibility =
        rooms.new_private ? protocol::Visibility::private_room : protocol::Visibility::public_room;
    rooms.creating = client.create_room(rooms.new_name.str(), visibility);
    close = !rooms.creating.empty();  // a refused name stays, with the reason above
  }
  if (close) {
    rooms.new_name.clear();
    rooms.new_private = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_browse_popup(client::Client& client, RoomsViewState& rooms) {
  ImGui::SetNextWindowSize(ImVec2(440, 400), ImGuiCond_Appearing);
  bool open = true;
  if (!ImGui::BeginPopupModal(kBrowsePopup, &open, ImGuiWindowFlags_NoSavedSettings)) return;
  const auto& state = client.state();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##room-filter", "Filter by name...", rooms.browse_filter.data.data(),
                           rooms.browse_filter.data.size());
  const std::string filter = lower(rooms.browse_filter.str());
  ImGui::BeginChild("##discoverable", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), true);
  int shown = 0;
  for (const auto& room : state.rooms.discoverable) {
    if (!filter.empty() && lower(room.name).find(filter) == std::string::npos) continue;
    ++shown;
    ImGui::PushID(static_cast<int>(room.id));
    ImGui::Text("# %s", room.name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(colors::kMuted, "%s", member_count(room.members).c_str());
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_width("Joining..."));
    if (join_button(state, room.id)) {
      client.join_room(room.id);  // the room opens when the server says yes
      ImGui::CloseCurrentPopup();
    }
    ImGui::PopID();
  }
  if (shown == 0)
    ImGui::TextColored(colors::kMuted, "%s",
                       state.rooms.discover_loading ? "Loading..."
                       : filter.empty()             ? "No public rooms to join. Create one!"
                                                    : "No room matches.");
  ImGui::EndChild();
  if (ImGui::Button("Close") || !open || escape_pressed()) {
    rooms.browse_filter.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void draw_invitations(client::Client& client) {
  const auto& state = client.state();
  if (state.rooms.invitations.empty()) return;
  ImGui::Spacing();
  ImGui::TextColored(colors::kMuted, "Invitations");
  client::RoomId join = 0, dismiss = 0;
  for (const auto& room : state.rooms.invitations) {
    ImGui::PushID(static_cast<int>(room.id));
    ImGui::TextColored(colors::kAccent, "# %s", room.name.c_str());
    ImGui::TextColored(colors::kMuted, "  %s", member_count(room.members).c_str());
    ImGui::SameLine();
    if (join_button(state, room.id)) join = room.id;
    ImGui::SameLine();
    if (ImGui::SmallButton("Dismiss")) dismiss = room.id;
    ImGui::PopID();
  }
  // After the loop: both change the list being drawn.
  if (join != 0) client.join_room(join);
  if (dismiss != 0) client.dismiss_invitation(dismiss);
}

}  // namespace

void draw_rooms_section(client::Client& client, ViewState& view) {
  const auto& state = client.state();
  ImGui::TextColored(colors::kMuted, "Rooms");
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_width("New") - button_width("Browse") -
                  ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::SmallButton("New")) {
    client.clear_error();
    ImGui::OpenPopup(kNewRoomPopup);
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("Browse")) {
    client.fetch_rooms();
    ImGui::OpenPopup(kBrowsePopup);
  }
  draw_new_room_popup(client, view.rooms);
  draw_browse_popup(client, view.rooms);

  std::vector<const client::Conversation*> rooms;
  for (const auto& c : state.conversations)
    if (c.target.is_room()) rooms.push_back(&c);
  std::sort(rooms.begin(), rooms.end(),
            [](const auto* a, const auto* b) { return lower(a->title) < lower(b->title); });
  for (const auto* c : rooms) draw_conversation_entry(client, *c, "# " + c->title);
  for (const auto& pending : state.rooms.creating)
    ImGui::TextColored(colors::kMuted, "# %s  (creating...)", pending.name.c_str());
  if (rooms.empty() && state.rooms.creating.empty())
    ImGui::TextColored(colors::kMuted, "No rooms yet: create or browse.");
  draw_invitations(client);
}

}  // namespace herald::ui
