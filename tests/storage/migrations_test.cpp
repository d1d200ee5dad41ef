// Migrations: the splitter, the embedded tables, dialect parity, and
// applying them on a real database (from scratch, and again as a no-op).
#include "herald/storage/migrations.hpp"

#include <soci/soci.h>

#include <regex>
#include <set>
#include <sstream>

#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

TEST(SplitSql, SplitsAtSemicolonsOutsideQuotesAndComments) {
  const auto statements = split_sql_statements(
      "-- a comment; with a semicolon and it's quote\n"
      "CREATE TABLE a (x TEXT DEFAULT 'semi;colon -- not a comment');\n"
      "/* block; comment */ INSERT INTO a VALUES ('it''s');;\n"
      "  SELECT \"q;q\" FROM `b;b`  \n");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (x TEXT DEFAULT 'semi;colon -- not a comment')");
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES ('it''s')");
  EXPECT_EQ(statements[2], "SELECT \"q;q\" FROM `b;b`");
}

TEST(SplitSql, EmptyAndCommentOnlyInputGiveNoStatements) {
  EXPECT_TRUE(split_sql_statements("").empty());
  EXPECT_TRUE(split_sql_statements("-- only a comment\n;\n  ;").empty());
}

std::set<std::string> matches(const std::vector<Migration>& migrations, const std::regex& pattern) {
  std::set<std::string> names;
  for (const auto& m : migrations)
    for (const auto& statement : split_sql_statements(m.sql)) {
      for (std::sregex_iterator it(statement.begin(), statement.end(), pattern), end; it != end; ++it)
        names.insert((*it)[1]);
    }
  return names;
}

TEST(EmbeddedMigrations, BothDialectsHaveTheSameVersionsInOrder) {
  const auto& sqlite = embedded_migrations(Backend::sqlite);
  const auto& mysql = embedded_migrations(Backend::mysql);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), mysql.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, mysql[i].version);
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i) + 1) << "versions are 1, 2, 3, ... without gaps";
    EXPECT_FALSE(split_sql_statements(sqlite[i].sql).empty());
  }
}

TEST(EmbeddedMigrations, BothDialectsDefineTheSameTablesAndIndexes) {
  const std::regex table(R"(CREATE TABLE IF NOT EXISTS (\w+))");
  // SQLite: CREATE INDEX IF NOT EXISTS name; MySQL: KEY name / UNIQUE KEY (...)
  const std::regex sqlite_index(R"(CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+))");
  const std::regex mysql_index(R"((?:^|[\s,(])KEY (\w+) \()");
  const std::regex constraint(R"(CONSTRAINT (\w+))");
  const auto& sqlite = embedded_migrations(Backend::sqlite);
  const auto& mysql = embedded_migrations(Backend::mysql);
  EXPECT_EQ(matches(sqlite, table), matches(mysql, table));
  EXPECT_EQ(matches(sqlite, table).size(), 14u);
  EXPECT_EQ(matches(sqlite, sqlite_index), matches(mysql, mysql_index));
  EXPECT_EQ(matches(sqlite, constraint), matches(mysql, constraint));
}

using testing::StorageTest;
class MigrationsTest : public StorageTest {};

TEST_P(MigrationsTest, FreshDatabaseIsAtTheNewestVersionAndReopeningIsANoOp) {
  const int newest = embedded_migrations(Backend::sqlite).back().version;
  EXPECT_EQ(db_->schema_version(), newest);
  int rows = 0;
  db_->session() << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows);
  EXPECT_EQ(rows, newest);
  db_->create_user("Survivor", "h", false, 1);
  db_.reset();
  db_ = open();  // runs the migrator again
  db_->session() << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows);
  EXPECT_EQ(rows, newest);
  EXPECT_TRUE(db_->user_by_name("survivor").has_value()) << "re-running migrations must not touch data";
}

TEST_P(MigrationsTest, AppliesEverythingOnAnEmptyDatabase) {
  if (is_mysql()) {
    testing::drop_mysql_schema(*db_);
    db_ = open();
  } else {
    db_ = std::make_unique<SociStorage>(parse_database_url("sqlite::memory:"));
  }
  EXPECT_EQ(db_->schema_version(), embedded_migrations(db_->backend()).back().version);
  EXPECT_EQ(db_->count_users(), 0);
}

