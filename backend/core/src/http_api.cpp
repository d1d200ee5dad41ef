// Herald's HTTP API (docs/http-api.md, docs/openapi.yaml): POST
// /api/v1/notifications for other backends, served by the Herald door like
// any mounted service's HTTP path. The Bearer key is checked here, next to
// the logic it guards; the transport only routes the request.
#include <nlohmann/json.hpp>

#include "handlers.hpp"
#include "herald/core/passwords.hpp"
#include "herald/core/service.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

constexpr std::string_view kNotificationsPath = "/api/v1/notifications";

std::string api_error_body(const protocol::Error& e) {
  nlohmann::json body = {{"error", std::string(protocol::to_string(e.code))}, {"message", e.detail}};
  if (!e.field.empty()) body["field"] = e.field;
  return body.dump();
}

runtime::HttpReply json_reply(int status, std::string body) {
  return runtime::HttpReply{status, "application/json", std::move(body)};
}

}  // namespace

bool Service::claims_http(std::string_view path) const {
  return path == kNotificationsPath;
}

void Service::on_http(const runtime::HttpRequest& request, std::function<void(runtime::HttpReply)> reply) {
  const std::string& key = ctx_->config.api_key;
  if (key.empty())
    return reply(json_reply(
        404, api_error_body({Errc::not_found, {}, "the HTTP API is disabled: start with --api-key"})));
  if (request.method != "POST") {
    auto refused = json_reply(405, R"({"error":"method_not_allowed","message":"use POST"})");
    refused.headers.emplace_back("Allow", "POST");
    return reply(std::move(refused));
  }
  const std::string_view credentials = runtime::bearer_credentials(request.authorization);
  if (credentials.empty() || !secrets_equal(std::string(credentials), key)) {
    ctx_->observer->api_key_refused(request.remote_address);
    auto refused = json_reply(401, R"({"error":"unauthorized","message":"missing or wrong API key"})");
    refused.headers.emplace_back("WWW-Authenticate", "Bearer");
    return reply(std::move(refused));
  }
  api_send_notification(request.body, [reply = std::move(reply)](ApiReply answer) {
    auto http = json_reply(answer.status, std::move(answer.body));
    // 503: nothing was stored; the same request (same client_id) may be retried.
    if (answer.status == 503) http.headers.emplace_back("Retry-After", "1");
    reply(std::move(http));
  });
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
