// A port for services that share the transport's port with Herald's own
// protocol (the Pusher layer, pusher_service): the transport hands them the
// WebSocket connections and HTTP requests on the paths they claim, and knows
// nothing else about them. Everything runs on the event loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "herald/core/effects.hpp"

namespace herald::core {

/// An HTTP request on a mounted service's path.
struct HttpRequest {
  std::string_view method;
  std::string_view path;       // before '?', as received
  std::string_view raw_query;  // after '?'
  std::string_view body;
  std::string_view authorization;  // the Authorization header, "" when absent
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

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
  virtual void on_open(ConnectionId id, std::string_view path, std::string_view raw_query) = 0;
  virtual void on_text(ConnectionId id, std::string_view text) = 0;
  virtual void on_close(ConnectionId id) = 0;
  /// `reply` runs on the event loop, at once or later; exactly once.
  virtual void on_http(const HttpRequest& request, std::function<void(HttpReply)> reply) = 0;

  /// How the transport closes one of this service's connections that
  /// stopped answering pings (the transport's own default: 1001).
  struct IdleClose {
    std::uint16_t code = 1001;
    std::string reason = "idle timeout";
  };
  virtual IdleClose idle_close() const { return {}; }
};

}  // namespace herald::core
