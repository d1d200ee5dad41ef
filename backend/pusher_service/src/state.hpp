// Internal: the state behind PusherService and the operations every part
// of it shares (sending, publishing on a channel, leaving channels, webhook
// events). One State per server; one AppRuntime per hosted app.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "herald/runtime/connection.hpp"
#include "herald/runtime/token_bucket.hpp"
#include "herald/pusher/channel_cache.hpp"
#include "herald/pusher/channel_history.hpp"
#include "herald/pusher/channel_registry.hpp"
#include "herald/pusher/close_codes.hpp"
#include "herald/pusher/member_data.hpp"
#include "herald/pusher/socket_id.hpp"
#include "herald/pusher/subscription_counts.hpp"
#include "herald/pusher/webhook.hpp"
#include "herald/pusher_service/pusher_service.hpp"

namespace herald::pusher_service {

using runtime::ConnectionId;

/// Everything one app has at run time. Apps never see each other's.
struct AppRuntime {
  AppRuntime(const pusher::App& app, std::uint64_t history_epoch);

  const pusher::App& app;
  pusher::ChannelRegistry registry;
  pusher::WebhookBatch webhooks;
  std::optional<pusher::ChannelHistory> history;  // nullopt: history_seconds 0
  std::optional<pusher::SubscriptionCounts> counts;  // nullopt: subscription_count off
  pusher::ChannelCache cache;  // the last HTTP API event of each cache channel
  std::size_t connections = 0;
  /// Rough size of the collected webhook events: a batch is sent early when
  /// it grows past kWebhookBatchBytes, so queued webhooks stay bounded.
  std::size_t webhook_bytes = 0;
};

/// One Pusher client connection.
struct PusherConnection {
  AppRuntime* app = nullptr;
  std::string socket_id;
  std::optional<pusher::SignedInUser> user;  // after pusher:signin
  runtime::TokenBucket client_events;
  runtime::TokenBucket frames;
  int frame_violations = 0;  // frames refused in a row for the frame rate
  std::int64_t opened_ms = 0;
  bool closing = false;  // refused: frames from it are ignored until it is gone
};

struct PusherService::State {
  State(pusher::AppDirectory directory, runtime::Outbound& outbound, WebhookPoster& poster, const runtime::Clock& clk,
        ServiceOptions opts);

  pusher::AppDirectory apps;  // owns the Apps the runtimes point to; fixed after start
  runtime::Outbound& out;
  WebhookPoster& webhook_poster;
  const runtime::Clock& clock;
  ServiceOptions options;
  pusher::SocketIdFactory socket_ids;
  std::vector<std::unique_ptr<AppRuntime>> runtimes;  // one per app, same order as apps.apps()
  std::unordered_map<ConnectionId, PusherConnection> connections;
  SessionResolver resolve_session;
  std::size_t session_lookups_in_flight = 0;  // /pusher/auth requests waiting for storage

  std::int64_t now_ms() const { return clock.now_ms(); }
  AppRuntime& runtime_of(const pusher::App& app);
  /// The app whose Herald users /pusher/auth serves; nullptr when none.
  AppRuntime* herald_users_app();

  void send(ConnectionId id, std::string text) { out.send(id, runtime::make_frame(std::move(text))); }
  /// Sends pusher:error with a close code and closes with it; also for a
  /// connection refused at the handshake (not in `connections`).
  void refuse(ConnectionId id, pusher::CloseCode code, std::string_view message);

  /// A channel event to every subscriber of `channel` but `except`; kept in
  /// the app's history when it has one.
  void publish(AppRuntime& app, std::string_view channel, std::string_view event, std::optional<std::string_view> data,
               std::optional<ConnectionId> except = std::nullopt,
               std::optional<std::string_view> user_id = std::nullopt);

  /// The frames and webhooks after a connection left `channel`.
  void after_leave(AppRuntime& app, std::string_view channel, const pusher::ChannelRegistry::Left& left);

  /// A subscription to `channel` began or ended: its new count is announced
  /// (frame and webhook) when the app counts subscriptions, paced on busy
  /// channels (SubscriptionCounts). Presence and #server-to-user- channels
  /// are not counted.
  void count_changed(AppRuntime& app, std::string_view channel);
  /// The count of `channel` now, to its subscribers and the webhook.
  void announce_count(AppRuntime& app, std::string_view channel);

  /// Sends the app's collected webhook events when there are any (or when
  /// `only_if_full`, only when the batch has grown large).
  void flush_webhooks(AppRuntime& app, bool only_if_full = false);
};

}  // namespace herald::pusher_service
