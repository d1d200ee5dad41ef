// Pusher apps this server hosts: credentials and per-app policy, parsed from
// `--pusher-app ID:KEY:SECRET` flags, and the lookups the transport needs
// (by key for WebSocket paths /app/{key}, by id for HTTP paths /apps/{id}).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "herald/pusher/error.hpp"
#include "herald/pusher/signing.hpp"

namespace herald::pusher {

/// Webhook events Pusher defines (webhooks docs).
enum class WebhookEvent : std::uint8_t {
  channel_occupied,
  channel_vacated,
  member_added,
  member_removed,
  client_event,
  subscription_count,  // only with App::subscription_count and only when listed
  cache_miss,          // a subscriber of a cache channel found nothing kept
};
std::string_view to_string(WebhookEvent event) noexcept;

struct WebhookConfig {
  std::string url;  // empty: no webhooks
  std::vector<WebhookEvent> events{WebhookEvent::channel_occupied, WebhookEvent::channel_vacated,
                                   WebhookEvent::member_added, WebhookEvent::member_removed,
                                   WebhookEvent::cache_miss};
  bool wants(WebhookEvent event) const noexcept;
};

struct App {
  std::string id;      // in HTTP API paths: /apps/{id}/events
  std::string key;     // public: in WebSocket paths /app/{key} and in auth values
  std::string secret;  // signs everything; never sent anywhere
  bool enabled = true;
  /// Lets clients send client-* events on private- and presence- channels.
  bool enable_client_messages = false;
  /// Closes connections that do not pusher:signin in time (4009).
  bool user_authentication_required = false;
  WebhookConfig webhook;
  std::size_t max_connections = 0;              // 0: no limit (4004 when over)
  double max_client_events_per_second = 10;     // per connection (4301 when over)
  std::size_t max_event_data_bytes = 10 * 1024;  // Pusher's 10 KB
  std::uint32_t activity_timeout_seconds = 120;  // sent in connection_established
  /// With user_authentication_required: seconds a connection has to sign in.
  std::uint32_t user_authentication_timeout_seconds = 30;
  std::size_t max_presence_members = 100;  // Pusher's limit per presence channel
  /// Channels one connection may be subscribed to at once (403 past it).
  std::size_t max_channels_per_connection = 500;
  /// Frames of any kind one connection may send: a burst of this many, then
  /// this many per second. Over it: pusher:error, the frame dropped; after
  /// 20 such frames in a row the connection is closed with 4100.
  double max_frames_per_second = 50;
  /// Herald's resume extension: channel events kept this long (and at most
  /// history_max_events per channel) for clients that reconnect; 0: off.
  std::uint32_t history_seconds = 120;
  std::size_t history_max_events = 100;
  /// Pusher's subscription counting: pusher_internal:subscription_count
  /// frames on public, private and private-encrypted channels, and the
  /// subscription_count webhook when webhook_events lists it.
  bool subscription_count = false;
  /// Herald's own users on this app: herald-server signs their
  /// private-herald-user-{id} subscriptions and sign-ins (/pusher/auth,
  /// /pusher/user-auth) and publishes their notifications there.
  bool herald_users = false;

  AppKeys keys() const noexcept { return AppKeys{key, secret}; }
};

/// Secrets shorter than this are refused (`openssl rand -hex 16` makes 32).
inline constexpr std::size_t kMinSecretLength = 16;

/// Parses "ID:KEY:SECRET". ID and KEY are 1 to 64 characters of
/// [A-Za-z0-9_.-]; SECRET is at least kMinSecretLength printable ASCII
/// characters without spaces (':' allowed: everything after the second ':').
/// Error: app_spec_invalid, naming the part at fault. The secret never
/// appears in a message.
Result<App> parse_app_spec(std::string_view spec);

/// The apps of one server, looked up by key or id. Built at start-up;
/// pointers from the finders stay valid until the next add().
class AppDirectory {
 public:
  /// app_duplicate when the id or the key is already taken.
  Status add(App app);
  const App* find_by_key(std::string_view key) const noexcept;
  const App* find_by_id(std::string_view id) const noexcept;
  const std::vector<App>& apps() const noexcept { return apps_; }

 private:
  std::vector<App> apps_;  // few apps: a linear search is the fastest lookup
};

}  // namespace herald::pusher
