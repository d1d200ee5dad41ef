// Herald meets Pusher (docs/pusher.md): on the app with herald_users set,
// herald-server is the auth endpoint for its own signed-in users, and their
// notifications are published on their private channels:
//
//   POST /pusher/auth       form socket_id, channel_name; Authorization: Bearer <session token>
//                           -> {"auth": ...} for private-herald-user-{own id} only
//   POST /pusher/user-auth  form socket_id -> {"auth": ..., "user_data": {"id": "{id}", "user_info": {"name":
//   ...}}} notification -> event "herald:notification" on private-herald-user-{recipient id}
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "herald/protocol/codec.hpp"
#include "herald/pusher/http_signature.hpp"
#include "herald/pusher/signing.hpp"
#include "herald/pusher/socket_id.hpp"
#include "http_routes.hpp"

namespace herald::pusher_service {
namespace {

using Json = nlohmann::json;
using State = PusherService::State;

constexpr std::string_view kUserChannelPrefix = "private-herald-user-";
constexpr std::string_view kNotificationEvent = "herald:notification";
/// Session lookups /pusher/auth may have waiting for storage at once.
constexpr std::size_t kMaxSessionLookups = 64;

std::string user_channel(protocol::UserId id) {
  return std::string(kUserChannelPrefix) + std::to_string(id);
}

/// A value of the form body (application/x-www-form-urlencoded, as
/// pusher-js's auth request sends it; '+' means a space there).
std::optional<std::string> form_value(std::string_view body, std::string_view key) {
  std::string spaced(body);
  for (char& c : spaced)
    if (c == '+') c = ' ';
  const auto params = pusher::parse_query_string(spaced);
  if (!params) return std::nullopt;
  const std::string* value = pusher::query_value(params.value(), key);
  return value != nullptr ? std::optional<std::string>(*value) : std::nullopt;
}

/// Signs for `user` what `path` asks; the reply to send.
bool is_connection_of(const State& s, const AppRuntime& app, const std::string& socket_id) {
  const auto connection = s.socket_ids.connection_of(socket_id);
  const auto it = connection ? s.connections.find(*connection) : s.connections.end();
  return it != s.connections.end() && it->second.app == &app && !it->second.closing;
}

HttpReply sign_for(State& s, AppRuntime& app, const protocol::UserInfo& user, std::string_view path,
                   const std::string& socket_id, std::string_view body) {
  // The connection may have closed during the session lookup.
  if (!is_connection_of(s, app, socket_id))
    return text_reply(400, "socket_id is not an open connection of app " + app.app.id);
  if (path == "/pusher/user-auth") {
    const Json user_data = {{"id", std::to_string(user.id)}, {"user_info", {{"name", user.username}}}};
    const std::string text = user_data.dump();
    return HttpReply{
        200, "application/json",
        Json{{"auth", pusher::sign_user(app.app.keys(), socket_id, text)}, {"user_data", text}}.dump()};
  }
  const auto channel = form_value(body, "channel_name");
  if (!channel) return text_reply(400, "the form needs channel_name");
  if (*channel != user_channel(user.id))
    return text_reply(403, "Herald signs only the channel of your own user, " + user_channel(user.id));
  return HttpReply{200, "application/json",
                   Json{{"auth", pusher::sign_channel(app.app.keys(), socket_id, *channel)}}.dump()};
}

}  // namespace

void handle_herald_auth(State& s, const HttpRequest& request, std::function<void(HttpReply)> reply) {
  const std::string_view path = request.path;
  if (path != "/pusher/auth" && path != "/pusher/user-auth") return reply(text_reply(404, "no such path"));
  if (request.method != "POST") return reply(text_reply(405, "use POST"));
  if (s.herald_users_app() == nullptr || !s.resolve_session)
    return reply(text_reply(404, "no Pusher app here serves Herald users (herald_users)"));
  const std::string token(runtime::bearer_credentials(request.authorization));
  if (token.empty())
    return reply(text_reply(401, "send the Herald session token as Authorization: Bearer <token>"));
  const auto socket_id = form_value(request.body, "socket_id");
  if (!socket_id || !pusher::is_valid_socket_id(*socket_id))
    return reply(text_reply(400, "the form needs a valid socket_id"));
  // Checked before the session lookup, so only an open connection of the
  // app can make this endpoint reach the database; and only so many at once.
  if (!is_connection_of(s, *s.herald_users_app(), *socket_id))
    return reply(
        text_reply(400, "socket_id is not an open connection of app " + s.herald_users_app()->app.id));
  if (s.session_lookups_in_flight >= kMaxSessionLookups)
    return reply(text_reply(503, "too many authorization requests at once; retry"));
  ++s.session_lookups_in_flight;
  s.resolve_session(token,
                    [&s, path = std::string(path), socket_id = *socket_id, body = std::string(request.body),
                     reply = std::move(reply)](std::optional<protocol::UserInfo> user) {
                      --s.session_lookups_in_flight;
                      if (!user)
                        return reply(text_reply(401, "the session token is unknown, expired or signed out"));
                      AppRuntime* app = s.herald_users_app();
                      reply(sign_for(s, *app, *user, path, socket_id, body));
                    });
}

void PusherService::notification_published(const protocol::NotificationRecord& notification,
                                           const std::vector<protocol::UserId>& recipients, bool everyone) {
  State& s = *state_;
  AppRuntime* app = s.herald_users_app();
  if (app == nullptr) return;
  // The record exactly as Herald's own protocol sends it.
  const Json event =
      Json::parse(protocol::encode(protocol::ServerMessage{protocol::NotificationEvent{0, notification}}));
  const std::string data = event.at("notification").dump();
  if (everyone) {
    for (const auto& channel : app->registry.channels_with_prefix(kUserChannelPrefix))
      s.publish(*app, channel, kNotificationEvent, data);
    return;
  }
  for (const auto recipient : recipients) s.publish(*app, user_channel(recipient), kNotificationEvent, data);
}

void PusherService::on_http(const HttpRequest& request, std::function<void(HttpReply)> reply) {
  if (request.path.rfind("/pusher/", 0) == 0) return handle_herald_auth(*state_, request, std::move(reply));
  reply(handle_api(*state_, request));
}

}  // namespace herald::pusher_service
