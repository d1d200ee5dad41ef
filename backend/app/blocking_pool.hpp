// core::BlockingRunner on worker threads: runs CPU-heavy work (Argon2id)
// off the event loop and posts the continuation back to it.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "herald/core/effects.hpp"

namespace herald::app {

class BlockingPool final : public core::BlockingRunner {
 public:
  BlockingPool(boost::asio::io_context& loop, unsigned threads);
  ~BlockingPool() override;
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  void run(std::function<void()> work, std::function<void()> done) override;
  /// Finishes queued work, then joins. Idempotent.
  void stop();

 private:
  void loop();

  boost::asio::io_context& event_loop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<std::function<void()>, std::function<void()>>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace herald::app
