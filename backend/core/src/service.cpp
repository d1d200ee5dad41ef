#include "herald/core/service.hpp"

#include <nlohmann/json.hpp>

#include "handlers.hpp"
#include "herald/core/passwords.hpp"
#include "herald/protocol/close_codes.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

/// Types a connection may send before it is signed in.
bool allowed_signed_out(const protocol::ClientMessage& m) {
  return std::holds_alternative<protocol::Hello>(m) || std::holds_alternative<protocol::Register>(m) ||
         std::holds_alternative<protocol::SignIn>(m) || std::holds_alternative<protocol::Ping>(m);
}

template <class T, class = void>
struct has_cursor : std::false_type {};
template <class T>
struct has_cursor<T, std::void_t<decltype(std::declval<T&>().cursor)>> : std::true_type {};

/// The kind's per-connection and per-user buckets: null when both had a
/// token, else which one refused ("this connection" / "this user").
const char* over_kind_limit(Context& ctx, Connection& c, std::size_t kind) {
  const auto now = ctx.now();
  if (!c.kinds[kind].take(ctx.config.rates.of(kind).per_connection, now)) return "this connection";
  if (c.user && !ctx.user_rates.take(c.user->id, kind, now)) return "this user";
  return nullptr;
}

/// A frame over a limit gets `rate_limited` and is dropped; past
/// max_rate_violations such frames the connection is closed with 1008.
void refuse_over_limit(Context& ctx, Connection& c, std::string detail, const Ref& ref) {
  if (++c.rate_violations > ctx.config.max_rate_violations) {
    ctx.hub.close_connection(c.id, protocol::close_code::policy_violation, "rate limit exceeded");
    return;
  }
  ctx.fail(c.id, Errc::rate_limited, std::move(detail), ref);
}

}  // namespace

Frame replay_frame(const EventRow& row) {
  auto decoded = protocol::decode_server(row.payload);
  if (!decoded.ok())
    return make_frame(row.payload);  // stored by this server: cannot happen short of corruption
  std::visit(
      [&](auto& event) {
        if constexpr (has_cursor<std::decay_t<decltype(event)>>::value) event.cursor = row.cursor;
      },
      decoded.value().message);
  return make_frame(protocol::encode(decoded.value().message));
}

Service::Service(ServiceConfig config, Outbound& out, StorageQueue& storage, BlockingRunner& blocking,
                 const Clock& clock)
    : ctx_(std::make_unique<Context>(std::move(config), out, storage, blocking, clock)) {}

Service::~Service() = default;

void Service::set_observer(ServiceObserver& observer) {
  ctx_->observer = &observer;
}

void Service::add_notification_listener(runtime::NotificationListener& listener) {
  ctx_->notification_listeners.push_back(&listener);
}

void Service::resolve_session(const std::string& token,
                              std::function<void(std::optional<protocol::UserInfo>)> done) {
  Context& ctx = *ctx_;
  auto user = std::make_shared<std::optional<protocol::UserInfo>>();
  const std::string hash = token_hash(token);
  const auto now = ctx.now();
  ctx.storage.submit(
      StorageJob{[user, hash, now](Storage& s) { *user = s.session_user(hash, now); },
                 [&ctx, user, done = std::move(done)](const std::optional<StorageFailure>& failure) {
                   if (failure || !*user) return done(std::nullopt);
                   done(effective(ctx.config, **user));
                 }});
}

const Hub& Service::hub() const {
  return ctx_->hub;
}
const ServiceConfig& Service::config() const {
  return ctx_->config;
}

void Service::on_open(ConnectionId id, std::string address) {
  ctx_->hub.open(id, std::move(address));
  protocol::Welcome welcome;
  welcome.server = ctx_->config.server_name;
  const auto& limits = ctx_->config.limits;
  welcome.limits = {static_cast<std::int64_t>(limits.max_frame_bytes),
                    static_cast<std::int64_t>(limits.max_text_chars),
                    static_cast<std::int64_t>(limits.max_page_size)};
  ctx_->reply(id, welcome, std::nullopt);
}

void Service::on_close(ConnectionId id) {
  const Connection* c = ctx_->hub.find(id);
  const auto user = c != nullptr && c->user ? std::optional<UserId>(c->user->id) : std::nullopt;
  ctx_->hub.close(id);
  ctx_->paused_replays.erase(id);
  if (user) presence_on_leave(*ctx_, *user);
}

void Service::on_drained(ConnectionId id) {
  auto it = ctx_->paused_replays.find(id);
  if (it == ctx_->paused_replays.end()) return;
  auto go_on = std::move(it->second);
  ctx_->paused_replays.erase(it);
  go_on();
}

void Service::on_text(ConnectionId id, std::string_view text) {
  Context& ctx = *ctx_;
  Connection* c = ctx.hub.find(id);
  if (c == nullptr) return;

  if (!c->frames.take(ctx.config.frames_per_connection, ctx.now())) {
    refuse_over_limit(ctx, *c, "too many frames; slow down", protocol::recover_ref(text, ctx.config.limits));
    return;
  }

  auto decoded = protocol::decode_client(text, ctx.config.limits);
  ctx.observer->frame_in(id, decoded.ok() ? protocol::type_name(decoded.value().message) : "invalid");
  if (!decoded.ok()) {
    const auto& error = decoded.error();
    ctx.fail(id, error, protocol::recover_ref(text, ctx.config.limits));
    if (const auto code = protocol::info(error.code).close_code)
      ctx.hub.close_connection(id, code, error.detail);
    return;
  }
  const auto& envelope = decoded.value();
  if (!c->user && !allowed_signed_out(envelope.message)) {
    ctx.fail(id, Errc::not_authenticated, "send hello with a session token first", envelope.ref);
    return;
  }
  if (const auto* refused_by = over_kind_limit(ctx, *c, envelope.message.index())) {
    refuse_over_limit(ctx, *c,
                      "too many " + std::string(protocol::type_name(envelope.message)) + " from " +
                          refused_by + "; slow down",
                      envelope.ref);
    return;
  }
  std::visit([&](const auto& message) { handle(ctx, id, message, envelope.ref); }, envelope.message);
}

}  // namespace herald::core
