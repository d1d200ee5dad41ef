// Internal: what the views remember between frames, and the views
// themselves as free functions (one file each).
#pragma once

#include <array>
#include <map>
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

struct ViewState {
  TextBuffer<64> username;
  TextBuffer<257> password;
  TextBuffer<33> search;
  std::string last_search;
  bool inbox_open = false;
  std::map<std::pair<int, client::UserId>, ComposerState> composers;
  std::map<std::pair<int, client::UserId>, TimelineScroll> scrolls;
};

inline std::pair<int, client::UserId> key_of(const client::Target& t) {
  return {static_cast<int>(t.kind), t.id};
}

/// "14:05" in local time.
std::string clock_time(client::Timestamp ms);

void draw_sign_in(client::Client& client, ViewState& view);
void draw_top_bar(client::Client& client, ViewState& view, client::Timestamp now);
void draw_sidebar(client::Client& client, ViewState& view);
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
