#include "event_queue.hpp"

#include <utility>

#include "herald/platform/platform.hpp"

namespace herald::platform {

EventQueue& EventQueue::instance() {
  static EventQueue queue;
  return queue;
}

void EventQueue::post(std::function<void()> task) {
  const std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(std::move(task));
}

void EventQueue::run_pending() {
  std::deque<std::function<void()>> batch;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    batch.swap(tasks_);
  }
  for (auto& task : batch) task();
}

void poll_events() {
  EventQueue::instance().run_pending();
}

}  // namespace herald::platform
