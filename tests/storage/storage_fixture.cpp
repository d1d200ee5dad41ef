#include "storage_fixture.hpp"

#include <soci/soci.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

namespace herald::storage::testing {
namespace {

// Children before parents (foreign keys).
constexpr const char* kTables[] = {
    "room_events", "room_messages", "room_invites", "room_members", "rooms", "event_recipients", "events",
    "notification_recipients", "notifications", "conversations", "messages", "sessions",         "users",
    "storage_probe"};

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<TestBackend>& info) {
  return info.param == TestBackend::sqlite ? "SQLite" : "MariaDB";
}

std::string unicode_text(std::size_t code_points) {
  std::string out;
  std::size_t count = 0;
  while (count < code_points) {
    for (std::size_t i = 0; i < kUnicodeSample.size() && count < code_points;) {
      const auto lead = static_cast<unsigned char>(kUnicodeSample[i]);
      const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      out.append(kUnicodeSample, i, len);
      i += len;
      ++count;
    }
  }
  return out;
}

void StorageTest::SetUp() {
  if (is_mysql()) {
    const char* env = std::getenv("HERALD_TEST_MYSQL_URL");
    if (env == nullptr || *env == '\0')
      GTEST_SKIP() << "MariaDB instance skipped: HERALD_TEST_MYSQL_URL is not set. Run scripts/test, or "
                      "`source scripts/lib/mariadb.sh && mariadb_start /tmp/herald-mariadb` first.";
    url_ = parse_database_url(env);
    db_ = open();
    wipe_mysql(*db_);
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "herald-storage-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create a temporary directory";
    temp_dir_ = pattern;
    url_ = parse_database_url("sqlite:" + temp_dir_ + "/data/herald.db");
    db_ = open();
  }
}

void StorageTest::TearDown() {
  db_.reset();
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

core::UserId StorageTest::make_user(const std::string& name) {
  const auto user = db_->create_user(name, "hash-of-" + name, false, 1000);
  EXPECT_TRUE(user.has_value()) << "username taken: " << name;
  return user ? user->id : 0;
}

void wipe_mysql(SociStorage& storage) {
  for (const char* table : kTables) storage.session() << "DELETE FROM " << table;
}

void drop_mysql_schema(SociStorage& storage) {
  for (const char* table : kTables) storage.session() << "DROP TABLE IF EXISTS " << table;
  storage.session() << "DROP TABLE IF EXISTS schema_migrations";
}

}  // namespace herald::storage::testing
