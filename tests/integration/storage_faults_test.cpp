// Storage faults seen from outside: a full disk and a database locked by
// another process. Writes fail with the documented retryable `unavailable`
// (nothing stored, the same client_id may be sent again), and /readyz says
// 503 while the database cannot store or does not answer in time.
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "fixture.hpp"

namespace herald::testing {
namespace {

using beast::http::verb;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Json direct_message(const Json& to, const std::string& client_id, const std::string& text) {
  return {{"type", "message.send"}, {"client_id", client_id}, {"to", to}, {"text", text}};
}

/// Another process's connection to the server's SQLite file, holding the
/// write lock (BEGIN IMMEDIATE) until released or destroyed.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::filesystem::path& db) {
    if (sqlite3_open(db.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + db.string());
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("BEGIN IMMEDIATE failed: ") + sqlite3_errmsg(db_));
  }
  ~WriteLockHolder() { release(); }
  WriteLockHolder(const WriteLockHolder&) = delete;
  WriteLockHolder& operator=(const WriteLockHolder&) = delete;

  void release() {
    if (db_ == nullptr) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST_F(ServerTest, ReadyzAnswers503WhileAnotherProcessHoldsTheSqliteWriteLock) {
  start();
  WsClient alice(port());
  alice.hello(alice.sign_up("alice"));
  WsClient bob(port());
  const auto bob_id = bob.hello(bob.sign_up("bob"))["user"]["id"];

  WriteLockHolder lock(dir_ / "data" / "herald.db");
  // The storage worker waits for the lock (SQLite's busy timeout, 5 s) on
  // this write; the readiness probe queues behind it.
  alice.send(direct_message(bob_id, "m1", "while the database is locked"));
  const auto ready = http(port(), verb::get, "/readyz");
  EXPECT_EQ(ready.status, 503u);
  EXPECT_TRUE(contains(ready.body, "did not answer within 1 s")) << ready.body;

  // The write gives up with the documented retryable error: nothing stored.
  const Json refused = alice.expect("error");
  EXPECT_EQ(refused["code"], "unavailable") << refused.dump();
  EXPECT_EQ(refused["retryable"], true);
  // So does the HTTP API: 503, Retry-After, the same code. (Its storage
  // job may queue behind the readiness check's, each waiting out the busy
  // timeout: hence the longer wait.)
  const Json notification = {{"title", "t"}, {"body", "b"}, {"everyone", true}, {"client_id", "n1"}};
  const auto api = http(port(), verb::post, "/api/v1/notifications", notification.dump(),
                        std::string("Bearer ") + kApiKey, std::chrono::seconds(30));
  EXPECT_EQ(api.status, 503u) << api.body;
  EXPECT_EQ(api.headers["Retry-After"], "1");
  EXPECT_EQ(Json::parse(api.body)["error"], "unavailable") << api.body;

  lock.release();
  EXPECT_EQ(http(port(), verb::get, "/readyz").status, 200u);
  alice.send(direct_message(bob_id, "m1", "while the database is locked"));
  // An ack with a cursor: stored now (a retry of a stored message has none).
  EXPECT_TRUE(alice.expect("ack").contains("cursor"));
  EXPECT_EQ(bob.expect("message")["message"]["text"], "while the database is locked");
  EXPECT_EQ(post_notification(notification).status, 201u);
}

/// The server's data directory on a small tmpfs of its own, which the test
/// fills and empties. Mounting needs root (as CI runs); elsewhere the tests
/// are reported as skipped.
class FullDiskTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (geteuid() != 0) GTEST_SKIP() << "mounting a small tmpfs needs root";
    disk_ = dir_ / "disk";
    std::filesystem::create_directories(disk_);
    ASSERT_EQ(mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=8m"), 0) << std::strerror(errno);
    mounted_ = true;
  }
  void TearDown() override {
    server_.reset();
    if (mounted_) umount2(disk_.c_str(), MNT_DETACH);
    ServerTest::TearDown();
  }
  std::vector<std::string> database_args() override { return {"--data-dir", (disk_ / "data").string()}; }

  /// Fills the disk with a file: every byte that fits.
  void fill() {
    std::FILE* f = std::fopen((disk_ / "filler").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    const std::vector<char> chunk(4096, 'x');
    while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) {
    }
    std::fclose(f);
  }
  void free_space() { std::filesystem::remove(disk_ / "filler"); }

  std::filesystem::path disk_;
  bool mounted_ = false;
};

TEST_F(FullDiskTest, WritesFailRetryablyAndReadyzSays503UntilSpaceIsFreed) {
  start();
  WsClient alice(port());
  alice.hello(alice.sign_up("alice"));
  Json bob_id;
  {
    WsClient bob(port());  // offline while alice writes: nobody to deliver to
    bob_id = bob.hello(bob.sign_up("bob"))["user"]["id"];
  }
  EXPECT_EQ(http(port(), verb::get, "/readyz").status, 200u);

  fill();
  // SQLite writes into space its files already hold (the WAL is reused), so
  // a few messages may still be stored before one needs new space.
  const std::string text(4000, 'z');
  int acked = 0;
  Json refused;
  std::string refused_id;
  for (int i = 0; i < 2000 && refused.is_null(); ++i) {
    const std::string client_id = "c" + std::to_string(i);
    alice.send(direct_message(bob_id, client_id, text));
    Json reply = alice.next();
    if (reply["type"] == "ack") {
      ++acked;
    } else {
      refused = reply;
      refused_id = client_id;
    }
  }
  ASSERT_FALSE(refused.is_null()) << "2000 messages of 4000 characters fit on a full 8 MiB disk";
  EXPECT_EQ(refused["type"], "error");
  EXPECT_EQ(refused["code"], "unavailable") << refused.dump();
  EXPECT_EQ(refused["retryable"], true);

  const auto full = http(port(), verb::get, "/readyz");
  EXPECT_EQ(full.status, 503u);
  EXPECT_TRUE(contains(full.body, "disk is full")) << full.body;

  free_space();
  const auto again = http(port(), verb::get, "/readyz");
  EXPECT_EQ(again.status, 200u) << again.body;
  // The refused message was not stored: sending it again stores it now.
  alice.send(direct_message(bob_id, refused_id, text));
  EXPECT_TRUE(alice.expect("ack").contains("cursor")) << "a retry of a stored message has no cursor";
  // What was acked before the disk filled stayed stored.
  if (acked > 0) {
    alice.send(direct_message(bob_id, "c0", text));
    EXPECT_FALSE(alice.expect("ack").contains("cursor"));
  }
}

}  // namespace
}  // namespace herald::testing
