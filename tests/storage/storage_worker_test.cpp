// The storage worker: group commit, savepoint isolation, failed commits,
// acknowledgement only after commit, draining on stop.
#include "herald/storage/storage_worker.hpp"

#include <soci/soci.h>

#include <future>
#include <iostream>

#include "event_loop.hpp"
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::Storage;
using core::StorageFailure;
using core::StorageJob;
using Outcome = std::optional<StorageFailure>;
using testing::EventLoop;
using testing::StorageTest;

class StorageWorkerTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (IsSkipped()) return;
    a_ = make_user("anna");
    b_ = make_user("bartek");
  }

  /// A job that holds the worker until release() so that the jobs submitted
  /// meanwhile queue up and go into one batch.
  StorageJob gate_job() {
    auto gate = gate_.get_future().share();
    return StorageJob{[gate](Storage&) { gate.wait(); }, [this](const Outcome& o) { record(0, o); }};
  }
  void release() { gate_.set_value(); }

  StorageJob insert_job(std::size_t slot, const std::string& client_id) {
    return StorageJob{[this, client_id](Storage& s) {
                        s.insert_message(core::NewMessage{a_, b_, "text " + client_id, client_id, 1});
                      },
                      [this, slot](const Outcome& o) { record(slot, o); }};
  }

  void record(std::size_t slot, const Outcome& o) {
    if (outcomes_.size() <= slot) outcomes_.resize(slot + 1);
    outcomes_[slot] = o;
    ++done_;
  }
  bool wait_for(std::size_t count) {
    return loop_.run_until([&] { return done_ >= count; });
  }
  bool stored(const std::string& client_id) { return db_->message_by_client_id(a_, client_id).has_value(); }

  core::UserId a_ = 0, b_ = 0;
  EventLoop loop_;
  std::promise<void> gate_;
  std::vector<Outcome> outcomes_;
  std::size_t done_ = 0;
};

TEST_P(StorageWorkerTest, GroupCommitsWhatIsQueued) {
  StorageWorker worker(url(), loop_.post());
  EXPECT_TRUE(worker.healthy());
  worker.submit(gate_job());
  constexpr std::size_t kJobs = 200;
  for (std::size_t i = 1; i <= kJobs; ++i) worker.submit(insert_job(i, "g" + std::to_string(i)));
  release();
  ASSERT_TRUE(wait_for(kJobs + 1));
  for (std::size_t i = 0; i <= kJobs; ++i)
    EXPECT_FALSE(outcomes_[i]) << "job " << i << ": " << outcomes_[i]->what;
  const auto stats = worker.stats();
  std::cout << "[ group commit ] " << testing::backend_name({GetParam(), 0}) << ": " << stats.jobs_committed
            << " jobs in " << stats.batches_committed << " transactions\n";
  EXPECT_EQ(stats.jobs_committed, kJobs + 1);
  EXPECT_LE(stats.batches_committed, 3u) << "the 200 queued jobs share a transaction";
  EXPECT_EQ(stats.jobs_failed, 0u);
  EXPECT_EQ(db_->direct_history(a_, b_, std::nullopt, std::nullopt, 1000).size(), kJobs);
}

TEST_P(StorageWorkerTest, BatchesAreCappedAtMaxBatch) {
  StorageWorkerOptions options;
  options.max_batch = 50;
  StorageWorker worker(url(), loop_.post(), options);
  worker.submit(gate_job());
  for (std::size_t i = 1; i <= 200; ++i) worker.submit(insert_job(i, "m" + std::to_string(i)));
  release();
  ASSERT_TRUE(wait_for(201));
  const auto stats = worker.stats();
  EXPECT_EQ(stats.jobs_committed, 201u);
  EXPECT_GE(stats.batches_committed, 5u) << "1 + 200 / 50";
  EXPECT_LE(stats.batches_committed, 6u);
}

TEST_P(StorageWorkerTest, AFailingJobIsRolledBackAlone) {
  StorageWorker worker(url(), loop_.post());
  worker.submit(gate_job());
  worker.submit(insert_job(1, "A"));
  worker.submit(StorageJob{[this](Storage& s) {
                             s.insert_message(core::NewMessage{a_, b_, "B", "B", 1});
                             throw std::runtime_error("job B gives up");
                           },
                           [this](const Outcome& o) { record(2, o); }});
  worker.submit(insert_job(3, "C"));
  worker.submit(insert_job(4, "A"));  // duplicate client id: a StorageError
  worker.submit(insert_job(5, "E"));
  worker.submit(StorageJob{[](Storage&) {}, nullptr});  // no callback: fine
  release();
  ASSERT_TRUE(wait_for(6));
  EXPECT_FALSE(outcomes_[1]);
  ASSERT_TRUE(outcomes_[2]);
  EXPECT_EQ(outcomes_[2]->what, "job B gives up");
  EXPECT_FALSE(outcomes_[2]->retryable);
  EXPECT_FALSE(outcomes_[3]);
  ASSERT_TRUE(outcomes_[4]);
  EXPECT_FALSE(outcomes_[4]->retryable);
  EXPECT_NE(outcomes_[4]->what.find("insert_message"), std::string::npos) << outcomes_[4]->what;
  EXPECT_FALSE(outcomes_[5]);
  worker.stop();
  EXPECT_TRUE(stored("A"));
  EXPECT_FALSE(stored("B")) << "job B's insert was rolled back to its savepoint";
  EXPECT_TRUE(stored("C"));
  EXPECT_TRUE(stored("E"));
  EXPECT_EQ(db_->direct_history(a_, b_, std::nullopt, std::nullopt, 100).size(), 3u);
  const auto stats = worker.stats();
  EXPECT_EQ(stats.jobs_failed, 2u);
  EXPECT_EQ(stats.jobs_committed, 5u);  // gate, A, C, E, the silent one
  EXPECT_LE(stats.batches_committed, 2u);
}

