#include "herald/pusher_service/pusher_service.hpp"

#include <spdlog/spdlog.h>

#include "herald/pusher/close_codes.hpp"
#include "herald/pusher/server_frames.hpp"
#include "state.hpp"

namespace herald::pusher_service {
namespace {

/// A batch this large (events, or about this many bytes) is sent without
/// waiting for the next tick. With the sender's queue of 1000 requests, this
/// bounds what waits for a webhook URL that is down to about 64 MiB.
constexpr std::size_t kWebhookBatchMax = 100;
constexpr std::size_t kWebhookBatchBytes = 64 * 1024;

pusher::HistoryLimits history_limits(const pusher::App& app) {
  pusher::HistoryLimits limits;
  limits.window_ms = static_cast<std::int64_t>(app.history_seconds) * 1000;
  limits.max_per_channel = app.history_max_events;
  return limits;
}

}  // namespace

AppRuntime::AppRuntime(const pusher::App& a, std::uint64_t history_epoch)
    : app(a), registry(a.max_presence_members), webhooks(a.webhook) {
  if (app.history_seconds > 0 && app.history_max_events > 0) history.emplace(history_epoch, history_limits(app));
  if (app.subscription_count) counts.emplace();
}

PusherService::State::State(pusher::AppDirectory directory, runtime::Outbound& outbound, WebhookPoster& poster,
                            const runtime::Clock& clk, ServiceOptions opts)
    : apps(std::move(directory)),
      out(outbound),
      webhook_poster(poster),
      clock(clk),
      options(opts),
      socket_ids(opts.random_seed) {
  // The epoch tells positions of this run from those of earlier runs.
  const std::uint64_t epoch = (opts.random_seed >> 20) % 1'000'000'000 + 1;
  for (const auto& app : apps.apps()) runtimes.push_back(std::make_unique<AppRuntime>(app, epoch));
}

AppRuntime& PusherService::State::runtime_of(const pusher::App& app) {
  for (auto& runtime : runtimes)
    if (&runtime->app == &app) return *runtime;
  throw std::logic_error("an App that is not in the directory");
}

AppRuntime* PusherService::State::herald_users_app() {
  for (auto& runtime : runtimes)
    if (runtime->app.herald_users && runtime->app.enabled) return runtime.get();
  return nullptr;
}

void PusherService::State::refuse(ConnectionId id, pusher::CloseCode code, std::string_view message) {
  if (auto it = connections.find(id); it != connections.end()) it->second.closing = true;
  send(id, pusher::error_frame(code, message));
  out.close(id, static_cast<std::uint16_t>(code), std::string(message.substr(0, 120)));
}

void PusherService::State::publish(AppRuntime& app, std::string_view channel, std::string_view event,
                                   std::optional<std::string_view> data, std::optional<ConnectionId> except,
                                   std::optional<std::string_view> user_id) {
  std::string text = pusher::channel_event(event, channel, data, user_id);
  const runtime::Frame frame =
      app.history ? app.history->record(channel, now_ms(), std::move(text), except ? socket_ids.make(*except) : "")
                  : runtime::make_frame(std::move(text));
  if (const auto* subscribers = app.registry.subscribers(channel))
    for (const ConnectionId id : *subscribers)
      if (id != except) out.send(id, frame);
}

void PusherService::State::after_leave(AppRuntime& app, std::string_view channel,
                                       const pusher::ChannelRegistry::Left& left) {
  if (!left.unsubscribed) return;
  if (left.member_removed) {
    const std::string frame = pusher::member_removed(channel, *left.member_removed);
    if (const auto* subscribers = app.registry.subscribers(channel)) {
      const auto shared = runtime::make_frame(frame);
      for (const ConnectionId id : *subscribers) out.send(id, shared);
    }
    app.webhooks.member_removed(channel, *left.member_removed);
  }
  if (left.vacated) app.webhooks.channel_vacated(channel);
  count_changed(app, channel);
  flush_webhooks(app, true);
}

void PusherService::State::count_changed(AppRuntime& app, std::string_view channel) {
  if (!app.counts) return;
  const auto kind = pusher::kind_of(channel);
  if (kind == pusher::ChannelKind::presence || channel.rfind(pusher::kServerToUserPrefix, 0) == 0) return;
  if (app.counts->changed(channel, app.registry.subscription_count(channel), now_ms())) announce_count(app, channel);
}

void PusherService::State::announce_count(AppRuntime& app, std::string_view channel) {
  const std::size_t count = app.registry.subscription_count(channel);
  if (const auto* subscribers = app.registry.subscribers(channel)) {
    const auto frame = runtime::make_frame(pusher::subscription_count(channel, count));
    for (const ConnectionId id : *subscribers) out.send(id, frame);
  }
  app.webhooks.subscription_count(channel, count);
}

void PusherService::State::flush_webhooks(AppRuntime& app, bool only_if_full) {
  const bool full = app.webhooks.size() >= kWebhookBatchMax || app.webhook_bytes >= kWebhookBatchBytes;
  if (app.webhooks.empty() || (only_if_full && !full)) return;
  if (!app.app.webhook.url.empty()) webhook_poster.post(app.webhooks.finish(app.app, now_ms()));
  app.webhooks = pusher::WebhookBatch(app.app.webhook);
  app.webhook_bytes = 0;
}

PusherService::PusherService(pusher::AppDirectory apps, runtime::Outbound& out, WebhookPoster& webhooks,
                             const runtime::Clock& clock, ServiceOptions options)
    : state_(std::make_unique<State>(std::move(apps), out, webhooks, clock, options)) {}

PusherService::~PusherService() = default;

bool PusherService::claims_websocket(std::string_view path) const {
  return path.rfind("/app/", 0) == 0;
}

bool PusherService::claims_http(std::string_view path) const {
  return path.rfind("/apps/", 0) == 0 || path.rfind("/pusher/", 0) == 0;
}

bool PusherService::allows_cross_origin(std::string_view path) const {
  return path == "/pusher/auth" || path == "/pusher/user-auth";
}

runtime::MountedService::IdleClose PusherService::idle_close() const {
  const auto code = pusher::CloseCode::pong_not_received;
  return {static_cast<std::uint16_t>(code), std::string(pusher::info(code).description)};
}

void PusherService::set_session_resolver(SessionResolver resolver) {
  state_->resolve_session = std::move(resolver);
}

void PusherService::tick() {
  State& s = *state_;
  const auto now = s.now_ms();
  for (auto& runtime : s.runtimes) {
    if (runtime->counts)
      for (const auto& channel : runtime->counts->due(now)) s.announce_count(*runtime, channel);
    s.flush_webhooks(*runtime);
    if (runtime->history) runtime->history->expire(now);
    runtime->cache.expire(now);
  }
  // Apps that require pusher:signin close connections that did not in time.
  std::vector<ConnectionId> late;
  for (const auto& [id, connection] : s.connections) {
    const auto& app = connection.app->app;
    if (app.user_authentication_required && !connection.user && !connection.closing &&
        now - connection.opened_ms >= static_cast<std::int64_t>(app.user_authentication_timeout_seconds) * 1000)
      late.push_back(id);
  }
  for (const ConnectionId id : late) {
    spdlog::info("pusher connection {}: no pusher:signin in time, closing it", id);
    s.refuse(id, pusher::CloseCode::unauthorized, "Connection not authorized within timeout");
  }
}

std::size_t PusherService::connection_count() const {
  return state_->connections.size();
}

const pusher::AppDirectory& PusherService::apps() const {
  return state_->apps;
}

}  // namespace herald::pusher_service
