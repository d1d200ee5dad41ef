// Pusher Channels served by herald-server (issue #6, docs/pusher.md): the
// state of every hosted app (connections, channels, presence members,
// recent history) and what happens on each WebSocket frame and HTTP API
// request, driven by the transport. The protocol rules themselves live in
// herald_pusher; this room keeps the state and does the I/O through ports:
// frames leave through runtime::Outbound (the same connections the transport
// keeps for Herald's protocol), webhooks through WebhookPoster, time comes
// from runtime::Clock.
//
// Threading: the event loop's thread only, like core::Service.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "herald/pusher/app_config.hpp"
#include "herald/pusher/webhook.hpp"
#include "herald/runtime/connection.hpp"
#include "herald/runtime/mounted_service.hpp"
#include "herald/runtime/notification_listener.hpp"

namespace herald::pusher_service {

/// Sends a signed webhook request in the background (retrying as it sees
/// fit); must return at once.
class WebhookPoster {
 public:
  virtual ~WebhookPoster() = default;
  virtual void post(pusher::WebhookRequest request) = 0;
};

using runtime::HttpReply;
using runtime::HttpRequest;

/// Resolves a Herald session token to its user (core::Service::resolve_session).
using SessionResolver = std::function<void(const std::string& token,
                                           std::function<void(std::optional<protocol::UserInfo>)> done)>;

struct ServiceOptions {
  /// Random per server run: socket id prefixes and history epochs.
  std::uint64_t random_seed = 1;
  /// How often tick() is expected; webhook events wait at most this long.
  std::int64_t tick_ms = 250;
};

/// Mounted on the transport's port (runtime::MountedService): WebSockets on
/// /app/{key}, HTTP on /apps/... and /pusher/....
class PusherService final : public runtime::NotificationListener, public runtime::MountedService {
 public:
  PusherService(pusher::AppDirectory apps, runtime::Outbound& out, WebhookPoster& webhooks,
                const runtime::Clock& clock, ServiceOptions options = {});
  ~PusherService() override;
  PusherService(const PusherService&) = delete;
  PusherService& operator=(const PusherService&) = delete;

  /// /app/...
  bool claims_websocket(std::string_view path) const override;
  /// /apps/... and /pusher/...
  bool claims_http(std::string_view path) const override;
  /// /pusher/auth and /pusher/user-auth: pusher-js calls them from the
  /// page, which may be on another origin (they take a Bearer token). The
  /// HTTP API (/apps/...) is for app servers only.
  bool allows_cross_origin(std::string_view path) const override;

  /// A WebSocket opened on `path` (without query). The connection is sent
  /// connection_established, or pusher:error and a 4000-4099 close.
  void on_open(runtime::ConnectionId id, std::string_view path, std::string_view raw_query,
               std::string_view remote_address) override;
  void on_text(runtime::ConnectionId id, std::string_view text) override;
  void on_close(runtime::ConnectionId id) override;

  /// The HTTP API and Herald's auth endpoints. `reply` runs on the event
  /// loop, at once or after a storage round trip.
  void on_http(const HttpRequest& request, std::function<void(HttpReply)> reply) override;
  /// 4201 "Pong reply not received": pusher-js reconnects at once.
  IdleClose idle_close() const override;

  /// Herald's users on Pusher: the auth endpoints need their sessions.
  void set_session_resolver(SessionResolver resolver);

  /// Call every ServiceOptions::tick_ms: sends batched webhooks, closes
  /// connections that did not sign in in time, expires history.
  void tick();

  /// Publishes a Herald notification on its recipients' private channels.
  void notification_published(const protocol::NotificationRecord& notification,
                              const std::vector<protocol::UserId>& recipients, bool everyone) override;

  std::size_t connection_count() const;
  const pusher::AppDirectory& apps() const;

  struct State;  // internal (src/state.hpp); public so the source files' free functions can name it

 private:
  std::unique_ptr<State> state_;
};

}  // namespace herald::pusher_service
