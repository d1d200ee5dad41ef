// Internal: one handler per client message type. Each is a plain function
// of the context, the connection and the decoded message; replies and
// effects go through the context. Service::on_text dispatches to them.
#pragma once

#include <functional>

#include "context.hpp"

namespace herald::core {

// accounts.cpp
/// `user` with the admin role when the configuration names them an admin.
protocol::UserInfo effective(const ServiceConfig& config, protocol::UserInfo user);
void handle(Context& ctx, ConnectionId id, const protocol::Register& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SignIn& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SignOut& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::Hello& m, const Ref& ref);

// messages.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SendMessage& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchHistory& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchConversations& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkRead& m, const Ref& ref);

// presence.cpp
void handle(Context& ctx, ConnectionId id, const protocol::Typing& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SetPresence& m, const Ref& ref);
/// The user's connection `id` sent "ready"; `contacts` from storage.
void presence_on_ready(Context& ctx, ConnectionId id, UserId user, const std::vector<UserId>& contacts);
/// One of the user's connections closed or signed out.
void presence_on_leave(Context& ctx, UserId user);
/// A direct message between `a` and `b` was stored (they may be new contacts).
void presence_on_new_conversation(Context& ctx, UserId a, UserId b);
/// `user` joined or left a room whose members (after the change, `user`
/// included or not) are `room_members`; `contacts_now` is the user's
/// presence_contacts after the change. Members who became contacts exchange
/// presence at once (when both are online); members who no longer share any
/// conversation with `user` stop hearing of each other at once.
void presence_on_membership_change(Context& ctx, UserId user, const std::vector<UserId>& room_members,
                                   const std::vector<UserId>& contacts_now);
/// Who may see this user's presence (storage side, in a storage job): direct
/// peers, then fellow members of rooms of at most `max_room_members`.
std::vector<UserId> presence_contacts(Storage& s, UserId user, std::size_t max_room_members);

// notifications.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SendNotification& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchNotifications& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkNotificationRead& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkAllNotificationsRead& m, const Ref& ref);

// misc.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SearchUsers& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::Ping& m, const Ref& ref);

// rooms.cpp
void handle(Context& ctx, ConnectionId id, const protocol::CreateRoom& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::JoinRoom& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::LeaveRoom& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::InviteToRoom& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchRoomMembers& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchRooms& m, const Ref& ref);

/// The outcome of storing a notification (notifications.cpp), shared by the
/// WebSocket request, the HTTP API and the server's own notifications.
struct NotificationOutcome {
  std::optional<protocol::Error> error;  // e.g. unknown_recipient
  protocol::NotificationRecord record;
  protocol::Cursor cursor = 0;  // 0 for a duplicate
  std::int64_t recipients = 0;
  bool duplicate = false;
};

/// Stores `n` (unless (scope, client_id) exists), then pushes it to every
/// connected recipient, then calls `finish`; or `failed` on a storage failure.
void store_and_push_notification(Context& ctx, NewNotification n,
                                 std::function<void(const NotificationOutcome&)> finish,
                                 std::function<void(const StorageFailure&)> failed);

/// Inside a storage job: appends `event` (which must have a `cursor` member)
/// to the event log for `recipients`, sets its cursor and returns the frame.
/// (append_room_event below: the same for everyone in a room.)
template <class Event>
Frame append_event(Storage& s, Event& event, const std::vector<protocol::UserId>& recipients,
                   protocol::Timestamp now) {
  event.cursor = 0;
  event.cursor = s.append_event(protocol::encode(protocol::ServerMessage{event}), recipients, now);
  return make_frame(protocol::encode(protocol::ServerMessage{event}));
}
template <class Event>
Frame append_room_event(Storage& s, Event& event, protocol::RoomId room, protocol::Timestamp now) {
  event.cursor = 0;
  event.cursor = s.append_room_event(protocol::encode(protocol::ServerMessage{event}), room, now);
  return make_frame(protocol::encode(protocol::ServerMessage{event}));
}

// room_messages.cpp: the room branches of message.send, history.fetch and
// read.mark (messages.cpp dispatches to them).
void send_room_message(Context& ctx, ConnectionId id, const protocol::SendMessage& m, const Ref& ref);
void fetch_room_history(Context& ctx, ConnectionId id, const protocol::FetchHistory& m, const Ref& ref);
void mark_room_read(Context& ctx, ConnectionId id, const protocol::MarkRead& m, const Ref& ref);

/// Inside a storage job: the user's conversation list for "ready" and
/// "conversations": direct conversations and rooms together, the most
/// recent first (by last message time; a room without messages by when the
/// user joined), at most `limit` (room_messages.cpp).
std::vector<protocol::ConversationSummary> conversation_list(Storage& s, protocol::UserId user,
                                                             std::size_t limit);

/// Whether a user may use a room, decided inside a storage job (rooms.cpp).
struct RoomAccess {
  std::optional<protocol::RoomInfo> room;  // set when allowed
  std::optional<protocol::Error> error;    // set when not
};
/// The room exists (else `missing`, naming the field "room") and `user` is a
/// member, or the room is public and `public_ok` (else `forbidden`).
RoomAccess room_access(Storage& s, protocol::RoomId room, protocol::UserId user, bool public_ok,
                       protocol::Errc missing = protocol::Errc::not_found);

/// The ack of a stored message; a duplicate (a retry) has no cursor
/// (messages.cpp).
protocol::Ack message_ack(const protocol::MessageRecord& record, protocol::Cursor cursor, bool duplicate);

/// Bytes `text` takes as a JSON string's content (escapes counted), for the
/// byte budget of pages (max_page_bytes).
std::size_t encoded_text_bytes(std::string_view text);
/// Drops the items of a notifications page (newest first) beyond
/// `max_bytes`, keeping at least one; true when it dropped any.
bool trim_to_page_bytes(std::vector<protocol::NotificationRecord>& items, std::size_t max_bytes);

/// A history page read with one extra row (limit + 1) as the reply: the
/// extra row only tells whether more exist in the paging direction
/// (messages.cpp). The page also ends before `max_bytes` of messages.
protocol::History history_reply(protocol::Target with, std::vector<protocol::MessageRecord> page, bool after,
                                std::size_t limit, std::size_t max_bytes);

/// Storage's conversation rows as the protocol's summaries (messages.cpp).
std::vector<protocol::ConversationSummary> conversation_summaries(std::vector<ConversationRow> rows);

/// An event from the log (stored with cursor 0) as a frame with its cursor.
Frame replay_frame(const EventRow& row);

}  // namespace herald::core
