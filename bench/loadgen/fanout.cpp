// Fan-out: `members` receivers and `publishers` publishers in one room.
// Closed loop (rate 0): `window` messages in flight; a message is complete
// when every receiver has it, and each completion releases the next one, so
// the server's delivery rate sets the pace. Open loop (rate > 0): messages
// at a fixed rate, whatever happens. Deliveries and latencies count only
// at receivers and only inside the measured window. Herald client ids carry
// the run's start time: a retried id would be acknowledged, not delivered.
#include <cstdio>

#include "measure.hpp"
#include "scenario.hpp"

namespace herald::bench {
namespace {

class FanoutRun final : public Listener {
 public:
  FanoutRun(boost::asio::io_context& io, const Options& o)
      : io_(io), o_(o), fleet_(io, o, *this), tick_(io), window_(o.warmup_s, o.duration_s, o.server_pid) {}

  nlohmann::json run() {
    fleet_.open(1, o_.members + o_.publishers, [this] { begin(); });
    io_.run();
    return report_;
  }

  void on_ready(Connection& c) override { fleet_.ready(c); }
  void on_failed(Connection& c, const std::string& why) override { fleet_.failed(c, why); }

  void on_text(Connection& c, std::string_view text) override {
    if (c.index() > o_.members) return;  // publishers: acks and their own copies
    std::int64_t sent_ns = 0;
    std::int64_t seq = 0;
    if (!read_stamp(text, sent_ns, seq)) return;
    if (window_.measuring()) {
      ++deliveries_;
      latencies_.add(now_ns() - sent_ns);
    }
    if (seq < static_cast<std::int64_t>(received_.size()) && ++received_[seq] == o_.members) {
      if (window_.measuring()) ++completed_;
      last_progress_ns_ = now_ns();
      if (o_.rate == 0) publish_one();  // keeps `window` in flight
    }
  }

 private:
  void begin() {
    std::fprintf(stderr, "fanout: %d connections ready (%d failed)\n", o_.members + o_.publishers,
                 fleet_.failures());
    window_.start(now_ns());
    last_progress_ns_ = window_.started_ns();
    if (o_.rate == 0)
      for (int i = 0; i < o_.window; ++i) publish_one();
    schedule();
  }

  void publish_one() {
    const std::int64_t seq = static_cast<std::int64_t>(received_.size());
    received_.push_back(0);
    auto& publisher = *fleet_.connections()[static_cast<std::size_t>(o_.members + seq % o_.publishers)];
    const std::string text = stamped_text(now_ns(), seq, o_.payload_bytes);
    if (o_.target.dialect == Dialect::herald)
      publisher.send_text(R"({"v":1,"type":"message.send","client_id":"f)" + std::to_string(window_.started_ns()) + "-" +
                          std::to_string(seq) +
                          R"(","room":)" + std::to_string(o_.room) + R"(,"text":")" + text + "\"}");
    else
      publisher.publish(text);
    if (window_.measuring()) ++published_;
  }

  // Every millisecond: phases, open-loop pacing, and the stall guard.
  void schedule() {
    tick_.expires_after(std::chrono::milliseconds(1));
    tick_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      const auto now = now_ns();
      if (window_.advance(now) == MeasuredWindow::Phase::over) return finish();
      if (o_.rate > 0) {
        due_ += o_.rate / 1000.0;
        for (; due_ >= 1; due_ -= 1) publish_one();
      } else if (now - last_progress_ns_ > 2'000'000'000LL) {
        // Nothing completed for 2 s: a receiver lost messages (uWS drops
        // under backpressure). Count the window as lost and refill it.
        ++stalls_;
        last_progress_ns_ = now;
        for (int i = 0; i < o_.window; ++i) publish_one();
      }
      schedule();
    });
  }

  void finish() {
    const double seconds = window_.seconds();
    report_ = {{"scenario", "fanout"},
               {"members", o_.members},
               {"publishers", o_.publishers},
               {"mode", o_.rate > 0 ? "fixed rate" : "closed loop"},
               {"window", o_.window},
               {"target_rate", o_.rate},
               {"payload_bytes", o_.payload_bytes},
               {"published_per_s", static_cast<double>(published_) / seconds},
               {"completed_messages_per_s", static_cast<double>(completed_) / seconds},
               {"deliveries_per_s", static_cast<double>(deliveries_) / seconds},
               {"latency", latencies_.summary()},
               {"stalls", stalls_},
               {"failed_connections", fleet_.failures()}};
    report_.update(window_.report());
    fleet_.close_all();
    io_.stop();
  }

  boost::asio::io_context& io_;
  const Options& o_;
  Fleet fleet_;
  boost::asio::steady_timer tick_;
  MeasuredWindow window_;
  std::vector<int> received_;  // deliveries per message seq
  Latencies latencies_;
  nlohmann::json report_;
  std::int64_t last_progress_ns_ = 0;
  std::int64_t deliveries_ = 0, published_ = 0, completed_ = 0;  // inside the measured window
  int stalls_ = 0;
  double due_ = 0;
};

}  // namespace

nlohmann::json run_fanout(boost::asio::io_context& io, const Options& options) {
  return FanoutRun(io, options).run();
}

}  // namespace herald::bench
