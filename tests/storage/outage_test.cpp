// MariaDB going away under a running worker: jobs fail fast with retryable
// errors, healthy() turns false, and after the server is back the worker
// reconnects by itself. Kills and restarts the server that
// scripts/lib/mariadb.sh started (HERALD_TEST_MYSQL_DIR).
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "event_loop.hpp"
#include "herald/storage/storage_worker.hpp"
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::StorageFailure;
using core::StorageJob;
using Outcome = std::optional<StorageFailure>;
using testing::EventLoop;
using testing::StorageTest;
using namespace std::chrono_literals;

int mariadb_script(const std::string& command, const std::string& dir) {
  const std::string line =
      "bash '" HERALD_SOURCE_DIR "/scripts/lib/mariadb.sh' " + command + " '" + dir + "'";
  return std::system(line.c_str());
}

// Brings the server back however the test ends, for the tests after it.
struct RestartOnExit {
  std::string dir;
  ~RestartOnExit() { mariadb_script("restart", dir); }
};

class OutageTest : public StorageTest {};

TEST_P(OutageTest, WorkerFailsFastWhileTheDatabaseIsDownAndRecoversByItself) {
  if (!is_mysql()) GTEST_SKIP() << "MariaDB only: SQLite has no server to lose";
  const char* dir = std::getenv("HERALD_TEST_MYSQL_DIR");
  if (dir == nullptr || *dir == '\0')
    GTEST_SKIP() << "needs HERALD_TEST_MYSQL_DIR (exported by mariadb_start) to kill and restart the server";
  const auto a = make_user("anna"), b = make_user("bartek");
  db_.reset();

  EventLoop loop;
  StorageWorkerOptions options;
  options.reconnect_interval = 50ms;
  options.max_reconnect_interval = 500ms;
  options.idle_ping_interval = 200ms;
  StorageWorker worker(url(), loop.post(), options);

  const auto run = [&](const std::string& client_id) -> Outcome {
    Outcome outcome;
    bool finished = false;
    worker.submit(StorageJob{[&, client_id](core::Storage& s) {
                               s.insert_message(core::NewMessage{a, b, client_id, client_id, 1});
                             },
                             [&](const Outcome& o) {
                               outcome = o;
                               finished = true;
                             }});
    EXPECT_TRUE(loop.run_until([&] { return finished; }, 20s)) << "job " << client_id << " never finished";
    return outcome;
  };

  ASSERT_FALSE(run("before"));
  RestartOnExit restart{dir};
  ASSERT_EQ(mariadb_script("kill", dir), 0);

  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto outcome = run("down" + std::to_string(i));
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(outcome) << "the database is down";
    EXPECT_TRUE(outcome->retryable) << outcome->what;
    if (i < 2)
      std::cout << "[ outage ] job failed in "
                << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                << " ms: " << outcome->what << "\n";
    EXPECT_LT(took, 5s) << "jobs fail fast while the database is down";
  }
  EXPECT_FALSE(worker.healthy());

  ASSERT_EQ(mariadb_script("restart", dir), 0);
  // healthy() flips on the worker thread: poll it (bounded).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!worker.healthy() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(worker.healthy()) << "the worker reconnects without any job";
  ASSERT_FALSE(run("after"));
  EXPECT_GE(worker.stats().reconnects, 1u);
  worker.stop();

  db_ = open();
  EXPECT_TRUE(db_->message_by_client_id(a, "before"));
  EXPECT_TRUE(db_->message_by_client_id(a, "after"));
  EXPECT_FALSE(db_->message_by_client_id(a, "down0"));
}

TEST_P(OutageTest, ARestartWhileIdleCostsNoJob) {
  if (!is_mysql()) GTEST_SKIP() << "MariaDB only: SQLite has no server to lose";
  const char* dir = std::getenv("HERALD_TEST_MYSQL_DIR");
  if (dir == nullptr || *dir == '\0')
    GTEST_SKIP() << "needs HERALD_TEST_MYSQL_DIR (exported by mariadb_start) to kill and restart the server";
  const auto a = make_user("anna"), b = make_user("bartek");
  db_.reset();

  EventLoop loop;
  StorageWorkerOptions options;
  options.idle_ping_interval = std::chrono::hours(1);  // the dead connection is found by the next batch
  StorageWorker worker(url(), loop.post(), options);
  std::vector<Outcome> outcomes;
  const auto insert = [&](const std::string& client_id) {
    worker.submit(StorageJob{[&, client_id](core::Storage& s) {
                               s.insert_message(core::NewMessage{a, b, client_id, client_id, 1});
                             },
                             [&](const Outcome& o) { outcomes.push_back(o); }});
  };
  insert("before");
  ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 1; }, 20s));
  {
    RestartOnExit restart{dir};
    ASSERT_EQ(mariadb_script("kill", dir), 0);
  }
  insert("after1");
  insert("after2");
  ASSERT_TRUE(loop.run_until([&] { return outcomes.size() == 3; }, 20s));
  for (const auto& o : outcomes) EXPECT_FALSE(o) << o->what;
  EXPECT_EQ(worker.stats().reconnects, 1u) << "BEGIN found the connection dead and reconnected once";
  EXPECT_TRUE(worker.healthy());
}

HERALD_STORAGE_BACKENDS(OutageTest);

}  // namespace
}  // namespace herald::storage
