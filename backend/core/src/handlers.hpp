// Internal: one handler per client message type. Each is a plain function
// of the context, the connection and the decoded message; replies and
// effects go through the context. Service::on_text dispatches to them.
#pragma once

#include <functional>

#include "context.hpp"

namespace herald::core {

// accounts.cpp
void handle(Context& ctx, ConnectionId id, const protocol::Register& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SignIn& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SignOut& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::Hello& m, const Ref& ref);

// messages.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SendMessage& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchHistory& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchConversations& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkRead& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::Typing& m, const Ref& ref);

// notifications.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SendNotification& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::FetchNotifications& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkNotificationRead& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::MarkAllNotificationsRead& m, const Ref& ref);

// misc.cpp
void handle(Context& ctx, ConnectionId id, const protocol::SearchUsers& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::Ping& m, const Ref& ref);
void handle(Context& ctx, ConnectionId id, const protocol::SetPresence& m, const Ref& ref);
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
template <class Event>
Frame append_event(Storage& s, Event& event, const std::vector<protocol::UserId>& recipients,
                   protocol::Timestamp now) {
  event.cursor = 0;
  event.cursor = s.append_event(protocol::encode(protocol::ServerMessage{event}), recipients, now);
  return make_frame(protocol::encode(protocol::ServerMessage{event}));
}

/// Storage's conversation rows as the protocol's summaries (messages.cpp).
std::vector<protocol::ConversationSummary> conversation_summaries(std::vector<ConversationRow> rows);

/// An event from the log (stored with cursor 0) as a frame with its cursor.
Frame replay_frame(const EventRow& row);

}  // namespace herald::core
