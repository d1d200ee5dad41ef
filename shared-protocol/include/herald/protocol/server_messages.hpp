// Messages the server sends to clients. Conventions as in
// client_messages.hpp. Events that are part of a user's durable stream carry
// the user's event "cursor"; a client stores the highest cursor it has seen
// and sends it in "hello" to receive what it missed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::protocol {

/// First frame on every connection.
struct Welcome {
  static constexpr std::string_view kType = "welcome";
  std::string server;  // product and version, e.g. "herald/0.1.0"
  LimitsInfo limits;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("server", m.server, Text::server_text);
    v.field("limits", m.limits);
  }
};

/// Reply to register and sign_in: a new session token (shown once).
struct Session {
  static constexpr std::string_view kType = "session";
  std::string token;
  UserInfo user;
  Timestamp expires_at = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("token", m.token, Text::token);
    v.field("user", m.user);
    v.field("expires_at", m.expires_at, Int::count);
  }
};

/// Reply to hello, after any missed events were replayed: who the user is,
/// the newest cursor, the first page of notifications and the conversations.
struct Ready {
  static constexpr std::string_view kType = "ready";
  UserInfo user;
  Cursor cursor = 0;
  std::vector<NotificationRecord> notifications;  // newest first
  std::int64_t unread_notifications = 0;
  bool more_notifications = false;
  std::vector<ConversationSummary> conversations;  // most recent first
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("user", m.user);
    v.field("cursor", m.cursor, Int::count);
    v.list("notifications", m.notifications);
    v.field("unread_notifications", m.unread_notifications, Int::count);
    v.field("more_notifications", m.more_notifications);
    v.list("conversations", m.conversations);
  }
};

/// Sent once a request that changes state is durably committed.
struct Ack {
  static constexpr std::string_view kType = "ack";
  std::optional<std::string> client_id;
  std::optional<std::int64_t> id;  // the id of what was created (message, notification, room)
  std::optional<Cursor> cursor;
  Timestamp ts = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("client_id", m.client_id, Text::client_id);
    v.field("id", m.id, Int::id);
    v.field("cursor", m.cursor, Int::count);
    v.field("ts", m.ts, Int::count);
  }
};

/// A request failed, or the connection is about to be closed. `code` is one
/// of the names in error.hpp.
struct ErrorReply {
  static constexpr std::string_view kType = "error";
  Errc code = Errc::internal_error;
  std::string message;
  std::optional<std::string> field;
  bool retryable = false;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("code", m.code);
    v.field("message", m.message, Text::server_text);
    v.field("field", m.field, Text::server_text);
    v.field("retryable", m.retryable);
  }
};

/// A new chat message, to the receiver's and the sender's connections.
struct MessageEvent {
  static constexpr std::string_view kType = "message";
  Cursor cursor = 0;
  MessageRecord message;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("cursor", m.cursor, Int::count);
    v.field("message", m.message);
  }
};

struct History {
  static constexpr std::string_view kType = "history";
  Target with;
  std::vector<MessageRecord> messages;  // newest first
  bool more = false;                    // older messages exist
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.with, "peer", "room");
    v.list("messages", m.messages);
    v.field("more", m.more);
  }
};

struct Conversations {
  static constexpr std::string_view kType = "conversations";
  std::vector<ConversationSummary> items;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.list("items", m.items);
  }
};

/// A new notification. The same bytes go to every recipient, so it carries
/// no per-user unread count: clients add one for each unread notification.
struct NotificationEvent {
  static constexpr std::string_view kType = "notification";
  Cursor cursor = 0;
  NotificationRecord notification;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("cursor", m.cursor, Int::count);
    v.field("notification", m.notification);
  }
};

struct Notifications {
  static constexpr std::string_view kType = "notifications";
  std::vector<NotificationRecord> items;  // newest first
  std::int64_t unread = 0;
  bool more = false;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.list("items", m.items);
    v.field("unread", m.unread, Int::count);
    v.field("more", m.more);
  }
};

/// Read state changed on one of the user's connections; sent to all of them.
/// `ids` lists what became read, or `all` is true.
struct NotificationsRead {
  static constexpr std::string_view kType = "notifications.read";
  Cursor cursor = 0;
  std::vector<NotificationId> ids;
  bool all = false;
  std::int64_t unread = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("cursor", m.cursor, Int::count);
    v.optional_list("ids", m.ids, Int::id);
    v.optional_flag("all", m.all);
    v.field("unread", m.unread, Int::count);
  }
};

/// `reader` has read `with` up to `message_id`. For a direct conversation,
/// `peer` is the other user from the recipient's point of view.
struct Receipt {
  static constexpr std::string_view kType = "receipt";
  Cursor cursor = 0;
  Target with;
  UserId reader = 0;
  MessageId message_id = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("cursor", m.cursor, Int::count);
    v.target(m.with, "peer", "room");
    v.field("reader", m.reader, Int::id);
    v.field("message_id", m.message_id, Int::id);
  }
};

struct Presence {
  static constexpr std::string_view kType = "presence";
  UserId user = 0;
  PresenceStatus status = PresenceStatus::offline;
  std::optional<Timestamp> last_seen;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("user", m.user, Int::id);
    v.field("status", m.status);
    v.field("last_seen", m.last_seen, Int::count);
  }
};

struct TypingEvent {
  static constexpr std::string_view kType = "typing";
  Target in;  // from the recipient's point of view
  UserId user = 0;
  bool active = false;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.in, "peer", "room");
    v.field("user", m.user, Int::id);
    v.field("active", m.active);
  }
};

/// Membership changed: `user` joined (or left) `room`.
struct RoomMemberEvent {
  static constexpr std::string_view kType = "room.member";
  Cursor cursor = 0;
  RoomInfo room;
  UserId user = 0;
  bool joined = true;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("cursor", m.cursor, Int::count);
    v.field("room", m.room);
    v.field("user", m.user, Int::id);
    v.field("joined", m.joined);
  }
};

struct Rooms {
  static constexpr std::string_view kType = "rooms";
  std::vector<RoomInfo> items;
  /// Rooms the user was invited to and has not joined (absent when none).
  std::vector<RoomInfo> invitations;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.list("items", m.items);
    v.optional_list("invitations", m.invitations);
  }
};

struct RoomMembers {
  static constexpr std::string_view kType = "room.members";
  RoomId room = 0;
  std::vector<UserInfo> members;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("room", m.room, Int::id);
    v.list("members", m.members);
  }
};

struct Users {
  static constexpr std::string_view kType = "users";
  std::vector<UserInfo> items;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.list("items", m.items);
  }
};

struct Pong {
  static constexpr std::string_view kType = "pong";
  template <class V, class Self>
  static void describe(V&, Self&) {}
};

using ServerMessage =
    std::variant<Welcome, Session, Ready, Ack, ErrorReply, MessageEvent, History, Conversations,
                 NotificationEvent, Notifications, NotificationsRead, Receipt, Presence, TypingEvent,
                 RoomMemberEvent, Rooms, RoomMembers, Users, Pong>;

std::optional<Error> check(const NotificationsRead& m, const Limits& limits);

}  // namespace herald::protocol
