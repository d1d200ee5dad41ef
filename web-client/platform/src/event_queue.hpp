// Hands work from network threads to the UI thread (native platforms only;
// the browser delivers its events on the UI thread itself).
#pragma once

#include <deque>
#include <functional>
#include <mutex>

namespace herald::platform {

class EventQueue {
 public:
  /// The one queue that poll_events() drains.
  static EventQueue& instance();

  /// Any thread: queues `task` to run on the UI thread.
  void post(std::function<void()> task);

  /// UI thread: runs the tasks queued before this call, in order. Tasks they
  /// queue run on the next call, so one call is bounded.
  void run_pending();

 private:
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace herald::platform
