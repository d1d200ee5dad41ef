// Internal: what the views remember between frames, and the views
// themselves as free functions (one file each).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "herald/client/client.hpp"

namespace herald::ui {

/// A fixed-size UTF-8 text buffer for ImGui::InputText.
template <std::size_t N>
struct TextBuffer {
  std::array<char, N> data{};
  std::string str() const { return std::string(data.data()); }
  void clear() { data[0] = '\0'; }
};

struct ComposerState {
  TextBuffer<4 * 4000 + 1> text;  // max_text_chars of 4-byte UTF-8, and a NUL
  bool send_requested = false;
  std::string to_send;
};

struct TimelineScroll {
  std::size_t entries = 0;         // timeline size last frame
  client::MessageId first_id = 0;  // oldest message last frame
  float max_y = 0;                 // scroll range last frame
  bool stick_to_bottom = true;     // the user is at the newest message
};

struct RoomsViewState {
  TextBuffer<4 * 64 + 1> new_name;  // max_room_name_chars of 4-byte UTF-8, and a NUL
  bool new_private = false;
  std::string creating;  // client id of the room the "New room" popup asked for
  TextBuffer<65> browse_filter;
  TextBuffer<33> invite_search;
  std::string last_invite_search;
};

struct ViewState {
  TextBuffer<64> username;
  TextBuffer<257> password;
  TextBuffer<33> search;
  std::string last_search;
  bool inbox_open = false;
  RoomsViewState rooms;
  std::map<std::pair<int, client::UserId>, ComposerState> composers;
  std::map<std::pair<int, client::UserId>, TimelineScroll> scrolls;
};

inline std::pair<int, client::UserId> key_of(const client::Target& t) {
  return {static_cast<int>(t.kind), t.id};
}

/// The width ImGui::Button(label) takes.
inline float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

/// Escape closes the popup it is pressed in.
inline bool escape_pressed() {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
}

/// "1 member", "12 members".
inline std::string member_count(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " member" : " members");
}

/// "14:05" in local time.
std::string clock_time(client::Timestamp ms);

void draw_sign_in(client::Client& client, ViewState& view);
void draw_top_bar(client::Client& client, ViewState& view, client::Timestamp now);
void draw_sidebar(client::Client& client, ViewState& view);
/// One conversation in the sidebar: its label, unread count, and a click opens it.
void draw_conversation_entry(client::Client& client, const client::Conversation& c, const std::string& label);
/// The sidebar's rooms: the user's rooms, invitations, "New room" and "Browse rooms".
void draw_rooms_section(client::Client& client, ViewState& view);
/// A room conversation's header: name, member count, Members, Invite, Leave.
void draw_room_header(client::Client& client, ViewState& view, const client::Conversation& c);
/// A people search: an input whose text is sent to the server as it
/// changes, then the matches as rows labelled by `row_label` ("" leaves a
/// user out; the signed-in user is always left out). Returns the user picked
/// this frame.
std::optional<protocol::UserInfo> draw_people_search(
    client::Client& client, const char* id, const char* hint, char* text, std::size_t size,
    std::string& last_search, const std::function<std::string(const protocol::UserInfo&)>& row_label);
void draw_conversation(client::Client& client, ViewState& view, client::Timestamp now);
void draw_inbox(client::Client& client, ViewState& view);
void draw_toasts(client::Client& client);

namespace colors {
inline const ImVec4 kMuted{0.60f, 0.62f, 0.68f, 1.0f};
inline const ImVec4 kAccent{0.48f, 0.64f, 0.97f, 1.0f};
inline const ImVec4 kError{0.95f, 0.45f, 0.45f, 1.0f};
inline const ImVec4 kWarning{0.95f, 0.75f, 0.35f, 1.0f};
inline const ImVec4 kOnline{0.40f, 0.85f, 0.45f, 1.0f};
}  // namespace colors

}  // namespace herald::ui
