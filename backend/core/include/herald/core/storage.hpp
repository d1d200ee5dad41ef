// What Herald's core needs from a database, and how it gets it off the
// event loop. Implemented by backend/storage (SOCI: SQLite, MySQL/MariaDB).
//
// Threading contract: a Storage object is used by one thread at a time (the
// storage worker); its methods block. Core never calls them directly from the
// event loop: it submits a StorageJob to a StorageQueue and receives the
// outcome on the event loop.
//
// Transactions: the queue runs the `work` of several queued jobs inside one
// database transaction (group commit), each job inside its own savepoint, and
// calls `done` only after the commit succeeded. So a job's writes are either
// all committed before `done(nullopt)`, or none are and `done` gets a
// failure. Work functions must not begin or commit transactions themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::core {

using protocol::Cursor;
using protocol::MessageId;
using protocol::MessageRecord;
using protocol::NotificationId;
using protocol::NotificationRecord;
using protocol::RoomId;
using protocol::RoomInfo;
using protocol::Timestamp;
using protocol::UserId;
using protocol::UserInfo;

/// Thrown by Storage methods (and seen by StorageQueue) when the database
/// fails. `retryable` is true for connection loss and lock timeouts: the
/// same request may succeed later. Messages never contain bound values.
class StorageError : public std::runtime_error {
 public:
  StorageError(const std::string& what, bool retryable) : std::runtime_error(what), retryable_(retryable) {}
  bool retryable() const noexcept { return retryable_; }

 private:
  bool retryable_;
};

struct StoredUser {
  UserInfo info;
  std::string password_hash;  // libsodium crypto_pwhash_str output
};

struct NewMessage {
  UserId sender = 0;
  UserId receiver = 0;
  std::string text;
  std::string client_id;
  Timestamp ts = 0;
};

struct NewNotification {
  std::optional<UserId> sender;  // absent: the system or an API key
  /// Idempotency scope: "user:<id>" for a user, "api" for the HTTP API,
  /// "system" for the server. (scope, client_id) is unique.
  std::string client_scope;
  std::string client_id;
  std::string title;
  std::string body;
  std::optional<std::string> kind;
  std::optional<std::string> link;
  Timestamp ts = 0;
  std::vector<UserId> to;  // ignored when everyone is true
  bool everyone = false;
};

/// One direct conversation of a user, as the storage keeps it: one row per
/// (user, peer), the same keys as protocol::group_by_conversation.
struct ConversationRow {
  UserId peer = 0;
  std::string peer_username;
  MessageRecord last_message;
  std::int64_t unread = 0;             // messages from peer with id > last_read
  std::optional<MessageId> last_read;  // newest message this user has read
  std::optional<MessageId> peer_last_read;
};

struct NewRoom {
  UserId creator = 0;  // becomes the owner and first member
  std::string name;
  protocol::Visibility visibility = protocol::Visibility::public_room;
  std::string client_id;  // (creator, client_id) is unique
  Timestamp ts = 0;
};

struct NewRoomMessage {
  UserId sender = 0;
  RoomId room = 0;
  std::string text;
  std::string client_id;
  Timestamp ts = 0;
};

/// One room in a member's conversation list.
struct RoomConversationRow {
  RoomInfo room;
  std::optional<MessageRecord> last_message;  // absent while the room has none
  std::int64_t unread = 0;                    // others' messages with id > last_read
  std::optional<MessageId> last_read;         // this member's read mark
  /// For ordering with direct conversations: the last message's time, or
  /// when the user joined if the room has no messages yet.
  Timestamp activity = 0;
};

/// What remove_room_member did.
struct RoomLeft {
  bool removed = false;             // false: the user was not a member
  std::optional<UserId> new_owner;  // set when the owner left and ownership moved
};

struct EventRow {
  Cursor cursor = 0;
  std::string payload;  // an encoded server frame, stored with "cursor":0
};

class Storage {
 public:
  virtual ~Storage() = default;

  /// A trivial query: the connection is alive.
  virtual void ping() = 0;
  /// For /readyz: throws unless the database answers and, after a write
  /// failed for lack of space, a small write (a few pages) succeeds again.
  /// The condition clears only when the transaction with that write commits.
  virtual void check_ready() = 0;

