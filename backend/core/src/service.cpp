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

std::string api_error_body(const protocol::Error& e) {
  nlohmann::json body = {{"error", std::string(protocol::to_string(e.code))}, {"message", e.detail}};
  if (!e.field.empty()) body["field"] = e.field;
  return body.dump();
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

void Service::api_send_notification(std::string_view body, std::function<void(ApiReply)> reply) {
  Context& ctx = *ctx_;
  // The body is a notification.send without the envelope: add it, then the
  // protocol library validates exactly as for an admin's WebSocket request.
  auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    reply({400, api_error_body({Errc::malformed_json, {}, "the body must be one JSON object"})});
    return;
  }
  // A null client_id counts as absent, as for every field (docs/protocol.md).
  if (!json.contains("client_id") || json["client_id"].is_null())
    json["client_id"] = "api-" + new_session_token().substr(0, 32);
  json["v"] = protocol::kProtocolVersion;
  json["type"] = protocol::SendNotification::kType;
  auto decoded = protocol::decode_client(json.dump(), ctx.config.limits);
  if (!decoded.ok()) {
    reply({400, api_error_body(decoded.error())});
    return;
  }
  const auto* m = std::get_if<protocol::SendNotification>(&decoded.value().message);
  NewNotification n;
  n.client_scope = "api";
  n.client_id = m->client_id;
  n.title = m->title;
  n.body = m->body;
  n.kind = m->kind;
  n.link = m->link;
  n.ts = ctx.now();
  n.to = m->to;
  n.everyone = m->everyone;
  store_and_push_notification(
      ctx, std::move(n),
      [reply](const NotificationOutcome& out) {
        if (out.error) {
          reply({422, api_error_body(*out.error)});
          return;
        }
        nlohmann::json created = {{"id", out.record.id}, {"duplicate", out.duplicate}, {"ts", out.record.ts}};
        if (!out.duplicate) created["recipients"] = out.recipients;
        reply({out.duplicate ? 200 : 201, created.dump()});
      },
      [reply](const StorageFailure& failure) {
        reply({failure.retryable ? 503 : 500,
               api_error_body({failure.retryable ? Errc::unavailable : Errc::internal_error,
                               {},
                               failure.retryable ? "the database cannot store now (unreachable, busy or out "
                                                   "of space); nothing was stored, retry later"
                                                 : "the request failed"})});
      });
}

}  // namespace herald::core