TEST_P(MigrationsTest, RefusesADatabaseFromANewerServer) {
  db_->session() << "INSERT INTO schema_migrations (version, applied_ms) VALUES (999, 0)";
  try {
    open();
    FAIL() << "opening a database with schema version 999 must fail";
  } catch (const core::StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
    EXPECT_FALSE(e.retryable());
  }
  db_->session() << "DELETE FROM schema_migrations WHERE version = 999";
}

TEST_P(MigrationsTest, MysqlTablesAreInnoDbUtf8mb4) {
  if (!is_mysql()) GTEST_SKIP() << "MariaDB only: table engines and collations";
  std::string name, engine, collation;
  soci::statement st =
      (db_->session().prepare << "SELECT table_name, engine, table_collation "
                                 "FROM information_schema.tables WHERE table_schema = DATABASE()",
       soci::into(name), soci::into(engine), soci::into(collation));
  st.execute();
  int tables = 0;
  while (st.fetch()) {
    ++tables;
    EXPECT_EQ(engine, "InnoDB") << name;
    if (name != "schema_migrations") {
      EXPECT_EQ(collation, "utf8mb4_bin") << name;
    }
  }
  EXPECT_EQ(tables, 15);
}

// Every SELECT the storage runs is an index search, never a table scan
// (SQLite's plans are deterministic; MariaDB's depend on table statistics).
TEST_P(MigrationsTest, QueriesSearchIndexesAndNeverScanTables) {
  if (is_mysql()) GTEST_SKIP() << "SQLite only: MariaDB's plans depend on table statistics";
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto m = db_->insert_message(core::NewMessage{a, b, "x", "", 1});
  db_->insert_notification(core::NewNotification{std::nullopt, "api", "n", "t", "b", {}, {}, 1, {a}, false});
  db_->append_event("e", {a}, 1);
  const auto room =
      db_->create_room(core::NewRoom{a, "r", protocol::Visibility::public_room, "c", 1}).first.id;
  const auto rm = db_->insert_room_message(core::NewRoomMessage{a, room, "x", "c", 1});

  std::ostringstream log;
  db_->session().set_log_stream(&log);
  db_->user_by_name("anna");
  db_->user_by_id(a);
  db_->users_by_prefix("an", 5);
  db_->existing_users({a, b});
  db_->session_user(std::string(64, 'a'), 1);
  db_->direct_history(a, b, std::nullopt, std::nullopt, 10);
  db_->direct_history(a, b, std::nullopt, m.id, 10);
  db_->conversations(a, 10);
  db_->mark_read(b, a, m.id);
  db_->notification_by_client_id("api", "n");
  db_->notifications(a, std::nullopt, 10);
  db_->unread_notifications(a);
  db_->events_after(a, 0, 10);
  db_->latest_cursor(a);
  db_->room_by_id(room);
  db_->rooms_of(a, 10);
  db_->public_rooms(b, 10);
  db_->is_room_member(room, a);
  db_->add_room_member(room, b, 2);
  db_->invite_to_room(room, a, b, 2);
  db_->has_room_invite(room, a);
  db_->room_members(room, 10);
  db_->room_member_ids(room);
  db_->room_message_by_client_id(a, "c");
  db_->room_history(room, std::nullopt, std::nullopt, 10);
  db_->room_history(room, std::nullopt, rm.id, 10);
  db_->mark_room_read(room, b, rm.id);
  db_->room_conversations(a, 10);
  db_->remove_room_member(room, a);
  db_->create_room(core::NewRoom{a, "r", protocol::Visibility::public_room, "c", 1});
  db_->session().set_log_stream(nullptr);

  const std::regex table_scan(R"(^SCAN (users|sessions|messages|conversations|notifications|)"
                              R"(notification_recipients|events|event_recipients|rooms|room_members|)"
                              R"(room_invites|room_messages)\b)");
  std::istringstream queries(log.str());
  int selects = 0;
  for (std::string query; std::getline(queries, query);) {
    if (query.rfind("SELECT", 0) != 0 || query.find("FROM") == std::string::npos) continue;
    ++selects;
    std::string detail;
    int id = 0, parent = 0, unused = 0;
    soci::statement st = (db_->session().prepare << "EXPLAIN QUERY PLAN " + query, soci::into(id),
                          soci::into(parent), soci::into(unused), soci::into(detail));
    st.execute();
    while (st.fetch()) EXPECT_FALSE(std::regex_search(detail, table_scan)) << detail << "\n  in: " << query;
  }
  EXPECT_GE(selects, 30);
}

HERALD_STORAGE_BACKENDS(MigrationsTest);

}  // namespace
}  // namespace herald::storage
