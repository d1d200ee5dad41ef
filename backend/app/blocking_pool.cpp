#include "blocking_pool.hpp"

#include <boost/asio/post.hpp>

namespace herald::app {

BlockingPool::BlockingPool(boost::asio::io_context& loop, unsigned threads) : event_loop_(loop) {
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { this->loop(); });
}

BlockingPool::~BlockingPool() {
  stop();
}

void BlockingPool::run(std::function<void()> work, std::function<void()> done) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(work), std::move(done));
  }
  wake_.notify_one();
}

void BlockingPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

void BlockingPool::loop() {
  for (;;) {
    std::pair<std::function<void()>, std::function<void()>> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task.first();
    boost::asio::post(event_loop_, std::move(task.second));
  }
}

}  // namespace herald::app