  // --- users -------------------------------------------------------------
  /// nullopt when the username is taken (compared case-insensitively).
  virtual std::optional<UserInfo> create_user(const std::string& username, const std::string& password_hash,
                                              bool admin, Timestamp now) = 0;
  /// Case-insensitive lookup.
  virtual std::optional<StoredUser> user_by_name(const std::string& username) = 0;
  virtual std::optional<UserInfo> user_by_id(UserId id) = 0;
  /// Usernames starting with `prefix`, case-insensitively, ordered by username.
  virtual std::vector<UserInfo> users_by_prefix(const std::string& prefix, std::size_t limit) = 0;
  /// The subset of `ids` that exist.
  virtual std::vector<UserId> existing_users(const std::vector<UserId>& ids) = 0;
  virtual void set_admin(UserId id, bool admin) = 0;
  virtual std::int64_t count_users() = 0;

  // --- sessions (tokens are stored only as SHA-256 hashes, hex) --------------
  virtual void create_session(const std::string& token_hash, UserId user, Timestamp now,
                              Timestamp expires_at) = 0;
  /// The user of an unexpired, unrevoked session.
  virtual std::optional<UserInfo> session_user(const std::string& token_hash, Timestamp now) = 0;
  virtual void revoke_session(const std::string& token_hash) = 0;

  // --- direct messages (the seed's messages table) -------------------------
  /// The message `sender` already stored under `client_id`, if any.
  virtual std::optional<MessageRecord> message_by_client_id(UserId sender, const std::string& client_id) = 0;
  /// Inserts the message and updates both users' conversation rows.
  virtual MessageRecord insert_message(const NewMessage& message) = 0;
  /// One page between `self` and `peer`, newest first. `before`/`after` are
  /// exclusive message ids (at most one is set). With `after`, the page holds
  /// the oldest `limit` messages newer than it (still returned newest first).
  virtual std::vector<MessageRecord> direct_history(UserId self, UserId peer, std::optional<MessageId> before,
                                                    std::optional<MessageId> after, std::size_t limit) = 0;
  /// The user's conversations, most recent last message first.
  virtual std::vector<ConversationRow> conversations(UserId self, std::size_t limit) = 0;
  /// Every user `self` has a direct conversation with (for presence: who
  /// may see whom), at most `limit`, most recent first.
  virtual std::vector<UserId> conversation_peers(UserId self, std::size_t limit) = 0;
  /// Raises self's read mark for the conversation with `peer` to
  /// `message_id` (never lowers it). Returns the new mark, or nullopt when
  /// the message is not part of that conversation.
  virtual std::optional<MessageId> mark_read(UserId self, UserId peer, MessageId message_id) = 0;

  // --- rooms -----------------------------------------------------------------
  // Room ids, member counts and membership as RoomInfo (members = count).
  // Rules (who may join, invite, ...) are core's: these methods only keep
  // the data consistent.
  /// Creates the room with `creator` as owner and first member, or returns
  /// the room this creator already created under `client_id` (second: false).
  virtual std::pair<RoomInfo, bool> create_room(const NewRoom& room) = 0;
  virtual std::optional<RoomInfo> room_by_id(RoomId room) = 0;
  /// The rooms `user` belongs to, by room id, at most `limit`.
  virtual std::vector<RoomInfo> rooms_of(UserId user, std::size_t limit) = 0;
  /// Rooms `user` has a pending invitation to, by room id, at most `limit`.
  virtual std::vector<RoomInfo> invited_rooms(UserId user, std::size_t limit) = 0;
  /// Public rooms `user` does not belong to, newest first, at most `limit`.
  virtual std::vector<RoomInfo> public_rooms(UserId user, std::size_t limit) = 0;
  virtual bool is_room_member(RoomId room, UserId user) = 0;
  /// Adds `user` as a member (removing their invitation) with the read mark
  /// at the room's newest message, so earlier history is not unread.
  /// False when already a member.
  virtual bool add_room_member(RoomId room, UserId user, Timestamp now) = 0;
  /// Removes the membership. When the owner leaves and members remain,
  /// ownership passes to the longest-standing member (earliest joined, then
  /// lowest user id). The last member leaving keeps the room (and its
  /// history) with no members and the old owner id.
  virtual RoomLeft remove_room_member(RoomId room, UserId user) = 0;
  /// Records an invitation; false when one was pending already.
  virtual bool invite_to_room(RoomId room, UserId user, UserId inviter, Timestamp now) = 0;
  virtual bool has_room_invite(RoomId room, UserId user) = 0;
  /// Members in order of joining, at most `limit`.
  virtual std::vector<UserInfo> room_members(RoomId room, std::size_t limit) = 0;
  /// Every member's id: the recipients of the room's events.
  virtual std::vector<UserId> room_member_ids(RoomId room) = 0;

