// Sign-in with history (Herald only): one connection at a time, as user
// 1..`users` in turn; the time from sending "hello" to receiving "ready",
// which carries the first page of notifications and the conversation list.
#include <cstdio>

#include "herald/bench/bench_users.hpp"
#include "measure.hpp"
#include "scenario.hpp"

namespace herald::bench {
namespace {

class HistoryRun final : public Listener {
 public:
  HistoryRun(boost::asio::io_context& io, const Options& o) : io_(io), o_(o) {}

  nlohmann::json run() {
    next();
    io_.run();
    const double seconds = static_cast<double>(now_ns() - start_ns_) / 1e9;
    nlohmann::json report = {{"scenario", "history"},
                             {"sign_ins", done_},
                             {"users", o_.users},
                             {"failures", failures_},
                             {"ready_bytes_mean", done_ > 0 ? static_cast<double>(ready_bytes_) / done_ : 0.0},
                             {"hello_to_ready", latencies_.summary()},
                             {"seconds", seconds}};
    return report;
  }

  void on_ready(Connection& c) override {
    latencies_.add(now_ns() - c.hello_sent_ns());
    ready_bytes_ += static_cast<std::int64_t>(c.ready_frame_bytes());
    ++done_;
    c.close();
    next();
  }
  void on_failed(Connection& c, const std::string& why) override {
    if (++failures_ <= 3) std::fprintf(stderr, "sign-in %d failed: %s\n", c.index(), why.c_str());
    next();
  }
  void on_text(Connection&, std::string_view) override {}

 private:
  void next() {
    if (start_ns_ == 0) start_ns_ = now_ns();
    if (done_ + failures_ >= o_.sign_ins) return io_.stop();
    const int user = (done_ + failures_) % o_.users + 1;
    current_ = std::make_shared<Connection>(io_, o_.target, *this, user, bench_token(user));
    current_->start();
  }

  boost::asio::io_context& io_;
  const Options& o_;
  std::shared_ptr<Connection> current_;
  Latencies latencies_;
  std::int64_t start_ns_ = 0, ready_bytes_ = 0;
  int done_ = 0, failures_ = 0;
};

}  // namespace

nlohmann::json run_history(boost::asio::io_context& io, const Options& options) {
  return HistoryRun(io, options).run();
}

}  // namespace herald::bench
