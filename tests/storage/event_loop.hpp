// A stand-in for the server's event loop: the worker posts `done` callbacks
// here and the test thread runs them, so test state needs no locks.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "herald/storage/storage_worker.hpp"

namespace herald::storage::testing {

class EventLoop {
 public:
  StorageWorker::Post post() {
    return [this](std::function<void()> f) {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(f));
      wake_.notify_all();
    };
  }

  /// Runs posted callbacks until `done()` holds; false after `timeout`.
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!wake_.wait_until(lock, deadline, [&] { return !queue_.empty(); })) return done();
      auto f = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      f();
    }
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
};

}  // namespace herald::storage::testing
