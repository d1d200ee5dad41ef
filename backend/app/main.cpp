// herald-server: wires configuration, storage, core, metrics and transport,
// and runs the event loop until SIGINT/SIGTERM; or runs one admin command.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "admin_commands.hpp"
#include "blocking_pool.hpp"
#include "herald/core/service.hpp"
#include "herald/protocol/close_codes.hpp"
#include "herald/storage/storage_worker.hpp"
#include "herald/transport/websocket_server.hpp"
#include "logging.hpp"
#include "operations.hpp"
#include "pusher_runtime.hpp"
#include "readiness_probe.hpp"
#include "server_options.hpp"

namespace {

using namespace herald;

class SystemClock final : public core::Clock {
 public:
  protocol::Timestamp now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

constexpr auto kShutdownGrace = std::chrono::seconds(5);

}  // namespace

int main(int argc, char** argv) {
  app::ServerOptions options;
  if (auto exit_code = app::parse_server_options(argc, argv, options)) return *exit_code;
  if (options.admin)
    return app::run_admin(*options.admin, options.database, options.service.password_cost,
                          options.service.limits, std::cin, std::cout, std::cerr);
  try {
    app::configure_logging(options.log_level, options.log_file);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "--log-file %s: %s\n", options.log_file.c_str(), e.what());
    return 1;
  }

  boost::asio::io_context io(1);
  auto post = [&io](std::function<void()> f) { boost::asio::post(io, std::move(f)); };

  std::unique_ptr<storage::StorageWorker> storage;
  try {
    storage = std::make_unique<storage::StorageWorker>(options.database, post);
  } catch (const std::exception& e) {
    spdlog::critical("cannot open the database {}: {}", options.database.redacted(), e.what());
    return 1;
  }
  spdlog::info("database: {}", options.database.redacted());

  std::unique_ptr<transport::WebSocketServer> server;
  try {
    server = std::make_unique<transport::WebSocketServer>(io, options.transport);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
  if (options.check_config) {
    std::printf("configuration OK\n");
    return 0;
  }

  SystemClock clock;
  app::BlockingPool blocking(io, 1);
  // Core reaches the transport and the storage through metering adapters,
  // and reports frames, errors and sign-ins to `events` (operations.hpp).
  app::ServerMetrics metrics([&server] { return server->connection_count(); },
                             [&server] { return server->send_queue_drops(); },
                             [&storage] { return storage->stats(); });
  app::MeteredOutbound outbound(*server, metrics);
  app::MeteredStorage metered_storage(*storage, metrics);
  app::ServiceEvents events(metrics);
  core::Service service(options.service, outbound, metered_storage, blocking, clock);
  service.set_observer(events);
  server->set_metrics([&metrics] { return metrics.render(); });
  app::ReadinessProbe readiness(metered_storage);
  server->set_readiness_probe(
      [&readiness](app::ReadinessProbe::Reply reply) { readiness.check(std::move(reply)); });

  std::unique_ptr<app::PusherRuntime> pusher;
  if (!options.pusher_apps.apps().empty()) {
    pusher = std::make_unique<app::PusherRuntime>(io, std::move(options.pusher_apps), outbound, clock,
                                                  service, *server);
    metrics.add_pusher([&pusher] { return pusher->connection_count(); },
                       [&pusher] { return pusher->webhook_stats(); });
  }
  // Herald's door last: it takes every WebSocket path the others leave.
  server->mount(service);

  std::uint16_t port = 0;
  try {
    port = server->listen();
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on {}:{}: {}", options.transport.bind_address, options.transport.port,
                     e.what());
    return 1;
  }
  const std::string host =
      options.transport.bind_address == "0.0.0.0" ? "127.0.0.1" : options.transport.bind_address;
  const char* scheme = options.transport.tls() ? "https" : "http";
  spdlog::info("listening on {}:{} ({})", options.transport.bind_address, port, scheme);
  std::printf("Herald is running at %s://%s:%u/\n", scheme, host.c_str(), static_cast<unsigned>(port));
  std::fflush(stdout);

  // Shutdown: stop accepting, commit what is queued (its acks go out), close
  // clients with 1001, and leave once they are gone or the grace period ends.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer grace(io);
  std::chrono::steady_clock::time_point deadline;
  // Polls until every client has gone (or the grace period ends): the
  // listening socket is closed, so nothing new arrives meanwhile.
  std::function<void()> wait_for_clients = [&] {
    if (server->connection_count() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (server->connection_count() != 0)
        spdlog::warn("{} connections still open after the grace period", server->connection_count());
      io.stop();
      return;
    }
    grace.expires_after(std::chrono::milliseconds(20));
    grace.async_wait([&](const boost::system::error_code&) { wait_for_clients(); });
  };
  signals.async_wait([&](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down; no new connections", signal);
    server->stop_accepting();
    if (pusher) pusher->stop();
    blocking.stop();
    storage->stop();
    const auto stats = storage->stats();
    spdlog::info("storage stopped: {} jobs committed, {} failed", stats.jobs_committed, stats.jobs_failed);
    boost::asio::post(io, [&] {
      spdlog::info("closing {} connections with 1001", server->connection_count());
      server->close_all(protocol::close_code::going_away, "server shutting down");
    });
    deadline = std::chrono::steady_clock::now() + kShutdownGrace;
    boost::asio::post(io, [&] { wait_for_clients(); });
  });

  io.run();
  spdlog::info("stopped");
  spdlog::shutdown();
  return 0;
}
