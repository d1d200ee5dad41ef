// Client: connection lifecycle and the events the server sends.
#include "herald/client/client.hpp"

#include <algorithm>
#include <cstdio>

#include "herald/protocol/utf8.hpp"
#include "refs.hpp"

namespace herald::client {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

/// Inserts `entry` keeping the timeline ordered by message id (pending
/// entries, id 0, stay at the end in the order they were written).
void insert_sorted(std::vector<TimelineEntry>& timeline, TimelineEntry entry) {
  auto at = std::find_if(timeline.begin(), timeline.end(), [&](const TimelineEntry& e) {
    return e.record.id == 0 || e.record.id > entry.record.id;
  });
  timeline.insert(at, std::move(entry));
}

}  // namespace

Timestamp reconnect_delay(int attempt, Timestamp min_ms, Timestamp max_ms, std::mt19937_64& random) {
  Timestamp cap = min_ms;
  for (int i = 0; i < attempt && cap < max_ms; ++i) cap *= 2;
  cap = std::min(cap, max_ms);
  std::uniform_int_distribution<Timestamp> jitter(0, cap / 2);
  return cap - cap / 2 + jitter(random);
}

Client::Client(ClientOptions options, std::uint64_t seed) : options_(options), random_(seed) {
  state_.limits = {64 * 1024, 4000, 200};
}

void Client::start(Timestamp, const std::string& stored_token) {
  state_.token = stored_token;
  state_.phase = Phase::connecting;
  command_ = SocketCommand::connect;
  changed();
}

void Client::socket_opened(Timestamp) {
  socket_open_ = true;
  if (waiting_auth_) {
    send(*waiting_auth_, std::string(refs::kAuth));
    waiting_auth_.reset();
    state_.phase = Phase::authenticating;
  } else if (!state_.token.empty()) {
    protocol::Hello hello;
    hello.token = state_.token;
    if (state_.cursor > 0) hello.cursor = state_.cursor;
    send(hello, std::string(refs::kHello));
    state_.phase = Phase::authenticating;
  } else {
    state_.phase = Phase::signed_out;
  }
  changed();
}

void Client::socket_closed(Timestamp now, std::uint16_t, const std::string&) {
  socket_open_ = false;
  outgoing_.clear();
  // A register or sign-in was sent and never answered. It is not sent again:
  // the server may already have created the account.
  if (state_.phase == Phase::authenticating && state_.token.empty())
    state_.error = ErrorNotice{"connection_lost",
                               "the connection closed before the server answered; please try again"};
  for (auto& c : state_.conversations) {
    c.loading_older = false;
    for (auto& e : c.timeline) e.in_flight = false;
  }
  state_.inbox.loading = false;
  auto& rooms = state_.rooms;
  for (auto& pending : rooms.creating) pending.in_flight = false;
  rooms.joining.clear();
  rooms.discover_loading = false;
  for (auto& [room, list] : rooms.members) list.loading = false;
  state_.phase = Phase::offline;
  schedule_reconnect(now);
  changed();
}

void Client::schedule_reconnect(Timestamp now) {
  state_.reconnect_at = now + reconnect_delay(state_.reconnect_attempt++, options_.reconnect_min_ms,
                                              options_.reconnect_max_ms, random_);
}

void Client::tick(Timestamp now) {
  if (state_.phase == Phase::offline && now >= state_.reconnect_at) {
    state_.phase = Phase::connecting;
    command_ = SocketCommand::connect;
    changed();
  }
  for (auto& c : state_.conversations)
    if (c.peer_typing_until != 0 && now >= c.peer_typing_until) {
      c.peer_typing_until = 0;
      changed();
    }
  while (!state_.toasts.empty() && now >= state_.toasts.front().until) {
    state_.toasts.pop_front();
    changed();
  }
  if (retry_at_ != 0 && now >= retry_at_ && state_.phase == Phase::ready) {
    retry_at_ = 0;
    flush_outbox();
  }
}

std::vector<std::string> Client::take_outgoing() {
  if (!socket_open_) return {};
  std::vector<std::string> out;
  out.swap(outgoing_);
  return out;
}

SocketCommand Client::take_socket_command() {
  const auto c = command_;
  command_ = SocketCommand::none;
  return c;
}

void Client::send(const protocol::ClientMessage& message, std::optional<std::string> ref) {
  if (socket_open_) outgoing_.push_back(protocol::encode(message, ref));
}

void Client::see_cursor(Cursor cursor) {
  state_.cursor = std::max(state_.cursor, cursor);
}

