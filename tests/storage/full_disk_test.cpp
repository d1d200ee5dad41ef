// A database that cannot grow (SQLite's max_page_count: the same SQLITE_FULL
// a full disk gives): writes fail retryably, and check_ready() keeps failing
// until a write of a few pages commits again. The integration suite fills a
// real (tmpfs) disk under herald-server.
#include <soci/soci.h>

#include <filesystem>

#include "storage_fixture.hpp"

namespace herald::storage::testing {
namespace {

class FullDiskTest : public StorageTest {
 protected:
  /// The database may not grow past its current size (or may again).
  void cap_size() {
    int pages = 0;
    db_->session() << "PRAGMA page_count", soci::into(pages);
    db_->session() << "PRAGMA max_page_count = " << pages;
  }
  void uncap_size() { db_->session() << "PRAGMA max_page_count = 1073741823"; }

  /// check_ready() in a transaction of its own, committed or rolled back.
  bool ready(bool commit = true) {
    db_->begin();
    try {
      db_->check_ready();
    } catch (const core::StorageError&) {
      db_->rollback();
      return false;
    }
    commit ? db_->commit() : db_->rollback();
    return true;
  }
};

TEST_P(FullDiskTest, AWriteThatNeedsSpaceFailsRetryablyAndReadinessWaitsForAWriteProbe) {
  if (is_mysql()) GTEST_SKIP() << "SQLite only: max_page_count stands in for a full disk";
  EXPECT_TRUE(ready());
  cap_size();
  db_->begin();
  try {
    db_->create_user("alice", std::string(64 * 1024, 'h'), false, 1000);
    ADD_FAILURE() << "a 64 KiB row fit in a database that may not grow";
  } catch (const core::StorageError& e) {
    EXPECT_TRUE(e.retryable()) << e.what();
    EXPECT_NE(std::string(e.what()).find("the disk is full"), std::string::npos) << e.what();
  }
  db_->rollback();

  EXPECT_FALSE(ready()) << "SELECT 1 still answers, but nothing can be stored";
  uncap_size();
  EXPECT_TRUE(ready(/*commit=*/false));
  cap_size();
  EXPECT_FALSE(ready()) << "a probe that was rolled back proves nothing";
  uncap_size();
  EXPECT_TRUE(ready(/*commit=*/true));
}

HERALD_STORAGE_BACKENDS(FullDiskTest);

}  // namespace
}  // namespace herald::storage::testing