  // --- room messages --------------------------------------------------------
  virtual std::optional<MessageRecord> room_message_by_client_id(UserId sender,
                                                                 const std::string& client_id) = 0;
  /// Inserts the message and makes it the room's last message.
  virtual MessageRecord insert_room_message(const NewRoomMessage& message) = 0;
  /// One page of the room, newest first; `before`/`after` as direct_history.
  virtual std::vector<MessageRecord> room_history(RoomId room, std::optional<MessageId> before,
                                                  std::optional<MessageId> after, std::size_t limit) = 0;
  /// Raises the member's read mark to `message_id` (never lowers it).
  /// Returns the new mark, or nullopt when the message is not in the room or
  /// `user` is not a member.
  virtual std::optional<MessageId> mark_room_read(RoomId room, UserId user, MessageId message_id) = 0;
  /// The user's rooms for the conversation list, most recent activity first.
  virtual std::vector<RoomConversationRow> room_conversations(UserId user, std::size_t limit) = 0;

  // --- notifications --------------------------------------------------------
  virtual std::optional<NotificationRecord> notification_by_client_id(const std::string& client_scope,
                                                                      const std::string& client_id) = 0;
  /// Stores the notification and one recipient row per recipient (every
  /// user when `everyone`). Returns the record (read=false) and the number of
  /// recipients. Callers check that `to` users exist first.
  virtual std::pair<NotificationRecord, std::int64_t> insert_notification(const NewNotification& n) = 0;
  /// The user's notifications, newest first, before the id `before`.
  virtual std::vector<NotificationRecord> notifications(UserId user, std::optional<NotificationId> before,
                                                        std::size_t limit) = 0;
  virtual std::int64_t unread_notifications(UserId user) = 0;
  /// What marking one notification read found: it was unread and is now
  /// read; it was read already; or the user is not one of its recipients
  /// (or it does not exist: the two are one answer, so ids cannot be probed).
  enum class NotificationRead { marked, already_read, not_found };
  virtual NotificationRead mark_notification_read(UserId user, NotificationId id, Timestamp now) = 0;
  /// Number of notifications that became read.
  virtual std::int64_t mark_all_notifications_read(UserId user, Timestamp now) = 0;

  // --- the event log behind cursors ----------------------------------------
  /// Appends one event for the given users (duplicates ignored) and returns
  /// its cursor. Cursors are one global sequence, so every recipient sees the
  /// same cursor and the frame is serialized once.
  virtual Cursor append_event(const std::string& payload, const std::vector<UserId>& recipients,
                              Timestamp now) = 0;
  /// Appends one event for every user.
  virtual Cursor append_event_for_everyone(const std::string& payload, Timestamp now) = 0;
  /// Appends one event for the members of `room`: stored once, whatever the
  /// room's size, and replayed to whoever is a member when they resume.
  virtual Cursor append_room_event(const std::string& payload, RoomId room, Timestamp now) = 0;
  /// The user's events with cursor > `after`, oldest first, at most `limit`:
  /// their own and those of the rooms they are a member of.
  virtual std::vector<EventRow> events_after(UserId user, Cursor after, std::size_t limit) = 0;
  /// The user's newest cursor, 0 when there is none.
  virtual Cursor latest_cursor(UserId user) = 0;
};

/// A unit of work for the storage worker. `work` runs on the worker thread
/// inside the batch's transaction; `done` runs on the event loop after the
/// commit, with nullopt on success or the failure (then nothing `work` wrote
/// was kept). A job whose `work` throws is rolled back alone (savepoint);
/// the rest of the batch still commits.
struct StorageFailure {
  std::string what;
  bool retryable = false;
};

struct StorageJob {
  std::function<void(Storage&)> work;
  std::function<void(const std::optional<StorageFailure>&)> done;
};

class StorageQueue {
 public:
  virtual ~StorageQueue() = default;
  /// Thread-safe. Jobs run in submission order.
  virtual void submit(StorageJob job) = 0;
};

}  // namespace herald::core