void Client::remember(const protocol::UserInfo& user) {
  state_.usernames[user.id] = user.username;
}

void Client::frame_received(Timestamp now, std::string_view frame) {
  auto decoded = protocol::decode_server(frame);
  if (!decoded.ok()) {
    state_.error = ErrorNotice{std::string(protocol::to_string(decoded.error().code)),
                               "the server sent a frame this client does not understand"};
    changed();
    return;
  }
  apply(now, decoded.value());
  changed();
}

void Client::apply(Timestamp now, const protocol::ServerEnvelope& envelope) {
  const auto& ref = envelope.ref;
  std::visit(Overloaded{
                 [&](const protocol::Welcome& m) { state_.limits = m.limits; },
                 [&](const protocol::Session& m) {
                   state_.token = m.token;
                   state_.me = m.user;
                   remember(m.user);
                   state_.error.reset();
                   protocol::Hello hello;
                   hello.token = m.token;
                   if (state_.cursor > 0) hello.cursor = state_.cursor;
                   send(hello, std::string(refs::kHello));
                   state_.phase = Phase::authenticating;
                 },
                 [&](const protocol::Ready& m) { on_ready(now, m); },
                 [&](const protocol::Ack& m) {
                   if (m.cursor) see_cursor(*m.cursor);
                   if (apply_room_ack(m, ref)) return;
                   if (!m.client_id || !m.id) return;
                   for (auto& c : state_.conversations) {
                     auto it =
                         std::find_if(c.timeline.begin(), c.timeline.end(), [&](const TimelineEntry& e) {
                           return e.client_id == *m.client_id && e.delivery != Delivery::sent;
                         });
                     if (it == c.timeline.end()) continue;
                     TimelineEntry entry = std::move(*it);
                     c.timeline.erase(it);
                     entry.record.id = *m.id;
                     entry.record.ts = m.ts;
                     entry.delivery = Delivery::sent;
                     entry.in_flight = false;
                     // Re-inserted by id: the acknowledged entry moves among the sent ones.
                     insert_sorted(c.timeline, std::move(entry));
                     c.last_activity = std::max(c.last_activity, m.ts);
                     sort_conversations();
                     return;
                   }
                 },
                 [&](const protocol::ErrorReply& m) { apply_error(now, m, ref); },
                 [&](const protocol::MessageEvent& m) {
                   see_cursor(m.cursor);
                   apply_message(now, m.message);
                 },
                 [&](const protocol::History& m) {
                   Conversation& c = conversation(m.with);
                   for (const auto& record : m.messages) {
                     const bool known =
                         std::any_of(c.timeline.begin(), c.timeline.end(),
                                     [&](const TimelineEntry& e) { return e.record.id == record.id; });
                     if (known) continue;
                     TimelineEntry entry;
                     entry.record = record;
                     if (record.client_id && state_.me && record.sender == state_.me->id)
                       entry.client_id = *record.client_id;
                     insert_sorted(c.timeline, std::move(entry));
                     c.last_activity = std::max(c.last_activity, record.ts);
                   }
                   if (ref && *ref == refs::kOlder) {
                     c.loading_older = false;
                     c.has_older = m.more;
                   } else {
                     if (!c.history_loaded) c.has_older = m.more;
                     c.history_loaded = true;
                   }
                   sort_conversations();
                 },
                 [&](const protocol::Conversations& m) { apply_summaries(now, m.items); },
                 [&](const protocol::NotificationEvent& m) {
                   see_cursor(m.cursor);
                   apply_notification(now, m.notification);
                 },
                 [&](const protocol::Notifications& m) {
                   auto& inbox = state_.inbox;
                   for (const auto& n : m.items)
                     if (std::none_of(inbox.items.begin(), inbox.items.end(),
                                      [&](const auto& x) { return x.id == n.id; }))
                       inbox.items.push_back(n);
                   std::sort(inbox.items.begin(), inbox.items.end(),
                             [](const auto& a, const auto& b) { return a.id > b.id; });
                   inbox.has_more = m.more;
                   inbox.unread = m.unread;
                   inbox.loading = false;
                 },
                 [&](const protocol::NotificationsRead& m) {
                   see_cursor(m.cursor);
                   for (auto& n : state_.inbox.items)
                     if (m.all || std::find(m.ids.begin(), m.ids.end(), n.id) != m.ids.end()) n.read = true;
                   state_.inbox.unread = m.unread;
                 },
                 [&](const protocol::Receipt& m) {
                   see_cursor(m.cursor);
                   Conversation& c = conversation(m.with);
                   if (state_.me && m.reader == state_.me->id) {
                     c.last_read = std::max(c.last_read.value_or(0), m.message_id);
                     std::int64_t unread = 0;
                     for (const auto& e : c.timeline)
                       if (e.record.sender != m.reader && e.record.id > *c.last_read) ++unread;
                     c.unread = std::min(c.unread, unread);
                   } else {
                     c.peer_last_read = std::max(c.peer_last_read.value_or(0), m.message_id);
                   }
                 },
                 [&](const protocol::TypingEvent& m) {
                   if (state_.me && m.user == state_.me->id) return;
                   Conversation& c = conversation(m.in);
                   c.peer_typing_until = m.active ? now + options_.typing_expiry_ms : 0;
                   c.typing_user = m.user;
                 },
                 [&](const protocol::Users& m) {
                   state_.search_results = m.items;
                   for (const auto& user : m.items) remember(user);
                 },
                 [&](const protocol::Presence& m) {
                   if (state_.me && m.user == state_.me->id) return;
                   Conversation& c = conversation(Target::user(m.user));
                   c.peer_presence = m.status;
                   if (m.last_seen) c.peer_last_seen = *m.last_seen;
                 },
                 [&](const protocol::RoomMemberEvent& m) { apply_room_member(m); },
                 [&](const protocol::Rooms& m) { apply_rooms(m, ref); },
                 [&](const protocol::RoomMembers& m) { apply_room_members(m); },
                 [&](const protocol::Pong&) {},
             },
             envelope.message);
}

