// The storage worker: owns a SociStorage on its own thread and runs queued
// StorageJobs in group-committed batches, so the event loop never waits for
// the database.
//
// A batch is everything queued (up to max_batch): BEGIN, then each job's work
// inside its own SAVEPOINT (a job that throws is rolled back alone), COMMIT,
// and only then each job's `done`, through `post` (which runs it on the event
// loop). When BEGIN or COMMIT fails, or the connection is lost mid-batch,
// every job of the batch fails with that error and none is acknowledged.
//
// After a connection loss the worker reconnects before the next batch; while
// the database stays down it fails jobs at once with a retryable error
// (retrying the connection at most every reconnect_interval, doubling up to
// max_reconnect_interval) and keeps trying in the background, so healthy()
// recovers by itself.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "herald/core/storage.hpp"
#include "herald/storage/database_url.hpp"

namespace herald::storage {

class SociStorage;

struct StorageWorkerOptions {
  std::size_t max_batch = 256;  // jobs per transaction
  std::chrono::milliseconds reconnect_interval{100};
  std::chrono::milliseconds max_reconnect_interval{2000};
  /// An idle worker pings the database this often, so healthy() notices an
  /// outage (and a dropped idle connection is replaced) before a job does.
  std::chrono::milliseconds idle_ping_interval{5000};
};

struct StorageWorkerStats {
  std::uint64_t batches_committed = 0;
  std::uint64_t jobs_committed = 0;  // jobs whose work succeeded and was committed
  std::uint64_t jobs_failed = 0;     // jobs whose done received a failure
  std::uint64_t reconnects = 0;      // connections made after the first
};

class StorageWorker final : public core::StorageQueue {
 public:
  using Post = std::function<void(std::function<void()>)>;

  /// Connects (and migrates) before returning; throws core::StorageError when
  /// the database cannot be reached at start-up. `post` is called from the
  /// worker thread (and from submit() after stop()); it must stay callable
  /// until stop() has returned.
  StorageWorker(DatabaseUrl url, Post post, StorageWorkerOptions options = {});
  /// stop()s.
  ~StorageWorker() override;
  StorageWorker(const StorageWorker&) = delete;
  StorageWorker& operator=(const StorageWorker&) = delete;

  /// Thread-safe. After stop() the job fails (not retryable) through `post`.
  void submit(core::StorageJob job) override;
  /// Runs everything already queued, then joins the thread. Idempotent.
  void stop();

  /// False while the database is unreachable. Any thread.
  bool healthy() const noexcept { return healthy_.load(std::memory_order_relaxed); }
  StorageWorkerStats stats() const noexcept;

 private:
  using Outcome = std::optional<core::StorageFailure>;

  void run();
  void run_batch(std::deque<core::StorageJob>& batch);
  void begin_batch();
  Outcome run_job(core::StorageJob& job);
  bool ensure_connected(bool ignore_backoff);
  void drop_connection();
  void idle_ping();
  void finish(core::StorageJob& job, Outcome outcome);

  const DatabaseUrl url_;
  const Post post_;
  const StorageWorkerOptions options_;

  // Worker thread only.
  std::unique_ptr<SociStorage> storage_;
  std::string last_connect_error_;
  std::chrono::steady_clock::time_point next_connect_attempt_{};
  std::chrono::milliseconds reconnect_backoff_;
  std::chrono::steady_clock::time_point last_activity_{};

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<core::StorageJob> queue_;  // guarded by mutex_
  bool stopping_ = false;               // guarded by mutex_

  std::atomic<bool> healthy_{false};
  std::atomic<std::uint64_t> batches_committed_{0};
  std::atomic<std::uint64_t> jobs_committed_{0};
  std::atomic<std::uint64_t> jobs_failed_{0};
  std::atomic<std::uint64_t> reconnects_{0};

  std::mutex join_mutex_;  // stop() may be called from several threads

  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace herald::storage
