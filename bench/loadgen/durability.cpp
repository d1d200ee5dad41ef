// Durable writes (Herald only): `senders` users, one connection each, send
// direct messages to each other (user i to user i+1, the last to the first),
// each with `sender_window` in flight. Herald acknowledges a message only
// after its transaction committed, so acks per second are committed
// messages per second.
#include <cstdio>

#include "measure.hpp"
#include "scenario.hpp"

namespace herald::bench {
namespace {

class DurabilityRun final : public Listener {
 public:
  DurabilityRun(boost::asio::io_context& io, const Options& o)
      : io_(io), o_(o), fleet_(io, o, *this), tick_(io), window_(o.warmup_s, o.duration_s, o.server_pid) {}

  nlohmann::json run() {
    fleet_.open(1, o_.senders, [this] { begin(); });
    io_.run();
    return report_;
  }

  void on_ready(Connection& c) override { fleet_.ready(c); }
  void on_failed(Connection& c, const std::string& why) override { fleet_.failed(c, why); }

  void on_text(Connection& c, std::string_view text) override {
    // Only the sender's own replies: "ack" or "error" with our client_id.
    if (text.find("\"client_id\":\"d") == std::string_view::npos) return;
    const bool ack = text.find("\"type\":\"ack\"") != std::string_view::npos;
    const bool error = !ack && text.find("\"type\":\"error\"") != std::string_view::npos;
    if (!ack && !error) return;  // the receiver's copy of a message
    if (window_.measuring()) {
      if (ack) {
        ++acks_;
        std::int64_t sent_ns = 0;
        std::int64_t seq = 0;
        if (read_stamp(text, sent_ns, seq)) latencies_.add(now_ns() - sent_ns);
      } else {
        ++errors_;
        if (errors_ <= 3) std::fprintf(stderr, "error: %.*s\n", static_cast<int>(text.size()), text.data());
      }
    }
    if (!window_.over()) send_one(c);
  }

 private:
  void begin() {
    std::fprintf(stderr, "durability: %d senders ready (%d failed)\n", o_.senders, fleet_.failures());
    window_.start(now_ns());
    for (auto& c : fleet_.connections())
      for (int i = 0; i < o_.sender_window; ++i) send_one(*c);
    schedule();
  }

  // The client_id carries the stamp so the ack (which echoes it) gives the
  // send-to-commit latency.
  void send_one(Connection& c) {
    const int receiver = c.index() % o_.senders + 1;
    const std::string stamp = "d@@" + std::to_string(now_ns()) + ":" + std::to_string(seq_++) + "@@";
    c.send_text(R"({"v":1,"type":"message.send","client_id":")" + stamp + R"(","to":)" +
                std::to_string(receiver) + R"(,"text":")" + std::string(static_cast<std::size_t>(o_.payload_bytes), 'x') +
                "\"}");
  }

  void schedule() {
    tick_.expires_after(std::chrono::milliseconds(10));
    tick_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      if (window_.advance(now_ns()) == MeasuredWindow::Phase::over) return finish();
      schedule();
    });
  }

  void finish() {
    const double seconds = window_.seconds();
    report_ = {{"scenario", "durability"},
               {"senders", o_.senders},
               {"window_per_sender", o_.sender_window},
               {"payload_bytes", o_.payload_bytes},
               {"committed_messages_per_s", static_cast<double>(acks_) / seconds},
               {"errors", errors_},
               {"send_to_ack_latency", latencies_.summary()},
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
  Latencies latencies_;
  nlohmann::json report_;
  std::int64_t seq_ = 0, acks_ = 0, errors_ = 0;
};

}  // namespace

nlohmann::json run_durability(boost::asio::io_context& io, const Options& options) {
  return DurabilityRun(io, options).run();
}

}  // namespace herald::bench
