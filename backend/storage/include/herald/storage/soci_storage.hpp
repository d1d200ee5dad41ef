// herald::core::Storage on SOCI: SQLite (default) or MySQL/MariaDB.
//
// One object owns one soci::session and the prepared statements of the hot
// paths (insert_message, append_event, message_by_client_id). Like every
// Storage it is used by one thread at a time: the StorageWorker's.
//
// Errors: every soci::soci_error is caught here and rethrown as
// core::StorageError("<operation>: <what went wrong> (<backend> error <code>)").
// The message never contains bound values (MySQL's own messages quote them,
// so they are replaced by a description of the error code). `retryable` is
// true for connection loss (MySQL client errors 2002, 2003, 2006, 2013,
// 2055), lock timeouts and deadlocks, and SQLite BUSY/LOCKED. After a
// connection loss connection_lost() is true and the object is useless:
// make a new one.
#pragma once

#include <memory>

#include "herald/core/storage.hpp"
#include "herald/storage/database_url.hpp"

namespace soci {
class session;
}

namespace herald::storage {

class SociStorage final : public core::Storage {
 public:
  /// Connects and applies pending migrations (embedded from sql/<dialect>/).
  /// SQLite: creates the file's directory; WAL, foreign_keys=ON,
  /// busy_timeout, synchronous=NORMAL. MySQL: utf8mb4, strict sql_mode,
  /// UTC time zone. Throws core::StorageError.
  explicit SociStorage(const DatabaseUrl& url);
  ~SociStorage() override;
  SociStorage(const SociStorage&) = delete;
  SociStorage& operator=(const SociStorage&) = delete;

  Backend backend() const noexcept;
  /// True once an error showed the connection is gone.
  bool connection_lost() const noexcept;
  /// The newest applied schema version.
  int schema_version();

  // Transactions, for the StorageWorker's group commit only: the work of a
  // StorageJob must not call these. One savepoint level.
  void begin();
  void commit();
  void rollback();
  void savepoint();
  void release_savepoint();
  void rollback_to_savepoint();

  /// The session, for tests that run SQL of their own (the seed's query).
  soci::session& session();

  // core::Storage
  void ping() override;
  void check_ready() override;
  std::optional<core::UserInfo> create_user(const std::string& username, const std::string& password_hash,
                                            bool admin, core::Timestamp now) override;
  std::optional<core::StoredUser> user_by_name(const std::string& username) override;
  std::optional<core::UserInfo> user_by_id(core::UserId id) override;
  std::vector<core::UserInfo> users_by_prefix(const std::string& prefix, std::size_t limit) override;
  std::vector<core::UserId> existing_users(const std::vector<core::UserId>& ids) override;
  void set_admin(core::UserId id, bool admin) override;
  std::int64_t count_users() override;

  void create_session(const std::string& token_hash, core::UserId user, core::Timestamp now,
                      core::Timestamp expires_at) override;
  std::optional<core::UserInfo> session_user(const std::string& token_hash, core::Timestamp now) override;
  void revoke_session(const std::string& token_hash) override;

  std::vector<core::UserId> conversation_peers(core::UserId self, std::size_t limit) override;
  std::optional<core::MessageRecord> message_by_client_id(core::UserId sender,
                                                          const std::string& client_id) override;
  core::MessageRecord insert_message(const core::NewMessage& message) override;
  std::vector<core::MessageRecord> direct_history(core::UserId self, core::UserId peer,
                                                  std::optional<core::MessageId> before,
                                                  std::optional<core::MessageId> after,
                                                  std::size_t limit) override;
  std::vector<core::ConversationRow> conversations(core::UserId self, std::size_t limit) override;
  std::optional<core::MessageId> mark_read(core::UserId self, core::UserId peer,
                                           core::MessageId message_id) override;

  std::pair<core::RoomInfo, bool> create_room(const core::NewRoom& room) override;
  std::optional<core::RoomInfo> room_by_id(core::RoomId room) override;
  std::vector<core::RoomInfo> rooms_of(core::UserId user, std::size_t limit) override;
  std::vector<core::RoomInfo> public_rooms(core::UserId user, std::size_t limit) override;
  std::vector<core::RoomInfo> invited_rooms(core::UserId user, std::size_t limit) override;
  bool is_room_member(core::RoomId room, core::UserId user) override;
  bool add_room_member(core::RoomId room, core::UserId user, core::Timestamp now) override;
  core::RoomLeft remove_room_member(core::RoomId room, core::UserId user) override;
  bool invite_to_room(core::RoomId room, core::UserId user, core::UserId inviter,
                      core::Timestamp now) override;
  bool has_room_invite(core::RoomId room, core::UserId user) override;
  std::vector<core::UserInfo> room_members(core::RoomId room, std::size_t limit) override;
  std::vector<core::UserId> room_member_ids(core::RoomId room) override;

  std::optional<core::MessageRecord> room_message_by_client_id(core::UserId sender,
                                                               const std::string& client_id) override;
  core::MessageRecord insert_room_message(const core::NewRoomMessage& message) override;
  std::vector<core::MessageRecord> room_history(core::RoomId room, std::optional<core::MessageId> before,
                                                std::optional<core::MessageId> after,
                                                std::size_t limit) override;
  std::optional<core::MessageId> mark_room_read(core::RoomId room, core::UserId user,
                                                core::MessageId message_id) override;
  std::vector<core::RoomConversationRow> room_conversations(core::UserId user, std::size_t limit) override;

  std::optional<core::NotificationRecord> notification_by_client_id(const std::string& client_scope,
                                                                    const std::string& client_id) override;
  std::pair<core::NotificationRecord, std::int64_t> insert_notification(
      const core::NewNotification& n) override;
  std::vector<core::NotificationRecord> notifications(core::UserId user,
                                                      std::optional<core::NotificationId> before,
                                                      std::size_t limit) override;
  std::int64_t unread_notifications(core::UserId user) override;
  NotificationRead mark_notification_read(core::UserId user, core::NotificationId id, core::Timestamp now) override;
  std::int64_t mark_all_notifications_read(core::UserId user, core::Timestamp now) override;

  core::Cursor append_event(const std::string& payload, const std::vector<core::UserId>& recipients,
                            core::Timestamp now) override;
  core::Cursor append_event_for_everyone(const std::string& payload, core::Timestamp now) override;
  core::Cursor append_room_event(const std::string& payload, core::RoomId room, core::Timestamp now) override;
  std::vector<core::EventRow> events_after(core::UserId user, core::Cursor after, std::size_t limit) override;
  core::Cursor latest_cursor(core::UserId user) override;

  struct Impl;  // src/storage_impl.hpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace herald::storage
