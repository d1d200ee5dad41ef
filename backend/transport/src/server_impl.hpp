// Internal: what WebSocketServer forwards to. One implementation per
// websocketpp config (plain and TLS, endpoint_server.hpp); the factories
// live in plain_server.cpp and tls_server.cpp so each compiles on its own.
#pragma once

#include <memory>

#include "herald/transport/websocket_server.hpp"

namespace herald::transport {

class ServerImpl {
 public:
  virtual ~ServerImpl() = default;
  virtual void set_readiness_probe(ReadinessProbe probe) = 0;
  virtual void set_metrics(MetricsSource source) = 0;
  virtual void mount(runtime::MountedService& door) = 0;
  virtual std::uint16_t listen() = 0;
  virtual void stop_accepting() = 0;
  virtual void close_all(std::uint16_t code, const std::string& reason) = 0;
  virtual std::size_t connection_count() const = 0;
  virtual std::uint64_t send_queue_drops() const = 0;
  virtual void send(runtime::ConnectionId id, const runtime::Frame& frame) = 0;
  virtual bool notify_when_drained(runtime::ConnectionId id) = 0;
  virtual void close(runtime::ConnectionId id, std::uint16_t code, const std::string& reason) = 0;
};

std::unique_ptr<ServerImpl> make_plain_server(boost::asio::io_context& io, ServerOptions options);
/// Loads options.tls_cert / tls_key first; throws std::runtime_error naming
/// the file when either cannot be used.
std::unique_ptr<ServerImpl> make_tls_server(boost::asio::io_context& io, ServerOptions options);

}  // namespace herald::transport
