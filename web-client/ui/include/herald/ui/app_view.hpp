// The Dear ImGui views of the Herald client. They read client::Client's
// state and call its intents; they keep only what belongs to a view (text
// being typed, which panel is open, scroll positions).
#pragma once

#include <memory>

#include "herald/client/client.hpp"

namespace herald::ui {

struct ViewState;

class AppView {
 public:
  explicit AppView(client::Client& client);
  ~AppView();
  AppView(const AppView&) = delete;
  AppView& operator=(const AppView&) = delete;

  /// Draws the whole client into the main viewport for one frame. Call
  /// between ImGui::NewFrame() and ImGui::Render(). `now_ms`: wall-clock
  /// milliseconds since the Unix epoch (the client's time base).
  void draw(client::Timestamp now_ms);
  /// Opens or closes the notification inbox (the bell button does the same).
  void show_inbox(bool open);

 private:
  client::Client& client_;
  std::unique_ptr<ViewState> view_;
};

}  // namespace herald::ui
