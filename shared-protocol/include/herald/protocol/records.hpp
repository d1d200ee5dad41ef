// Values that appear inside messages in both directions: users, targets,
// stored chat messages, notifications, rooms, conversation summaries.
//
// Each type lists its JSON fields once in describe(); see fields.hpp.
// Timestamps are milliseconds since the Unix epoch (UTC).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "herald/protocol/fields.hpp"

namespace herald::protocol {

using UserId = std::int64_t;
using RoomId = std::int64_t;
using MessageId = std::int64_t;
using NotificationId = std::int64_t;
using Cursor = std::int64_t;     // per-user event sequence number, starts at 1
using Timestamp = std::int64_t;  // ms since the Unix epoch, UTC

/// Wire names of an enum, indexed by its underlying value.
template <class E>
struct EnumNames;

enum class TargetKind : std::uint8_t { user, room };
template <>
struct EnumNames<TargetKind> {
  static constexpr std::array<std::string_view, 2> names{"user", "room"};
};

enum class PresenceStatus : std::uint8_t { online, away, offline };
template <>
struct EnumNames<PresenceStatus> {
  static constexpr std::array<std::string_view, 3> names{"online", "away", "offline"};
};

enum class Visibility : std::uint8_t { public_room, private_room };
template <>
struct EnumNames<Visibility> {
  static constexpr std::array<std::string_view, 2> names{"public", "private"};
};

template <class E>
constexpr std::string_view enum_name(E value) {
  return EnumNames<E>::names[static_cast<std::size_t>(value)];
}
template <class E>
constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i)
    if (EnumNames<E>::names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

/// A conversation: a direct one with a user, or a room. On the wire it is
/// flattened into two mutually exclusive fields whose names depend on the
/// message (for example "peer"/"room" or "to"/"room").
struct Target {
  TargetKind kind = TargetKind::user;
  std::int64_t id = 0;

  static Target user(UserId user) { return {TargetKind::user, user}; }
  static Target room(RoomId room) { return {TargetKind::room, room}; }
  bool is_user() const { return kind == TargetKind::user; }
  bool is_room() const { return kind == TargetKind::room; }
  friend bool operator==(const Target& a, const Target& b) { return a.kind == b.kind && a.id == b.id; }
  friend bool operator!=(const Target& a, const Target& b) { return !(a == b); }
};

struct UserInfo {
  UserId id = 0;
  std::string username;
  bool admin = false;

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("id", m.id, Int::id);
    v.field("username", m.username, Text::username);
    v.field("admin", m.admin);
  }
};

/// A stored chat message: the seed's messages row (message_id, sender_id,
/// receiver_id, message_text, timestamp), or a room message.
struct MessageRecord {
  MessageId id = 0;
  UserId sender = 0;
  Target to;  // receiver user ("receiver") or room ("room")
  std::string text;
  Timestamp ts = 0;
  std::optional<std::string> client_id;  // set when the sender supplied one

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("id", m.id, Int::id);
    v.field("sender", m.sender, Int::id);
    v.target(m.to, "receiver", "room");
    v.field("text", m.text, Text::message);
    v.field("ts", m.ts, Int::count);
    v.field("client_id", m.client_id, Text::client_id);
  }
};

/// One notification as one recipient sees it.
struct NotificationRecord {
  NotificationId id = 0;
  std::optional<UserId> sender;  // absent: sent by the system or an API key
  std::string title;
  std::string body;
  std::optional<std::string> kind;
  std::optional<std::string> link;
  Timestamp ts = 0;
  bool read = false;

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("id", m.id, Int::id);
    v.field("sender", m.sender, Int::id);
    v.field("title", m.title, Text::title);
    v.field("body", m.body, Text::body);
    v.field("kind", m.kind, Text::kind);
    v.field("link", m.link, Text::link);
    v.field("ts", m.ts, Int::count);
    v.field("read", m.read);
  }
};

struct RoomInfo {
  RoomId id = 0;
  std::string name;
  Visibility visibility = Visibility::public_room;
  UserId owner = 0;
  std::int64_t members = 0;

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("id", m.id, Int::id);
    v.field("name", m.name, Text::room_name);
    v.field("visibility", m.visibility);
    v.field("owner", m.owner, Int::id);
    v.field("members", m.members, Int::count);
  }
};

/// One entry of a user's conversation list.
struct ConversationSummary {
  Target target;
  std::string title;  // the peer's username or the room's name
  std::optional<MessageRecord> last_message;
  std::int64_t unread = 0;
  std::optional<MessageId> last_read;       // the newest message this user has read
  std::optional<MessageId> peer_last_read;  // direct only: the newest the peer has read

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.target(m.target, "peer", "room");
    v.field("title", m.title, Text::server_text);
    v.field("last_message", m.last_message);
    v.field("unread", m.unread, Int::count);
    v.field("last_read", m.last_read, Int::id);
    v.field("peer_last_read", m.peer_last_read, Int::id);
  }
};

/// The limits a server enforces, announced in "welcome" so clients can
/// validate before sending (e.g. the composer's remaining length).
struct LimitsInfo {
  std::int64_t max_frame_bytes = 0;
  std::int64_t max_text_chars = 0;
  std::int64_t max_page_size = 0;

  template <class V, class Self>
  static void describe(V& v, Self& m) {
    v.field("max_frame_bytes", m.max_frame_bytes, Int::id);
    v.field("max_text_chars", m.max_text_chars, Int::id);
    v.field("max_page_size", m.max_page_size, Int::id);
  }
};

}  // namespace herald::protocol
