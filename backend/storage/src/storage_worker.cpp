#include "herald/storage/storage_worker.hpp"

#include <algorithm>

#include "herald/storage/soci_storage.hpp"

namespace herald::storage {
namespace {

using Clock = std::chrono::steady_clock;

StorageWorkerOptions normalized(StorageWorkerOptions options) {
  options.max_batch = std::max<std::size_t>(options.max_batch, 1);
  options.reconnect_interval = std::max(options.reconnect_interval, std::chrono::milliseconds(1));
  options.max_reconnect_interval = std::max(options.max_reconnect_interval, options.reconnect_interval);
  options.idle_ping_interval = std::max(options.idle_ping_interval, std::chrono::milliseconds(1));
  return options;
}

}  // namespace

StorageWorker::StorageWorker(DatabaseUrl url, Post post, StorageWorkerOptions options)
    : url_(std::move(url)),
      post_(std::move(post)),
      options_(normalized(options)),
      reconnect_backoff_(options_.reconnect_interval) {
  storage_ = std::make_unique<SociStorage>(url_);  // fails start-up loudly
  healthy_ = true;
  last_activity_ = Clock::now();
  thread_ = std::thread([this] { run(); });
}

StorageWorker::~StorageWorker() {
  stop();
}

void StorageWorker::submit(core::StorageJob job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(job));
      wake_.notify_one();
      return;
    }
  }
  finish(job, core::StorageFailure{"storage worker stopped", false});
}

void StorageWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  std::lock_guard<std::mutex> join_lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

StorageWorkerStats StorageWorker::stats() const noexcept {
  return {batches_committed_.load(), jobs_committed_.load(), jobs_failed_.load(), reconnects_.load()};
}

void StorageWorker::run() {
  std::deque<core::StorageJob> batch;
  for (;;) {
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      const auto has_work = [&] { return stopping_ || !queue_.empty(); };
      // Idle: wake up to reconnect (when down) or to ping (when up).
      const auto deadline = storage_ ? last_activity_ + options_.idle_ping_interval : next_connect_attempt_;
      wake_.wait_until(lock, deadline, has_work);
      stopping = stopping_;
      const std::size_t n = std::min(queue_.size(), options_.max_batch);
      for (std::size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!batch.empty()) {
      run_batch(batch);
      batch.clear();
    } else if (stopping) {
      return;  // everything queued before stop() has run
    } else if (!storage_) {
      ensure_connected(false);
    } else if (Clock::now() >= last_activity_ + options_.idle_ping_interval) {
      idle_ping();
    }
  }
}

void StorageWorker::run_batch(std::deque<core::StorageJob>& batch) {
  last_activity_ = Clock::now();
  std::vector<Outcome> outcomes(batch.size());
  Outcome batch_failure;
  if (!ensure_connected(false)) {
    // Fail fast while the database is down: the caller may retry later.
    batch_failure = core::StorageFailure{"database unavailable: " + last_connect_error_, true};
  } else {
    try {
      begin_batch();
      for (std::size_t i = 0; i < batch.size(); ++i) outcomes[i] = run_job(batch[i]);
      storage_->commit();
    } catch (const core::StorageError& e) {
      batch_failure = core::StorageFailure{e.what(), e.retryable()};
      if (storage_ && !storage_->connection_lost()) {
        try {
          storage_->rollback();
        } catch (const core::StorageError&) {
          drop_connection();  // unknown transaction state: start afresh
        }
      }
      if (storage_ && storage_->connection_lost()) drop_connection();
    }
  }

  if (batch_failure) {
    std::fill(outcomes.begin(), outcomes.end(), batch_failure);
  } else {
    batches_committed_.fetch_add(1);
    jobs_committed_.fetch_add(static_cast<std::uint64_t>(
        std::count_if(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return !o; })));
    healthy_ = true;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) finish(batch[i], std::move(outcomes[i]));
}

void StorageWorker::begin_batch() {
  try {
    storage_->begin();
    return;
  } catch (const core::StorageError&) {
    if (!storage_->connection_lost()) throw;
  }
  // The connection died while idle (server restart, wait_timeout). Nothing
  // of this batch has run yet, so reconnecting and beginning again is safe.
  drop_connection();
  if (!ensure_connected(true)) throw core::StorageError("database unavailable: " + last_connect_error_, true);
  storage_->begin();
}

StorageWorker::Outcome StorageWorker::run_job(core::StorageJob& job) {
  storage_->savepoint();
  Outcome failure;
  try {
    if (job.work) job.work(*storage_);
  } catch (const core::StorageError& e) {
    failure = core::StorageFailure{e.what(), e.retryable()};
  } catch (const std::exception& e) {
    failure = core::StorageFailure{e.what(), false};
  } catch (...) {
    failure = core::StorageFailure{"storage job failed with an unknown exception", false};
  }
  // A lost connection took the whole transaction with it.
  if (storage_->connection_lost())
    throw core::StorageError(failure ? failure->what : "connection lost during a storage job", true);
  if (!failure) {
    storage_->release_savepoint();
    return std::nullopt;
  }
  try {
    storage_->rollback_to_savepoint();
    storage_->release_savepoint();
  } catch (const core::StorageError&) {
    // The database rolled back the whole transaction (a MySQL deadlock does):
    // the batch fails, with the cause this job saw.
    throw core::StorageError(failure->what, failure->retryable || storage_->connection_lost());
  }
  return failure;
}

bool StorageWorker::ensure_connected(bool ignore_backoff) {
  if (storage_) return true;
  if (!ignore_backoff && Clock::now() < next_connect_attempt_) return false;
  try {
    storage_ = std::make_unique<SociStorage>(url_);
  } catch (const core::StorageError& e) {
    last_connect_error_ = e.what();
    healthy_ = false;
    next_connect_attempt_ = Clock::now() + reconnect_backoff_;
    reconnect_backoff_ = std::min(reconnect_backoff_ * 2, options_.max_reconnect_interval);
    return false;
  }
  reconnects_.fetch_add(1);
  reconnect_backoff_ = options_.reconnect_interval;
  last_activity_ = Clock::now();
  healthy_ = true;
  return true;
}

void StorageWorker::drop_connection() {
  storage_.reset();
  healthy_ = false;
  next_connect_attempt_ = Clock::now();  // the next batch tries at once
}

void StorageWorker::idle_ping() {
  last_activity_ = Clock::now();
  try {
    storage_->ping();
    healthy_ = true;
  } catch (const core::StorageError&) {
    if (storage_->connection_lost()) drop_connection();
  }
}

void StorageWorker::finish(core::StorageJob& job, Outcome outcome) {
  if (outcome) jobs_failed_.fetch_add(1);
  if (!job.done) return;
  post_([done = std::move(job.done), outcome = std::move(outcome)] { done(outcome); });
}

}  // namespace herald::storage
