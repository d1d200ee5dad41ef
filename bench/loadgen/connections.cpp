// Connection set-up rate and server memory per idle connection: opens
// `connections` (Herald: signed in, so each holds a user session), then
// reads the server's RSS once they have settled.
#include <cstdio>
#include <thread>

#include "measure.hpp"
#include "scenario.hpp"

namespace herald::bench {
namespace {

class ConnectionsRun final : public Listener {
 public:
  ConnectionsRun(boost::asio::io_context& io, const Options& o) : io_(io), o_(o), fleet_(io, o, *this), settle_(io) {}

  nlohmann::json run() {
    rss_before_ = process_rss_kib(o_.server_pid);
    cpu_start_ = own_cpu_seconds();
    start_ns_ = now_ns();
    fleet_.open(1, o_.connections, [this] { all_ready(); });
    io_.run();
    return report_;
  }

  void on_ready(Connection& c) override { fleet_.ready(c); }
  void on_failed(Connection& c, const std::string& why) override { fleet_.failed(c, why); }
  void on_text(Connection&, std::string_view) override {}

 private:
  void all_ready() {
    const double seconds = static_cast<double>(now_ns() - start_ns_) / 1e9;
    const double cpu = own_cpu_seconds() - cpu_start_;
    const int ready = o_.connections - fleet_.failures();
    report_ = {{"scenario", "connections"},
               {"connections", ready},
               {"failed_connections", fleet_.failures()},
               {"setup_seconds", seconds},
               {"connections_per_s", ready / seconds},
               {"loadgen_cpu_core_share", cpu / seconds}};
    // Let allocations settle (and pings pass) before reading memory.
    settle_.expires_after(std::chrono::seconds(3));
    settle_.async_wait([this, ready](boost::system::error_code) {
      const auto rss_after = process_rss_kib(o_.server_pid);
      report_["server_rss_before_kib"] = rss_before_;
      report_["server_rss_after_kib"] = rss_after;
      if (ready > 0)
        report_["server_rss_per_connection_kib"] =
            static_cast<double>(rss_after - rss_before_) / static_cast<double>(ready);
      fleet_.close_all();
      io_.stop();
    });
  }

  boost::asio::io_context& io_;
  const Options& o_;
  Fleet fleet_;
  boost::asio::steady_timer settle_;
  nlohmann::json report_;
  std::int64_t rss_before_ = 0;
  std::int64_t start_ns_ = 0;
  double cpu_start_ = 0;
};

}  // namespace

nlohmann::json run_connections(boost::asio::io_context& io, const Options& options) {
  return ConnectionsRun(io, options).run();
}

}  // namespace herald::bench
