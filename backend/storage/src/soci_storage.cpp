// SociStorage: connecting, migrating, transactions. The Storage methods live
// in users.cpp, messages.cpp, notifications.cpp and events.cpp.
#include <chrono>
#include <filesystem>
#include <set>

#include "backends.hpp"
#include "herald/storage/migrations.hpp"
#include "storage_impl.hpp"

namespace herald::storage {
namespace {

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<soci::statement> prepared(soci::session& sql, const std::string& text) {
  return std::make_unique<soci::statement>(sql.prepare << text);
}

}  // namespace

SociStorage::Impl::Impl(const DatabaseUrl& url) : backend(url.backend) {
  guard("connect", [&] { connect(url); });
  guard("migrate", [&] { migrate(); });
  guard("prepare", [&] { prepare_statements(); });
}

void SociStorage::Impl::connect(const DatabaseUrl& url) {
  if (backend == Backend::sqlite) {
    if (url.path != ":memory:") {
      const auto dir = std::filesystem::path(url.path).parent_path();
      std::error_code ec;
      if (!dir.empty()) std::filesystem::create_directories(dir, ec);
      if (ec)
        throw core::StorageError("connect: cannot create the directory " + dir.string() + ": " + ec.message(),
                                 false);
    }
    sql.open(detail::sqlite_factory(), url.soci_connect_string());
    // WAL: readers never block the writer; NORMAL: durable at checkpoints,
    // never corrupt (the usual pairing with WAL).
    std::string journal_mode;
    sql << "PRAGMA journal_mode = WAL", soci::into(journal_mode);
    sql << "PRAGMA foreign_keys = ON";
    sql << "PRAGMA busy_timeout = 5000";
    sql << "PRAGMA synchronous = NORMAL";
  } else {
    sql.open(detail::mysql_factory(), url.soci_connect_string());
    sql << "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
           "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";
    sql << "SET SESSION time_zone = '+00:00'";
  }
}

void SociStorage::Impl::migrate() {
  sql << (backend == Backend::mysql
              ? "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INT NOT NULL PRIMARY KEY, applied_ms BIGINT NOT NULL) ENGINE=InnoDB"
              : "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INT NOT NULL PRIMARY KEY, applied_ms BIGINT NOT NULL)");
  std::set<int> applied;
  {
    int version = 0;
    soci::statement st = (sql.prepare << "SELECT version FROM schema_migrations", soci::into(version));
    st.execute();
    while (st.fetch()) applied.insert(version);
  }
  const auto& migrations = embedded_migrations(backend);
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (!applied.empty() && *applied.rbegin() > newest_known)
    throw core::StorageError("migrate: the database has schema version " + std::to_string(*applied.rbegin()) +
                                 ", newer than this server knows (" + std::to_string(newest_known) +
                                 "): run a newer Herald",
                             false);
  for (const auto& migration : migrations) {
    if (applied.count(migration.version) != 0) continue;
    // MySQL commits DDL implicitly, so there the transaction covers only the
    // bookkeeping; the migrations are written to be re-runnable instead.
    sql << (backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION");
    try {
      for (const auto& statement : split_sql_statements(migration.sql)) sql << statement;
      const long long applied_ms = now_ms();
      sql << "INSERT INTO schema_migrations (version, applied_ms) VALUES (:version, :applied_ms)",
          soci::use(migration.version), soci::use(applied_ms);
      sql << "COMMIT";
    } catch (...) {
      try {
        sql << "ROLLBACK";
      } catch (const soci::soci_error&) {
        // The original error says more.
      }
      throw;
    }
  }
}

void SociStorage::Impl::prepare_statements() {
  const bool mysql = backend == Backend::mysql;
  begin_st = prepared(sql, mysql ? "START TRANSACTION" : "BEGIN IMMEDIATE");
  commit_st = prepared(sql, "COMMIT");
  rollback_st = prepared(sql, "ROLLBACK");
  savepoint_st = prepared(sql, "SAVEPOINT herald_job");
  release_st = prepared(sql, "RELEASE SAVEPOINT herald_job");
  rollback_to_st = prepared(sql, "ROLLBACK TO SAVEPOINT herald_job");

  // timestamp (the seed's column, read by its ORDER BY) is sent_ms with its
  // milliseconds, so sends within one second keep their order (schema 4).
  auto& im = insert_message;
  const std::string timestamp_ms = mysql ? "FROM_UNIXTIME(:sent_ms_ts / 1000)"
                                         : "strftime('%Y-%m-%d %H:%M:%f', :sent_ms_ts / 1000.0, 'unixepoch')";
  im.st = std::make_unique<soci::statement>(
      (sql.prepare
           << "INSERT INTO messages (sender_id, receiver_id, message_text, client_id, sent_ms, timestamp) "
              "VALUES (:sender, :receiver, :text, :client_id, :sent_ms, " +
                  timestamp_ms + ")",
       soci::use(im.sender), soci::use(im.receiver), soci::use(im.text),
       soci::use(im.client_id, im.client_id_ind), soci::use(im.sent_ms), soci::use(im.sent_ms)));

  // Both participants' rows in one statement. For a note to oneself the two
  // rows are the same and the second one updates the first.
  auto& tc = touch_conversations;
  const std::string touch =
      "INSERT INTO conversations (user_id, peer_id, last_message_id) "
      "VALUES (:user1, :peer1, :message1), (:user2, :peer2, :message2) " +
      std::string(
          mysql ? "ON DUPLICATE KEY UPDATE last_message_id = VALUES(last_message_id)"
                : "ON CONFLICT (user_id, peer_id) DO UPDATE SET last_message_id = excluded.last_message_id");
  tc.st = std::make_unique<soci::statement>((sql.prepare << touch, soci::use(tc.user1), soci::use(tc.peer1),
                                             soci::use(tc.message1), soci::use(tc.user2), soci::use(tc.peer2),
                                             soci::use(tc.message2)));

  auto& mc = message_by_client_id;
  mc.st = std::make_unique<soci::statement>(
      (sql.prepare << "SELECT message_id, receiver_id, message_text, sent_ms FROM messages "
                      "WHERE sender_id = :sender AND client_id = :client_id",
       soci::use(mc.sender), soci::use(mc.client_id), soci::into(mc.id), soci::into(mc.receiver),
       soci::into(mc.text), soci::into(mc.sent_ms)));

  auto& ie = insert_event;
  ie.st = std::make_unique<soci::statement>(
      (sql.prepare << "INSERT INTO events (payload, created_ms) VALUES (:payload, :created_ms)",
       soci::use(ie.payload), soci::use(ie.created_ms)));

  auto& ir = insert_event_recipient;
  ir.st = std::make_unique<soci::statement>(
      (sql.prepare << "INSERT INTO event_recipients (user_id, event_id) VALUES (:user, :event)",
       soci::use(ir.user), soci::use(ir.event)));

  auto& re = insert_room_event;
  re.st = std::make_unique<soci::statement>(
      (sql.prepare << "INSERT INTO room_events (room_id, event_id) VALUES (:room, :event)",
       soci::use(re.room), soci::use(re.event)));
}

void SociStorage::Impl::renew_statements() noexcept {
  if (!begin_st) return;  // not prepared yet: the constructor is failing
  try {
    prepare_statements();
  } catch (...) {
    // Preparing needs no round trip on MySQL and only the schema on SQLite;
    // if it fails anyway the connection is not usable.
    lost = true;
  }
}

long long SociStorage::Impl::last_insert_id(const char* table) {
  long long id = 0;
  if (!sql.get_last_insert_id(table, id) || id <= 0)
    throw core::StorageError(std::string("insert into ") + table + ": the database reported no new id",
                             false);
  return id;
}

long long SociStorage::Impl::insert_event_row(const std::string& payload, long long created_ms) {
  insert_event.payload = payload;
  insert_event.created_ms = created_ms;
  insert_event.st->execute(true);
  return last_insert_id("events");
}

void SociStorage::Impl::finish(soci::statement& st) {
  if (backend == Backend::sqlite)
    while (st.fetch()) {
    }
}

SociStorage::SociStorage(const DatabaseUrl& url) : impl_(std::make_unique<Impl>(url)) {}
SociStorage::~SociStorage() = default;

Backend SociStorage::backend() const noexcept {
  return impl_->backend;
}
bool SociStorage::connection_lost() const noexcept {
  return impl_->lost;
}
soci::session& SociStorage::session() {
  return impl_->sql;
}

int SociStorage::schema_version() {
  return impl_->guard("schema_version", [&] {
    int version = 0;
    soci::indicator ind = soci::i_ok;
    impl_->sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    return ind == soci::i_ok ? version : 0;
  });
}

void SociStorage::begin() {
  impl_->probe_in_transaction = false;
  impl_->guard("begin", [&] { impl_->begin_st->execute(true); });
}
void SociStorage::commit() {
  impl_->guard("commit", [&] { impl_->commit_st->execute(true); });
  if (impl_->probe_in_transaction) impl_->out_of_space = false;
}
void SociStorage::rollback() {
  // Nothing to roll back when SQLite already did (after SQLITE_FULL, say):
  // ROLLBACK would fail, and the worker would drop a healthy connection.
  if (impl_->backend == Backend::sqlite && !detail::sqlite_in_transaction(impl_->sql)) return;
  impl_->guard("rollback", [&] { impl_->rollback_st->execute(true); });
}
void SociStorage::savepoint() {
  impl_->guard("savepoint", [&] { impl_->savepoint_st->execute(true); });
}
void SociStorage::release_savepoint() {
  impl_->guard("release savepoint", [&] { impl_->release_st->execute(true); });
}
void SociStorage::rollback_to_savepoint() {
  impl_->guard("rollback to savepoint", [&] { impl_->rollback_to_st->execute(true); });
}

void SociStorage::ping() {
  impl_->guard("ping", [&] {
    int one = 0;
    impl_->sql << "SELECT 1", soci::into(one);
  });
}

void SociStorage::check_ready() {
  ping();
  if (!impl_->out_of_space) return;
  // A full disk does not stop SELECT 1, and a database only finds out at a
  // write that needs new space: so after such a failure, readiness waits
  // for a write of a few pages (64 KiB) to commit. One row, replaced.
  impl_->guard("write probe", [&] {
    const std::string filler(64 * 1024, 'x');
    impl_->sql << "REPLACE INTO storage_probe (id, filler) VALUES (1, :filler)", soci::use(filler);
  });
  impl_->probe_in_transaction = true;
}

}  // namespace herald::storage
