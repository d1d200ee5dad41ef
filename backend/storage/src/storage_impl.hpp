// SociStorage's state, shared by the files that implement its methods
// (one file per group: users and sessions, messages, rooms, room messages,
// notifications, events).
#pragma once

#include <soci/soci.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "errors.hpp"
#include "herald/storage/soci_storage.hpp"

namespace herald::storage {

struct SociStorage::Impl {
  explicit Impl(const DatabaseUrl& url);

  /// Runs `body`; a soci_error becomes a StorageError for `operation` (and
  /// marks the connection lost when it was).
  template <class F>
  auto guard(const char* operation, F&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const soci::soci_error& e) {
      const auto info = detail::classify_error(backend, e);
      if (info.connection_lost) lost = true;
      if (info.out_of_space) out_of_space = true;
      if (!lost) renew_statements();
      throw detail::storage_error(operation, info);
    }
  }

  /// Prepares the kept statements afresh. A kept statement is never reused
  /// after it failed: SOCI's MySQL backend leaks the bound values' buffers
  /// of a failed execution when the statement runs again (destroying it
  /// frees them).
  void renew_statements() noexcept;

  long long last_insert_id(const char* table);
  /// Inserts one row into `events` and returns its id, the cursor; the
  /// append_* methods then say whom it is for.
  long long insert_event_row(const std::string& payload, long long created_ms);
  /// A kept single-row SELECT on SQLite stays "active" (holding a read
  /// snapshot that pins the WAL) until stepped to its end.
  void finish(soci::statement& st);

  void connect(const DatabaseUrl& url);
  void migrate();
  void prepare_statements();

  Backend backend;
  soci::session sql;
  bool lost = false;
  /// A write failed for lack of space; cleared when check_ready()'s write
  /// probe commits (probe_in_transaction says it ran in this transaction).
  bool out_of_space = false;
  bool probe_in_transaction = false;

  // Transaction statements, prepared once.
  std::unique_ptr<soci::statement> begin_st, commit_st, rollback_st;
  std::unique_ptr<soci::statement> savepoint_st, release_st, rollback_to_st;

  // Hot statements and the variables they are bound to (by reference, so
  // Impl never moves: it lives behind SociStorage's unique_ptr).
  struct {
    long long sender = 0, receiver = 0, sent_ms = 0;
    std::string text, client_id;
    soci::indicator client_id_ind = soci::i_ok;
    std::unique_ptr<soci::statement> st;
  } insert_message;
  struct {
    long long user1 = 0, peer1 = 0, message1 = 0, user2 = 0, peer2 = 0, message2 = 0;
    std::unique_ptr<soci::statement> st;
  } touch_conversations;
  struct {
    long long sender = 0;
    std::string client_id;
    long long id = 0, receiver = 0, sent_ms = 0;
    std::string text;
    std::unique_ptr<soci::statement> st;
  } message_by_client_id;
  struct {
    std::string payload;
    long long created_ms = 0;
    std::unique_ptr<soci::statement> st;
  } insert_event;
  struct {
    long long user = 0, event = 0;
    std::unique_ptr<soci::statement> st;
  } insert_event_recipient;
  struct {
    long long room = 0, event = 0;
    std::unique_ptr<soci::statement> st;
  } insert_room_event;
};

namespace detail {

/// Page sizes as SQL LIMIT values.
inline long long sql_limit(std::size_t limit) {
  constexpr std::size_t kMax = std::numeric_limits<int>::max();
  return static_cast<long long>(limit < kMax ? limit : kMax);
}

/// Usernames are ASCII (protocol Text::username), so the key is the ASCII
/// lowercase; both dialects then compare keys byte for byte.
std::string username_key(const std::string& username);

/// A room's columns as RoomInfo, for queries over `rooms r`: id, name,
/// is_private, owner_id and the member count (a range of room_members' key).
inline constexpr const char* kRoomColumns =
    "r.room_id, r.name, r.is_private, r.owner_id, "
    "(SELECT COUNT(*) FROM room_members k WHERE k.room_id = r.room_id)";

/// rooms.is_private as the protocol's visibility.
inline protocol::Visibility visibility_of(int is_private) {
  return is_private != 0 ? protocol::Visibility::private_room : protocol::Visibility::public_room;
}

/// Runs "SELECT kRoomColumns <tail>" with `params` bound in order.
std::vector<core::RoomInfo> select_rooms(soci::session& sql, const std::string& tail,
                                         const std::vector<long long>& params);

}  // namespace detail
}  // namespace herald::storage
