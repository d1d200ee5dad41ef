// Client: what the views ask for.
#include <algorithm>

#include "herald/client/client.hpp"
#include "herald/protocol/fields.hpp"
#include "refs.hpp"

namespace herald::client {
namespace {

bool only_whitespace(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

void Client::register_account(const std::string& username, const std::string& password) {
  authenticate(protocol::Register{username, password});
}

void Client::sign_in(const std::string& username, const std::string& password) {
  authenticate(protocol::SignIn{username, password});
}

void Client::authenticate(const protocol::ClientMessage& request) {
  state_.error.reset();
  state_.token.clear();  // a new register or sign-in gives up a stored session
  if (socket_open_) {
    state_.phase = Phase::authenticating;
    send(request, std::string(refs::kAuth));
  } else {
    // Connecting or offline: the phase stays (tick() reconnects only when
    // offline); socket_opened sends the request.
    waiting_auth_ = request;
  }
  changed();
}

void Client::sign_out() {
  send(protocol::SignOut{}, std::string(refs::kSignOut));
  const auto limits = state_.limits;
  state_ = ClientState{};
  state_.limits = limits;
  waiting_auth_.reset();
  state_.phase = socket_open_ ? Phase::signed_out : Phase::offline;
  typing_sent_.clear();
  room_event_cursor_ = 0;
  membership_changed_ = false;
  changed();
}

std::string Client::send_message(const Target& to, const std::string& text, Timestamp now) {
  if (text.empty() || only_whitespace(text)) return "";
  if (remaining_chars(text) < 0) {
    state_.error =
        ErrorNotice{"text_too_long", "the message is longer than " +
                                         std::to_string(state_.limits.max_text_chars) + " characters"};
    changed();
    return "";
  }
  Conversation& c = conversation(to);
  TimelineEntry entry;
  entry.client_id = new_client_id();
  entry.record.sender = state_.me ? state_.me->id : 0;
  entry.record.to = to;
  entry.record.text = text;
  entry.record.ts = now;
  entry.record.client_id = entry.client_id;
  entry.delivery = Delivery::pending;
  c.timeline.push_back(entry);
  c.last_activity = std::max(c.last_activity, now);
  sort_conversations();
  set_typing(to, false, now);
  flush_outbox();
  changed();
  return entry.client_id;
}

void Client::retry_message(const Target& to, const std::string& client_id) {
  Conversation* c = find(to);
  if (c == nullptr) return;
  for (auto& e : c->timeline)
    if (e.client_id == client_id && e.delivery == Delivery::failed) {
      e.delivery = Delivery::pending;
      e.attempts = 0;
      e.failure.clear();
    }
  flush_outbox();
  changed();
}

void Client::open_conversation(const Target& target, const std::string& title) {
  state_.open_conversation = target;
  Conversation& c = conversation(target, title);
  if (!c.history_loaded && state_.phase == Phase::ready) {
    protocol::FetchHistory m;
    m.with = target;
    m.limit = options_.page_size;
    send(m, std::string(refs::kNewest));
  }
  // A room's member list names the senders of its messages.
  if (target.is_room() && state_.rooms.members.count(target.id) == 0) fetch_room_members(target.id);
  mark_read(target);
  changed();
}

void Client::close_conversation() {
  state_.open_conversation.reset();
  changed();
}

void Client::load_older(const Target& target) {
  Conversation* c = find(target);
  if (c == nullptr || c->loading_older || !c->has_older || !c->history_loaded || state_.phase != Phase::ready)
    return;
  auto oldest = std::find_if(c->timeline.begin(), c->timeline.end(),
                             [](const TimelineEntry& e) { return e.record.id > 0; });
  if (oldest == c->timeline.end()) return;
  protocol::FetchHistory m;
  m.with = target;
  m.before = oldest->record.id;
  m.limit = options_.page_size;
  send(m, std::string(refs::kOlder));
  c->loading_older = true;
  changed();
}

void Client::mark_read(const Target& target) {
  Conversation* c = find(target);
  if (c == nullptr || state_.phase != Phase::ready) return;
  MessageId newest = 0;
  for (const auto& e : c->timeline)
    if (!(state_.me && e.record.sender == state_.me->id)) newest = std::max(newest, e.record.id);
  if (newest == 0 || newest <= c->last_read.value_or(0)) {
    if (c->unread != 0) {
      c->unread = 0;
      changed();
    }
    return;
  }
  protocol::MarkRead m;
  m.with = target;
  m.message_id = newest;
  send(m);
  c->last_read = newest;
  c->unread = 0;
  changed();
}

void Client::set_typing(const Target& target, bool active, Timestamp now) {
  auto it = std::find_if(typing_sent_.begin(), typing_sent_.end(),
                         [&](const TypingSent& t) { return t.target == target; });
  if (it == typing_sent_.end()) it = typing_sent_.insert(typing_sent_.end(), TypingSent{target, false, 0});
  if (state_.phase != Phase::ready) return;
  const bool due = active ? (!it->active || now - it->at >= options_.typing_send_interval_ms) : it->active;
  if (!due) return;
  send(protocol::Typing{target, active});
  it->active = active;
  it->at = now;
}

void Client::search_users(const std::string& prefix) {
  if (protocol::check_text(prefix, protocol::Text::search_prefix, protocol::Limits{}, "prefix")) {
    state_.search_results.clear();
    changed();
    return;
  }
  protocol::SearchUsers m;
  m.prefix = prefix;
  m.limit = 10;
  send(m);
}

void Client::load_older_notifications() {
  auto& inbox = state_.inbox;
  if (inbox.loading || !inbox.has_more || inbox.items.empty() || state_.phase != Phase::ready) return;
  protocol::FetchNotifications m;
  m.before = inbox.items.back().id;
  m.limit = options_.page_size;
  send(m);
  inbox.loading = true;
  changed();
}

void Client::mark_notification_read(NotificationId id) {
  for (auto& n : state_.inbox.items)
    if (n.id == id && !n.read) {
      n.read = true;
      state_.inbox.unread = std::max<std::int64_t>(0, state_.inbox.unread - 1);
      send(protocol::MarkNotificationRead{id});
      changed();
    }
}

void Client::mark_all_notifications_read() {
  for (auto& n : state_.inbox.items) n.read = true;
  state_.inbox.unread = 0;
  send(protocol::MarkAllNotificationsRead{});
  changed();
}

void Client::dismiss_toast(std::uint64_t id) {
  auto& toasts = state_.toasts;
  toasts.erase(std::remove_if(toasts.begin(), toasts.end(), [&](const Toast& t) { return t.id == id; }),
               toasts.end());
  changed();
}

void Client::clear_error() {
  state_.error.reset();
  changed();
}

}  // namespace herald::client
