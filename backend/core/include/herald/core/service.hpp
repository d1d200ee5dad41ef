// The chat and notification service: everything Herald does with a frame,
// with no socket and no SQL in sight. The transport calls on_open / on_text /
// on_close from its event loop thread (and only from there); replies and
// fan-out leave through Outbound; storage work goes through StorageQueue.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "herald/core/effects.hpp"
#include "herald/core/hub.hpp"
#include "herald/core/observer.hpp"
#include "herald/core/service_config.hpp"
#include "herald/core/storage.hpp"
#include "herald/runtime/mounted_service.hpp"
#include "herald/runtime/notification_listener.hpp"

namespace herald::core {

struct Context;

/// An HTTP answer for the REST API: status code and a JSON body.
struct ApiReply {
  int status = 200;
  std::string body;
};

/// Herald's own door: mounted on the transport after every other door, it
/// takes the WebSocket paths they leave (any path) and POST
/// /api/v1/notifications (http_api.cpp).
class Service final : public runtime::MountedService {
 public:
  Service(ServiceConfig config, Outbound& out, StorageQueue& storage, BlockingRunner& blocking,
          const Clock& clock);
  ~Service() override;
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// A WebSocket connection opened from `address`; it is sent "welcome".
  void on_open(ConnectionId id, std::string address);
  /// One complete text message from the connection.
  void on_text(ConnectionId id, std::string_view frame) override;
  void on_close(ConnectionId id) override;
  /// The connection's send queue drained after Outbound::notify_when_drained
  /// returned true: a paused replay goes on.
  void on_drained(ConnectionId id) override;

  // runtime::MountedService: the door's paths.
  bool claims_websocket(std::string_view /*path*/) const override { return true; }
  bool claims_http(std::string_view path) const override;
  void on_open(ConnectionId id, std::string_view /*path*/, std::string_view /*raw_query*/,
               std::string_view remote_address) override {
    on_open(id, std::string(remote_address));
  }
  /// POST /api/v1/notifications: the API key (ServiceConfig::api_key), then
  /// api_send_notification; 405 with Allow, 401 with WWW-Authenticate, 503
  /// with Retry-After.
  void on_http(const runtime::HttpRequest& request, std::function<void(runtime::HttpReply)> reply) override;

  /// POST /api/v1/notifications with an already authenticated API key: the
  /// JSON body of a notification.send without "v"/"type" ("client_id" is
  /// optional here). `reply` runs on the event loop.
  void api_send_notification(std::string_view body, std::function<void(ApiReply)> reply);

  /// Reports frames, errors and sign-ins to `observer` from now on; it must
  /// outlive the Service.
  void set_observer(ServiceObserver& observer);

  /// Tells `listener` about every notification stored from now on; it must
  /// stay alive as long as the event loop runs the Service.
  void add_notification_listener(runtime::NotificationListener& listener);

  /// Looks up the user of a session token (unexpired, not signed out) for
  /// another room's HTTP endpoint. `done` runs on the event loop with the
  /// user, or nullopt for an unknown token or when the database failed.
  void resolve_session(const std::string& token, std::function<void(std::optional<protocol::UserInfo>)> done);

  const Hub& hub() const;
  const ServiceConfig& config() const;

 private:
  std::unique_ptr<Context> ctx_;
};

}  // namespace herald::core
