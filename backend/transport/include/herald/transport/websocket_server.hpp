// The network edge: one port for WebSocket clients, the web client's files,
// health checks and metrics; every other path belongs to a door (a
// runtime::MountedService: Pusher's protocol, Herald's own with its HTTP
// API). websocketpp on Boost.Asio; it does I/O only and hands complete
// text messages and HTTP requests to the door that claims their path. With
// a TLS certificate the same port speaks wss:// and https:// instead.
//
// Threading: everything runs on the io_context's thread (one thread). The
// doors must stay alive while the event loop runs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "herald/runtime/connection.hpp"
#include "herald/runtime/mounted_service.hpp"

namespace herald::transport {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 8080;       // 0: any free port (see listen())
  std::filesystem::path web_root;  // index.html and the client's files; empty: none
  std::size_t max_frame_bytes = 64 * 1024;
  /// Pusher batch_events carry up to 10 events of 10 KB each.
  std::size_t max_http_body_bytes = 256 * 1024;
  /// PEM certificate chain and private key; both set: TLS on the port.
  std::filesystem::path tls_cert;
  std::filesystem::path tls_key;
  /// Browser origins allowed to open a WebSocket (see OriginPolicy); empty:
  /// any. A refused handshake gets HTTP 403.
  std::vector<std::string> allowed_origins;
  /// The slow-reader bound: a frame always enters an empty send queue; a
  /// connection whose queue would pass 4 times this, or stays over it for
  /// 10 s, is closed (1008, a slow reader) instead of queuing more.
  std::size_t max_send_queue_bytes = 1024 * 1024;
  /// WebSocket handshakes beyond these get HTTP 503 (total) or 429 (from one
  /// remote address).
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_address = 100;
  /// Every open connection is pinged this often; one that has sent nothing
  /// (no frame, no pong) for the idle timeout is closed (1001).
  unsigned ping_interval_seconds = 30;
  unsigned idle_timeout_seconds = 75;

  bool tls() const { return !tls_cert.empty() && !tls_key.empty(); }
};

/// Answers /readyz: calls `reply(true, "")` when the database answers.
using ReadinessProbe = std::function<void(std::function<void(bool ready, std::string detail)> reply)>;

class ServerImpl;  // src/server_impl.hpp

/// Renders GET /metrics (Prometheus text format 0.0.4).
using MetricsSource = std::function<std::string()>;

class WebSocketServer final : public runtime::Outbound {
 public:
  /// Throws std::runtime_error when the TLS certificate or key cannot be loaded.
  WebSocketServer(boost::asio::io_context& io, ServerOptions options);
  ~WebSocketServer() override;

  /// Answers /readyz with `probe` (503 "starting" until it is set).
  void set_readiness_probe(ReadinessProbe probe);
  /// Adds a door: WebSockets and HTTP requests on the paths it claims go to
  /// it, unless a door mounted earlier claims them first (so a door that
  /// claims every WebSocket path, Herald's, is mounted last).
  void mount(runtime::MountedService& door);
  /// Serves GET /metrics from `source`; without one /metrics is 404.
  void set_metrics(MetricsSource source);
  /// Binds and starts accepting; returns the bound port. Throws on failure.
  std::uint16_t listen();
  /// Stops accepting new connections; open ones stay.
  void stop_accepting();
  /// Closes every open WebSocket with `code` (1001 "going away" at shutdown).
  void close_all(std::uint16_t code, const std::string& reason);
  std::size_t connection_count() const;
  /// Frames not queued because the connection's send queue was full (each
  /// closed that connection).
  std::uint64_t send_queue_drops() const;

  void send(runtime::ConnectionId id, const runtime::Frame& frame) override;
  bool notify_when_drained(runtime::ConnectionId id) override;
  void close(runtime::ConnectionId id, std::uint16_t code, const std::string& reason) override;

 private:
  std::unique_ptr<ServerImpl> impl_;
};

}  // namespace herald::transport
