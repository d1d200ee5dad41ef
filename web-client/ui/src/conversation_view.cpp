// One conversation: messages grouped into runs by sender, older pages on
// scroll-up, auto-scroll that leaves a reader of older messages alone, read
// receipts, "... is typing", and the composer (Enter sends, Shift+Enter
// starts a new line). A room's header is room_header_view.cpp's.
#include "herald/protocol/grouping.hpp"
#include "view_state.hpp"

namespace herald::ui {
namespace {

bool enter_pressed() {
  return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
}

// Runs inside the composer's InputTextMultiline after each edit. Plain Enter
// has just inserted a newline at the cursor: take it back out and send the
// text instead. Shift+Enter keeps the newline.
int composer_callback(ImGuiInputTextCallbackData* data) {
  auto* composer = static_cast<ComposerState*>(data->UserData);
  if (!enter_pressed() || ImGui::GetIO().KeyShift || data->CursorPos == 0 ||
      data->Buf[data->CursorPos - 1] != '\n')
    return 0;
  data->DeleteChars(data->CursorPos - 1, 1);
  composer->to_send.assign(data->Buf, static_cast<std::size_t>(data->BufTextLen));
  composer->send_requested = true;
  data->DeleteChars(0, data->BufTextLen);
  return 0;
}

void draw_timeline(client::Client& client, ViewState& view, const client::Conversation& c) {
  const auto& state = client.state();
  TimelineScroll& scroll = view.scrolls[key_of(c.target)];
  const client::MessageId first_id = c.timeline.empty() ? 0 : c.timeline.front().record.id;

  // Keep the reader's place when an older page is prepended.
  if (scroll.first_id != 0 && first_id != scroll.first_id && !scroll.stick_to_bottom)
    ImGui::SetScrollY(ImGui::GetScrollY() + (ImGui::GetScrollMaxY() - scroll.max_y));

  if (c.loading_older)
    ImGui::TextColored(colors::kMuted, "Loading older messages...");
  else if (c.history_loaded && !c.has_older)
    ImGui::TextColored(colors::kMuted, "This is the beginning of the conversation.");

  std::vector<protocol::MessageRecord> records;
  records.reserve(c.timeline.size());
  for (const auto& e : c.timeline) records.push_back(e.record);
  const client::UserId me = state.me ? state.me->id : 0;
  // The last of my messages the peer has read gets a "Seen" mark.
  client::MessageId seen = 0;
  if (c.peer_last_read)
    for (const auto& e : c.timeline)
      if (e.record.sender == me && e.record.id != 0 && e.record.id <= *c.peer_last_read) seen = e.record.id;

  for (const auto& run : protocol::sender_runs(records)) {
    const auto& first = c.timeline[run.first];
    const bool mine = first.record.sender == me;
    ImGui::Spacing();
    // In a room the sender is one of many: name them; in a direct conversation, the peer.
    const std::string sender = mine                 ? state.me->username
                               : c.target.is_room() ? client.display_name(first.record.sender)
                                                    : c.title;
    ImGui::TextColored(mine ? colors::kAccent : ImVec4(0.85f, 0.85f, 0.90f, 1.0f), "%s", sender.c_str());
    ImGui::SameLine();
    ImGui::TextColored(colors::kMuted, "%s", clock_time(first.record.ts).c_str());
    for (std::size_t i = run.first; i < run.first + run.count; ++i) {
      const auto& e = c.timeline[i];
      ImGui::PushID(static_cast<int>(i));
      if (e.delivery == client::Delivery::pending) ImGui::PushStyleColor(ImGuiCol_Text, colors::kMuted);
      ImGui::TextWrapped("%s", e.record.text.c_str());
      if (e.delivery == client::Delivery::pending) {
        ImGui::PopStyleColor();
        ImGui::SameLine();
        ImGui::TextColored(colors::kMuted, "(sending)");
      }
      if (e.delivery == client::Delivery::failed) {
        ImGui::TextColored(colors::kError, "Not sent: %s", e.failure.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Retry")) client.retry_message(c.target, e.client_id);
      }
      if (seen != 0 && e.record.id == seen) ImGui::TextColored(colors::kMuted, "Seen");
      ImGui::PopID();
    }
  }

  // Auto-scroll only when the reader was already at the newest message.
  if (scroll.stick_to_bottom && c.timeline.size() != scroll.entries) ImGui::SetScrollHereY(1.0f);
  scroll.stick_to_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4.0f;
  if (ImGui::GetScrollY() <= 0.0f && ImGui::GetScrollMaxY() > 0.0f && c.has_older && !c.loading_older)
    client.load_older(c.target);
  scroll.entries = c.timeline.size();
  scroll.first_id = first_id;
  scroll.max_y = ImGui::GetScrollMaxY();
}

void draw_composer(client::Client& client, ViewState& view, const client::Conversation& c,
                   client::Timestamp now) {
  ComposerState& composer = view.composers[key_of(c.target)];
  const std::string before = composer.text.str();
  const float height = ImGui::GetTextLineHeightWithSpacing() * 3 + ImGui::GetStyle().FramePadding.y * 2;
  ImGui::InputTextMultiline("##composer", composer.text.data.data(), composer.text.data.size(),
                            ImVec2(-1, height), ImGuiInputTextFlags_CallbackAlways, composer_callback,
                            &composer);
  if (composer.send_requested) {
    composer.send_requested = false;
    if (!client.send_message(c.target, composer.to_send, now).empty()) composer.to_send.clear();
  } else if (composer.text.str() != before) {
    client.set_typing(c.target, !composer.text.str().empty(), now);
  }
  const auto remaining = client.remaining_chars(composer.text.str());
  if (remaining < 200)
    ImGui::TextColored(remaining < 0 ? colors::kError : colors::kWarning, "%lld characters left",
                       static_cast<long long>(remaining));
  else
    ImGui::TextColored(colors::kMuted, "Enter sends, Shift+Enter starts a new line");
}

}  // namespace

void draw_conversation(client::Client& client, ViewState& view, client::Timestamp now) {
  const auto& state = client.state();
  const client::Conversation* c = state.open_conversation ? client.find(*state.open_conversation) : nullptr;
  if (c == nullptr) {
    ImGui::TextColored(colors::kMuted, "Pick a conversation on the left, or find someone to write to.");
    return;
  }
  if (c->target.is_room())
    draw_room_header(client, view, *c);
  else
    ImGui::TextColored(colors::kAccent, "%s", c->title.c_str());
  const float footer = ImGui::GetTextLineHeightWithSpacing() * 5 + ImGui::GetStyle().FramePadding.y * 4;
  ImGui::BeginChild("timeline", ImVec2(0, -footer), true);
  draw_timeline(client, view, *c);
  ImGui::EndChild();
  if (c->peer_typing_until > now)
    ImGui::TextColored(colors::kMuted, "%s is typing...",
                       (c->target.is_room() ? client.display_name(c->typing_user) : c->title).c_str());
  else
    ImGui::TextUnformatted("");
  draw_composer(client, view, *c, now);
}

}  // namespace herald::ui