TEST_P(StorageWorkerTest, DoneRunsAfterTheCommitIsVisibleToOthers) {
  StorageWorker worker(url(), loop_.post());
  bool visible = false;
  worker.submit(StorageJob{[this](Storage& s) {
                             s.insert_message(core::NewMessage{a_, b_, "x", "durable", 1});
                           },
                           [&](const Outcome& o) {
                             EXPECT_FALSE(o);
                             visible = stored("durable");  // through another connection
                             ++done_;
                           }});
  ASSERT_TRUE(wait_for(1));
  EXPECT_TRUE(visible);
}

TEST_P(StorageWorkerTest, AFailedCommitFailsTheWholeBatch) {
  if (is_mysql()) GTEST_SKIP() << "SQLite only: deferred foreign keys make COMMIT itself fail";
  StorageWorker worker(url(), loop_.post());
  worker.submit(StorageJob{
      [](Storage& s) { dynamic_cast<SociStorage&>(s).session() << "PRAGMA defer_foreign_keys = ON"; },
      [this](const Outcome& o) { record(0, o); }});
  worker.submit(insert_job(1, "lost"));
  worker.submit(StorageJob{[](Storage& s) { s.create_session(std::string(64, 'f'), 987654, 1, 2); },
                           [this](const Outcome& o) { record(2, o); }});
  ASSERT_TRUE(wait_for(3));
  for (std::size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(outcomes_[i]) << "job " << i << " must not be acknowledged";
    EXPECT_NE(outcomes_[i]->what.find("commit"), std::string::npos) << outcomes_[i]->what;
    EXPECT_FALSE(outcomes_[i]->retryable);
  }
  EXPECT_FALSE(stored("lost"));
  EXPECT_TRUE(worker.healthy()) << "not a connection problem";
  worker.submit(insert_job(3, "next"));
  ASSERT_TRUE(wait_for(4));
  EXPECT_FALSE(outcomes_[3]) << "the worker goes on after a failed batch";
  EXPECT_TRUE(stored("next"));
}

TEST_P(StorageWorkerTest, StopRunsEverythingQueuedAndThenRefuses) {
  auto worker = std::make_unique<StorageWorker>(url(), loop_.post());
  for (std::size_t i = 0; i < 100; ++i) worker->submit(insert_job(i, "s" + std::to_string(i)));
  worker->stop();
  ASSERT_TRUE(wait_for(100));
  for (std::size_t i = 0; i < 100; ++i) EXPECT_FALSE(outcomes_[i]) << i;
  worker->submit(insert_job(100, "too late"));
  ASSERT_TRUE(wait_for(101));
  ASSERT_TRUE(outcomes_[100]);
  EXPECT_FALSE(outcomes_[100]->retryable);
  EXPECT_FALSE(stored("too late"));
  worker->stop();  // idempotent
  worker.reset();  // and the destructor after stop()
}

TEST_P(StorageWorkerTest, StartupFailsLoudlyWhenTheDatabaseCannotBeOpened) {
  if (is_mysql()) {
    auto bad = url();
    bad.password = "wrong-password";
    try {
      StorageWorker worker(bad, loop_.post());
      FAIL() << "constructor must throw";
    } catch (const core::StorageError& e) {
      EXPECT_EQ(std::string(e.what()).find("wrong-password"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("connect"), std::string::npos) << e.what();
    }
  } else {
    EXPECT_THROW(StorageWorker(parse_database_url("sqlite:/proc/herald/nope.db"), loop_.post()),
                 core::StorageError);
  }
}

TEST_P(StorageWorkerTest, ThroughputOfQueuedJobs) {
  StorageWorker worker(url(), loop_.post());
  constexpr std::size_t kJobs = 2000;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kJobs; ++i) worker.submit(insert_job(i, "t" + std::to_string(i)));
  ASSERT_TRUE(wait_for(kJobs));
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  const auto stats = worker.stats();
  std::cout << "[ group commit ] " << testing::backend_name({GetParam(), 0}) << ": " << kJobs
            << " message jobs submitted at once: " << stats.batches_committed << " transactions, "
            << ms.count() << " ms (ASan build)\n";
  EXPECT_EQ(stats.jobs_committed, kJobs);
  EXPECT_LT(stats.batches_committed, kJobs / 4) << "jobs that queue up while a batch runs share the next one";
}

HERALD_STORAGE_BACKENDS(StorageWorkerTest);

}  // namespace
}  // namespace herald::storage