void Client::on_ready(Timestamp now, const protocol::Ready& ready) {
  state_.me = ready.user;
  remember(ready.user);
  see_cursor(ready.cursor);
  state_.phase = Phase::ready;
  state_.reconnect_attempt = 0;
  auto& inbox = state_.inbox;
  const bool first = inbox.items.empty();
  for (const auto& n : ready.notifications)
    if (std::none_of(inbox.items.begin(), inbox.items.end(), [&](const auto& x) { return x.id == n.id; }))
      inbox.items.push_back(n);
  std::sort(inbox.items.begin(), inbox.items.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  if (first) inbox.has_more = ready.more_notifications;
  inbox.unread = ready.unread_notifications;
  apply_summaries(now, ready.conversations);
  if (state_.open_conversation) {
    Conversation* open = find(*state_.open_conversation);
    if (open != nullptr && !open->history_loaded) open_conversation(*state_.open_conversation);
  }
  flush_outbox();
  // After the messages: titles of room conversations, and membership changes
  // a replay could not show (a fresh page sends no cursor).
  fetch_rooms();
}

void Client::apply_summaries(Timestamp now, const std::vector<protocol::ConversationSummary>& items) {
  for (const auto& s : items) {
    // The read mark first, so that apply_message counts nothing already read.
    conversation(s.target, s.title).last_read = s.last_read;
    if (s.last_message) apply_message(now, *s.last_message);
    // apply_message re-sorts the list: look the conversation up again rather
    // than keep a reference into it.
    Conversation& c = conversation(s.target);
    c.unread = s.unread;  // the server's count wins over what apply_message added
    c.last_read = s.last_read;
    c.peer_last_read = s.peer_last_read;
    if (!s.target.is_room()) state_.usernames[s.target.id] = s.title;
  }
  sort_conversations();
}

void Client::flush_outbox() {
  if (state_.phase != Phase::ready) return;
  for (auto& c : state_.conversations)
    for (auto& e : c.timeline) {
      if (e.delivery != Delivery::pending || e.in_flight) continue;
      if (e.attempts >= options_.max_send_attempts) {
        e.delivery = Delivery::failed;
        if (e.failure.empty()) e.failure = "could not be sent";
        continue;
      }
      protocol::SendMessage m;
      m.client_id = e.client_id;
      m.to = c.target;
      m.text = e.record.text;
      send(m, std::string(refs::kMessage) + e.client_id);
      e.in_flight = true;
      ++e.attempts;
    }
  flush_room_creations();
  changed();
}

void Client::apply_message(Timestamp, const protocol::MessageRecord& record) {
  const Target target = conversation_of(record);
  Conversation& c = conversation(target);
  const bool known = std::any_of(c.timeline.begin(), c.timeline.end(),
                                 [&](const TimelineEntry& e) { return e.record.id == record.id; });
  if (known) return;
  const bool mine = state_.me && record.sender == state_.me->id;
  if (mine && record.client_id) {
    auto pending = std::find_if(c.timeline.begin(), c.timeline.end(),
                                [&](const TimelineEntry& e) { return e.client_id == *record.client_id; });
    if (pending != c.timeline.end()) c.timeline.erase(pending);
  }
  TimelineEntry entry;
  entry.record = record;
  if (mine && record.client_id) entry.client_id = *record.client_id;
  insert_sorted(c.timeline, std::move(entry));
  c.last_activity = std::max(c.last_activity, record.ts);
  if (!mine) {
    c.peer_typing_until = 0;
    if (state_.open_conversation && *state_.open_conversation == target && state_.phase == Phase::ready)
      mark_read(target);
    else if (record.id > c.last_read.value_or(0))
      ++c.unread;
  }
  sort_conversations();
}

void Client::apply_notification(Timestamp now, const protocol::NotificationRecord& n) {
  auto& inbox = state_.inbox;
  if (std::any_of(inbox.items.begin(), inbox.items.end(), [&](const auto& x) { return x.id == n.id; }))
    return;
  inbox.items.insert(inbox.items.begin(), n);
  std::sort(inbox.items.begin(), inbox.items.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  if (!n.read) ++inbox.unread;
  state_.toasts.push_back(Toast{++last_toast_id_, n.title, n.body, now + options_.toast_ms});
  while (state_.toasts.size() > 3) state_.toasts.pop_front();
}

void Client::apply_error(Timestamp now, const protocol::ErrorReply& error,
                         const std::optional<std::string>& ref) {
  const std::string code(protocol::to_string(error.code));
  if (apply_room_error(now, error, ref)) return;
  if (refs::starts_with(ref, refs::kMessage)) {
    const std::string client_id = ref->substr(refs::kMessage.size());
    for (auto& c : state_.conversations)
      for (auto& e : c.timeline)
        if (e.client_id == client_id && e.delivery == Delivery::pending) {
          e.in_flight = false;
          if (error.retryable && e.attempts < options_.max_send_attempts) {
            retry_at_ = now + options_.retry_delay_ms;
          } else {
            e.delivery = Delivery::failed;
            e.failure = error.message;
          }
          return;
        }
    return;
  }
  if (ref && *ref == refs::kAuth) state_.phase = Phase::signed_out;  // a refused register or sign-in
  if (ref && *ref == refs::kHello) {
    if (error.code == protocol::Errc::invalid_token) state_.token.clear();
    state_.phase = state_.token.empty() ? Phase::signed_out : state_.phase;
  }
  if (ref && *ref == refs::kOlder)
    for (auto& c : state_.conversations) c.loading_older = false;
  if (error.code == protocol::Errc::invalid_token && !ref) {
    // This session was signed out from another connection.
    state_.token.clear();
    state_.me.reset();
    state_.phase = Phase::signed_out;
  }
  state_.error = ErrorNotice{code, error.message};
}

Conversation& Client::conversation(const Target& target, const std::string& title) {
  if (Conversation* c = find(target)) {
    if (!title.empty()) c->title = title;
    return *c;
  }
  Conversation c;
  c.target = target;
  c.title = title;
  if (c.title.empty() && target.is_room() && my_room(target.id) != nullptr)
    c.title = my_room(target.id)->name;
  if (c.title.empty()) c.title = (target.is_room() ? "room " : "user ") + std::to_string(target.id);
  state_.conversations.push_back(std::move(c));
  return state_.conversations.back();
}

Conversation* Client::find(const Target& target) {
  for (auto& c : state_.conversations)
    if (c.target == target) return &c;
  return nullptr;
}
const Conversation* Client::find(const Target& target) const {
  return const_cast<Client*>(this)->find(target);
}

void Client::sort_conversations() {
  std::stable_sort(
      state_.conversations.begin(), state_.conversations.end(),
      [](const Conversation& a, const Conversation& b) { return a.last_activity > b.last_activity; });
}

Target Client::conversation_of(const protocol::MessageRecord& record) const {
  if (record.to.is_room()) return record.to;
  const bool mine = state_.me && record.sender == state_.me->id;
  return Target::user(mine ? record.to.id : record.sender);
}

std::string Client::new_client_id() {
  char id[24];
  std::snprintf(id, sizeof id, "c-%016llx", static_cast<unsigned long long>(random_()));
  return id;
}

std::int64_t Client::remaining_chars(const std::string& text) const {
  const auto length = protocol::utf8_length(text).value_or(text.size());
  return state_.limits.max_text_chars - static_cast<std::int64_t>(length);
}

}  // namespace herald::client
