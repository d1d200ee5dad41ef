// PusherService's WebSocket side: the handshake, then one client frame at a
// time (Pusher protocol 7, as pusher-js 8 speaks it).
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "herald/pusher/client_events.hpp"
#include "herald/pusher/connection_request.hpp"
#include "herald/pusher/protocol.hpp"
#include "herald/pusher/server_frames.hpp"
#include "herald/pusher/signing.hpp"
#include "herald/pusher_service/pusher_service.hpp"
#include "state.hpp"

namespace herald::pusher_service {
namespace {

using pusher::ChannelKind;
using State = PusherService::State;

/// Frames refused for the frame rate, in a row, before the connection is closed (4100).
constexpr int kMaxFrameViolations = 20;

std::string_view auth_error_type(const pusher::Error& error) {
  switch (error.code) {
    case pusher::Errc::auth_missing:
    case pusher::Errc::auth_malformed:
    case pusher::Errc::auth_wrong_key:
    case pusher::Errc::auth_bad_signature:
    case pusher::Errc::channel_data_missing:
    case pusher::Errc::user_channel_forbidden:
      return "AuthError";
    default:
      return "SubscriptionError";
  }
}

std::uint16_t auth_error_status(const pusher::Error& error) {
  if (error.code == pusher::Errc::user_channel_forbidden) return 403;
  return auth_error_type(error) == "AuthError" ? 401 : 400;
}

/// Sends what a resuming subscriber missed (true), or herald:resume_failed.
bool resume(State& s, AppRuntime& app, ConnectionId id, const std::string& channel, const std::string& from,
            std::string_view previous_socket) {
  if (!app.history) {
    s.send(id, pusher::channel_event("herald:resume_failed", channel,
                                     R"({"reason":"this app keeps no channel history"})"));
    return false;
  }
  auto missed = app.history->events_after(channel, from, s.now_ms(), previous_socket);
  if (!missed) {
    const nlohmann::json reason = {{"reason", missed.error().message}};
    s.send(id, pusher::channel_event("herald:resume_failed", channel, reason.dump()));
    return false;
  }
  for (const auto& frame : missed.value()) s.out.send(id, frame);
  return true;
}

/// A new subscriber of a cache channel: the kept event first, or
/// pusher:cache_miss (and the cache_miss webhook, once per channel per
/// minute). A resuming subscriber gets what it missed instead.
void send_cached(State& s, AppRuntime& app, ConnectionId id, const std::string& channel) {
  if (const auto kept = app.cache.find(channel, s.now_ms())) return s.out.send(id, kept);
  s.send(id, pusher::channel_event("pusher:cache_miss", channel, std::nullopt));
  if (app.cache.report_miss(channel, s.now_ms())) app.webhooks.cache_miss(channel);
}

void subscribe(State& s, PusherConnection& c, ConnectionId id, const pusher::Subscribe& request) {
  AppRuntime& app = *c.app;
  auto channel = pusher::parse_channel_name(request.channel);
  if (!channel) {
    s.send(id,
           pusher::subscription_error(request.channel, "SubscriptionError", channel.error().message, 400));
    return;
  }
  const std::optional<std::string_view> user_id =
      c.user ? std::optional<std::string_view>(c.user->id) : std::nullopt;
  if (auto allowed = pusher::authorize_subscription(app.app.keys(), c.socket_id, channel.value(),
                                                    request.auth, request.channel_data, user_id);
      !allowed) {
    spdlog::info("pusher connection {}: subscription to {} refused: {}", id, request.channel,
                 pusher::to_string(allowed.error().code));
    s.send(id, pusher::subscription_error(request.channel, auth_error_type(allowed.error()),
                                          allowed.error().message, auth_error_status(allowed.error())));
    return;
  }
  std::optional<pusher::PresenceMember> member;
  if (channel.value().kind == ChannelKind::presence) {
    auto parsed = pusher::parse_channel_data(*request.channel_data);
    if (!parsed) {
      s.send(id,
             pusher::subscription_error(request.channel, "SubscriptionError", parsed.error().message, 400));
      return;
    }
    member = std::move(parsed).value();
  }
  const auto* mine = app.registry.channels_of(id);
  if (mine != nullptr && mine->size() >= app.app.max_channels_per_connection &&
      !app.registry.is_subscribed(channel.value().name, id)) {
    s.send(id, pusher::subscription_error(request.channel, "SubscriptionError",
                                          "this connection is subscribed to " + std::to_string(mine->size()) +
                                              " channels, the most this app allows",
                                          403));
    return;
  }
  const auto joined = app.registry.subscribe(channel.value(), id, member ? &*member : nullptr);
  if (joined.presence_full) {
    s.send(id, pusher::subscription_error(request.channel, "SubscriptionError",
                                          "the presence channel has its maximum number of members", 403));
    return;
  }
  const std::string& name = channel.value().name;
  std::string succeeded = member
                              ? pusher::subscription_succeeded(name, app.registry.presence(name)->snapshot())
                              : pusher::subscription_succeeded(name);
  if (app.history) succeeded = pusher::with_position(std::move(succeeded), app.history->latest_position());
  s.send(id, std::move(succeeded));
  if (joined.occupied) app.webhooks.channel_occupied(name);
  if (joined.member_added) {
    const auto frame = runtime::make_frame(pusher::member_added(name, member->user_id, member->user_info));
    for (const ConnectionId other : *app.registry.subscribers(name))
      if (other != id) s.out.send(other, frame);
    app.webhooks.member_added(name, member->user_id);
  }
  // A cache channel's kept event goes to new subscriptions, unless a resume
  // brought the subscriber what it missed instead.
  const bool resumed = request.resume_from &&
                       resume(s, app, id, name, *request.resume_from, request.resume_socket_id.value_or(""));
  if (joined.subscribed && !resumed && pusher::is_cache_channel(name)) send_cached(s, app, id, name);
  if (joined.subscribed) s.count_changed(app, name);
  s.flush_webhooks(app, true);
}

void unsubscribe(State& s, PusherConnection& c, ConnectionId id, const pusher::Unsubscribe& request) {
  AppRuntime& app = *c.app;
  s.after_leave(app, request.channel, app.registry.unsubscribe(request.channel, id));
}

void sign_in(State& s, PusherConnection& c, ConnectionId id, const pusher::Signin& request) {
  const auto& app = c.app->app;
  if (auto verified = pusher::verify_user_auth(app.keys(), c.socket_id, request.auth, request.user_data);
      !verified) {
    spdlog::info("pusher connection {}: sign-in refused: {}", id, pusher::to_string(verified.error().code));
    s.refuse(id, pusher::CloseCode::unauthorized, "Invalid signature: " + verified.error().message);
    return;
  }
  auto user = pusher::parse_user_data(request.user_data);
  if (!user) {
    s.refuse(id, pusher::CloseCode::unauthorized, user.error().message);
    return;
  }
  c.user = std::move(user).value();
  s.send(id, pusher::signin_success(c.user->user_data));
}

void client_event(State& s, PusherConnection& c, ConnectionId id, const pusher::ClientEvent& event) {
  AppRuntime& app = *c.app;
  auto channel = pusher::parse_channel_name(event.channel);
  if (!channel) {
    s.send(id, pusher::error_frame(std::nullopt, channel.error().message));
    return;
  }
  const std::string& name = channel.value().name;
  if (auto allowed =
          pusher::authorize_client_event(app.app, channel.value(), app.registry.is_subscribed(name, id));
      !allowed) {
    s.send(id, pusher::error_frame(std::nullopt, allowed.error().message));
    return;
  }
  const double rate = app.app.max_client_events_per_second;
  if (!c.client_events.take(runtime::RateLimit{rate, rate}, s.now_ms())) {
    s.send(id, pusher::error_frame(pusher::CloseCode::client_event_rate_limited,
                                   "Client event rejected due to rate limit: at most " +
                                       std::to_string(static_cast<int>(rate)) + " per second"));
    return;
  }
  std::optional<std::string_view> user_id;
  if (const auto* presence = app.registry.presence(name))
    if (const auto* user = presence->user_of(id)) user_id = *user;
  s.publish(app, name, event.event, event.data, id, user_id);
  app.webhooks.client_event(name, event.event, event.data, c.socket_id, user_id);
  app.webhook_bytes += name.size() + event.event.size() + (event.data ? event.data->size() : 0) + 100;
  s.flush_webhooks(app, true);
}

}  // namespace

void PusherService::on_open(runtime::ConnectionId id, std::string_view path, std::string_view raw_query,
                            std::string_view /*remote_address*/) {
  State& s = *state_;
  const auto decision = pusher::check_connection(path, raw_query, s.apps);
  if (const auto* refusal = std::get_if<pusher::ConnectionRefusal>(&decision)) {
    spdlog::info("pusher connection {} refused: {} {}", id, static_cast<int>(refusal->code), refusal->reason);
    return s.refuse(id, refusal->code, refusal->reason);
  }
  const auto& accepted = std::get<pusher::AcceptedConnection>(decision);
  AppRuntime& app = s.runtime_of(*accepted.app);
  if (const auto over = pusher::check_connection_quota(app.app, app.connections))
    return s.refuse(id, over->code, over->reason);
  PusherConnection connection;
  connection.app = &app;
  connection.socket_id = s.socket_ids.make(id);
  connection.opened_ms = s.now_ms();
  ++app.connections;
  s.send(id, pusher::connection_established(connection.socket_id, app.app.activity_timeout_seconds));
  s.connections.emplace(id, std::move(connection));
}

void PusherService::on_text(runtime::ConnectionId id, std::string_view text) {
  State& s = *state_;
  auto it = s.connections.find(id);
  if (it == s.connections.end() || it->second.closing) return;
  PusherConnection& c = it->second;
  // Every frame counts against the app's frame rate: subscribe/unsubscribe
  // churn would otherwise flood the other members and the webhooks.
  const double rate = c.app->app.max_frames_per_second;
  if (!c.frames.take(runtime::RateLimit{rate, rate}, s.now_ms())) {
    if (++c.frame_violations > kMaxFrameViolations) {
      s.refuse(id, pusher::CloseCode::over_capacity, "Too many frames; reconnect later");
      return;
    }
    s.send(id, pusher::error_frame(std::nullopt, "too many frames: at most " +
                                                     std::to_string(static_cast<int>(rate)) +
                                                     " per second; this one was dropped"));
    return;
  }
  c.frame_violations = 0;
  pusher::FrameLimits limits;
  limits.max_client_event_data_bytes = c.app->app.max_event_data_bytes;
  auto frame = pusher::parse_client_frame(text, limits);
  if (!frame) {
    s.send(id, pusher::error_frame(std::nullopt, frame.error().message));
    return;
  }
  std::visit(
      [&](const auto& message) {
        using T = std::decay_t<decltype(message)>;
        if constexpr (std::is_same_v<T, pusher::Subscribe>) {
          subscribe(s, c, id, message);
        } else if constexpr (std::is_same_v<T, pusher::Unsubscribe>) {
          unsubscribe(s, c, id, message);
        } else if constexpr (std::is_same_v<T, pusher::Ping>) {
          s.send(id, pusher::pong_frame());
        } else if constexpr (std::is_same_v<T, pusher::Pong>) {
          // The transport already noted that the client is alive.
        } else if constexpr (std::is_same_v<T, pusher::Signin>) {
          sign_in(s, c, id, message);
        } else if constexpr (std::is_same_v<T, pusher::ClientEvent>) {
          client_event(s, c, id, message);
        } else {
          s.send(id, pusher::error_frame(std::nullopt, "unknown event " + message.event));
        }
      },
      frame.value());
}

void PusherService::on_close(runtime::ConnectionId id) {
  State& s = *state_;
  auto it = s.connections.find(id);
  if (it == s.connections.end()) return;
  AppRuntime& app = *it->second.app;
  --app.connections;
  s.connections.erase(it);
  for (const auto& [channel, left] : app.registry.remove_connection(id)) s.after_leave(app, channel, left);
}

}  // namespace herald::pusher_service
