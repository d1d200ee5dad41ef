// The door port: every protocol served on the transport's port (Herald's
// own, core::Service; Pusher's, pusher_service) is a mounted service. The
// transport hands each the WebSocket connections and HTTP requests on the
// paths it claims (asking the doors in the order they were mounted) and
// knows nothing else about them. Everything runs on the event loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "herald/protocol/close_codes.hpp"
#include "herald/runtime/connection.hpp"
#include "herald/runtime/http.hpp"

namespace herald::runtime {

class MountedService {
 public:
  virtual ~MountedService() = default;

  /// True for WebSocket request paths (without query) this service takes.
  virtual bool claims_websocket(std::string_view path) const = 0;
  /// True for HTTP paths this service answers.
  virtual bool claims_http(std::string_view path) const = 0;
  /// True for claimed HTTP paths that pages of other origins may call
  /// (CORS): the transport answers their preflight and marks the replies
  /// for origins its --allowed-origin list admits. Only for requests
  /// authorized by a header, never by ambient credentials such as cookies.
  virtual bool allows_cross_origin(std::string_view /*path*/) const { return false; }

  /// A WebSocket opened on a claimed path; frames leave through the
  /// Outbound the service was given.
  virtual void on_open(ConnectionId id, std::string_view path, std::string_view raw_query,
                       std::string_view remote_address) = 0;
  virtual void on_text(ConnectionId id, std::string_view text) = 0;
  virtual void on_close(ConnectionId id) = 0;
  /// The connection's send queue drained after Outbound::notify_when_drained
  /// returned true for it.
  virtual void on_drained(ConnectionId /*id*/) {}
  /// `reply` runs on the event loop, at once or later; exactly once.
  virtual void on_http(const HttpRequest& request, std::function<void(HttpReply)> reply) = 0;

  /// How the transport closes one of this service's connections that
  /// stopped answering pings (the transport's own default: 1001).
  struct IdleClose {
    std::uint16_t code = protocol::close_code::going_away;
    std::string reason = "idle timeout";
  };
  virtual IdleClose idle_close() const { return {}; }
};

}  // namespace herald::runtime
