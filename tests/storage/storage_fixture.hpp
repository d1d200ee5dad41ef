// The storage suites' fixture: every TEST_P runs once per backend, on a
// fresh database. SQLite always (a temporary file); MariaDB when
// HERALD_TEST_MYSQL_URL is set, else its instances are skipped with a
// message saying how to run them.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "herald/storage/database_url.hpp"
#include "herald/storage/soci_storage.hpp"

namespace herald::storage::testing {

enum class TestBackend { sqlite, mysql };

std::string backend_name(const ::testing::TestParamInfo<TestBackend>& info);

/// Polish, Cyrillic and an emoji (4 bytes in UTF-8: needs utf8mb4).
inline const std::string kUnicodeSample =
    "Zażółć gęślą jaźń. Съешь же ещё этих мягких французских булок. "
    "🦉";

/// `code_points` characters of kUnicodeSample repeated.
std::string unicode_text(std::size_t code_points);

class StorageTest : public ::testing::TestWithParam<TestBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  bool is_mysql() const { return GetParam() == TestBackend::mysql; }
  /// The test's database: the same one every call.
  const DatabaseUrl& url() const { return url_; }
  /// A new connection to the test's database.
  std::unique_ptr<SociStorage> open() const { return std::make_unique<SociStorage>(url_); }

  /// Creates a user, failing the test if the name is taken.
  core::UserId make_user(const std::string& name);

  std::unique_ptr<SociStorage> db_;  // opened by SetUp

 private:
  DatabaseUrl url_;
  std::string temp_dir_;
};

/// Instantiates a StorageTest-derived suite for both backends.
#define HERALD_STORAGE_BACKENDS(Suite)                                                        \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                   \
                           ::testing::Values(::herald::storage::testing::TestBackend::sqlite, \
                                             ::herald::storage::testing::TestBackend::mysql), \
                           ::herald::storage::testing::backend_name)

/// Wipes every table of the MySQL test database (schema kept).
void wipe_mysql(SociStorage& storage);
/// Drops every table of the MySQL test database, schema_migrations too.
void drop_mysql_schema(SociStorage& storage);

}  // namespace herald::storage::testing
