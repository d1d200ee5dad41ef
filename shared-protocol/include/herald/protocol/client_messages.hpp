// Messages a client sends to the server. Each struct names its wire type in
// kType and lists its fields once in describe(). Cross-field rules live in
// check() beside the struct. docs/protocol.md shows each with an example; a
// test decodes those examples, so the documentation cannot drift.
//
// Every request may carry a "ref" in its envelope (see codec.hpp); the server
// echoes it on the reply or error, so clients can match them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::protocol {

/// Authenticates the connection with a session token and resumes after
/// `cursor` (the last event cursor the client saw), if given.
struct Hello {
  static constexpr std::string_view kType = "hello";
  std::string token;
  std::optional<Cursor> cursor;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("token", m.token, Text::token);
    v.field("cursor", m.cursor, Int::count);
  }
};

struct Register {
  static constexpr std::string_view kType = "register";
  std::string username;
  std::string password;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("username", m.username, Text::username);
    v.field("password", m.password, Text::new_password);
  }
};

struct SignIn {
  static constexpr std::string_view kType = "sign_in";
  std::string username;
  std::string password;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("username", m.username, Text::username);
    v.field("password", m.password, Text::password);
  }
};

/// Ends this connection's session token everywhere it is used.
struct SignOut {
  static constexpr std::string_view kType = "sign_out";
  template <class V, class Self>
  static void describe(V&, Self&) {}
};

/// A direct message ("to") or a room message ("room"). Retrying with the same
/// client_id never creates a second message.
struct SendMessage {
  static constexpr std::string_view kType = "message.send";
  std::string client_id;
  Target to;
  std::string text;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("client_id", m.client_id, Text::client_id);
    v.target(m.to, "to", "room");
    v.field("text", m.text, Text::message);
  }
};

/// One page of a conversation, newest first. `before` and `after` are
/// message ids and exclusive; at most one may be given.
struct FetchHistory {
  static constexpr std::string_view kType = "history.fetch";
  Target with;
  std::optional<MessageId> before;
  std::optional<MessageId> after;
  std::optional<std::int64_t> limit;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.with, "peer", "room");
    v.field("before", m.before, Int::id);
    v.field("after", m.after, Int::id);
    v.field("limit", m.limit, Int::page_size);
  }
};

struct FetchConversations {
  static constexpr std::string_view kType = "conversations.fetch";
  std::optional<std::int64_t> limit;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("limit", m.limit, Int::page_size);
  }
};

/// Marks every message up to and including `message_id` as read; the peer
/// (or the room) receives a receipt.
struct MarkRead {
  static constexpr std::string_view kType = "read.mark";
  Target with;
  MessageId message_id = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.with, "peer", "room");
    v.field("message_id", m.message_id, Int::id);
  }
};

struct FetchNotifications {
  static constexpr std::string_view kType = "notifications.fetch";
  std::optional<NotificationId> before;
  std::optional<std::int64_t> limit;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("before", m.before, Int::id);
    v.field("limit", m.limit, Int::page_size);
  }
};

struct MarkNotificationRead {
  static constexpr std::string_view kType = "notification.mark_read";
  NotificationId id = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("id", m.id, Int::id);
  }
};

struct MarkAllNotificationsRead {
  static constexpr std::string_view kType = "notification.mark_all_read";
  template <class V, class Self>
  static void describe(V&, Self&) {}
};

/// Admins only: a notification to a list of users ("to") or to everyone
/// ("everyone": true), exactly one of the two.
struct SendNotification {
  static constexpr std::string_view kType = "notification.send";
  std::string client_id;
  std::string title;
  std::string body;
  std::optional<std::string> kind;
  std::optional<std::string> link;
  std::vector<UserId> to;
  bool everyone = false;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("client_id", m.client_id, Text::client_id);
    v.field("title", m.title, Text::title);
    v.field("body", m.body, Text::body);
    v.field("kind", m.kind, Text::kind);
    v.field("link", m.link, Text::link);
    v.optional_list("to", m.to, Int::id);
    v.optional_flag("everyone", m.everyone);
  }
};

/// Ephemeral: never stored. Clients send active=true at most every few
/// seconds while typing, and active=false when they stop.
struct Typing {
  static constexpr std::string_view kType = "typing";
  Target in;
  bool active = true;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.in, "peer", "room");
    v.field("active", m.active);
  }
};

/// online or away; offline is derived by the server from connections.
struct SetPresence {
  static constexpr std::string_view kType = "presence.set";
  PresenceStatus status = PresenceStatus::online;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("status", m.status);
  }
};

struct CreateRoom {
  static constexpr std::string_view kType = "room.create";
  std::string client_id;
  std::string name;
  Visibility visibility = Visibility::public_room;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("client_id", m.client_id, Text::client_id);
    v.field("name", m.name, Text::room_name);
    v.field("visibility", m.visibility);
  }
};

struct JoinRoom {
  static constexpr std::string_view kType = "room.join";
  RoomId room = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("room", m.room, Int::id);
  }
};

struct LeaveRoom {
  static constexpr std::string_view kType = "room.leave";
  RoomId room = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("room", m.room, Int::id);
  }
};

struct InviteToRoom {
  static constexpr std::string_view kType = "room.invite";
  RoomId room = 0;
  UserId user = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("room", m.room, Int::id);
    v.field("user", m.user, Int::id);
  }
};

struct FetchRoomMembers {
  static constexpr std::string_view kType = "room.members";
  RoomId room = 0;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("room", m.room, Int::id);
  }
};

/// The rooms this user belongs to, plus public rooms when `discover` is set.
struct FetchRooms {
  static constexpr std::string_view kType = "rooms.fetch";
  bool discover = false;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.optional_flag("discover", m.discover);
  }
};

struct SearchUsers {
  static constexpr std::string_view kType = "users.search";
  std::string prefix;
  std::optional<std::int64_t> limit;
  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("prefix", m.prefix, Text::search_prefix);
    v.field("limit", m.limit, Int::page_size);
  }
};

struct Ping {
  static constexpr std::string_view kType = "ping";
  template <class V, class Self>
  static void describe(V&, Self&) {}
};

using ClientMessage =
    std::variant<Hello, Register, SignIn, SignOut, SendMessage, FetchHistory, FetchConversations, MarkRead,
                 FetchNotifications, MarkNotificationRead, MarkAllNotificationsRead, SendNotification, Typing,
                 SetPresence, CreateRoom, JoinRoom, LeaveRoom, InviteToRoom, FetchRoomMembers, FetchRooms,
                 SearchUsers, Ping>;

/// Cross-field rules, run by the decoder after every field passed its own.
std::optional<Error> check(const FetchHistory& m, const Limits& limits);
std::optional<Error> check(const SendNotification& m, const Limits& limits);

}  // namespace herald::protocol
