// PusherService's HTTP API (Pusher's REST API, as the `pusher` npm package
// 5.x and the other server libraries call it):
//   POST /apps/{id}/events                         publish one event on up to 100 channels
//   POST /apps/{id}/batch_events                   up to 10 events
//   GET  /apps/{id}/channels                       occupied channels (filter_by_prefix, info=user_count)
//   GET  /apps/{id}/channels/{name}                one channel (info=user_count,subscription_count)
//   GET  /apps/{id}/channels/{name}/users          a presence channel's users
//   POST /apps/{id}/users/{user_id}/terminate_connections
// Every request is signed (http_signature.hpp). Errors are text/plain with
// the reason, with Pusher's status codes.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "herald/protocol/percent_encoding.hpp"
#include "herald/pusher/http_signature.hpp"
#include "herald/pusher/server_frames.hpp"
#include "herald/pusher/socket_id.hpp"
#include "http_routes.hpp"
#include "state.hpp"

namespace herald::pusher_service {
namespace {

using Json = nlohmann::json;
using pusher::Errc;
using State = PusherService::State;

constexpr std::size_t kMaxChannelsPerEvent = 100;
constexpr std::size_t kMaxBatchEvents = 10;
constexpr std::size_t kMaxEventNameBytes = 200;

HttpReply error_reply(const pusher::Error& error) {
  return text_reply(error.http_status(), error.message);
}

HttpReply error_reply(Errc code, std::string message) {
  return error_reply(pusher::Error{code, std::move(message)});
}

HttpReply json_reply(const Json& body) {
  return HttpReply{200, "application/json", body.dump()};
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

/// The comma-separated `info` attributes asked for.
struct InfoRequest {
  bool user_count = false;
  bool subscription_count = false;
  bool any() const { return user_count || subscription_count; }
};

pusher::Result<InfoRequest> parse_info(std::string_view info) {
  InfoRequest wanted;
  while (!info.empty()) {
    const auto comma = info.find(',');
    const auto item = info.substr(0, comma);
    if (item == "user_count") {
      wanted.user_count = true;
    } else if (item == "subscription_count") {
      wanted.subscription_count = true;
    } else if (!item.empty()) {
      return pusher::Error{Errc::http_bad_request, "unknown info attribute \"" + std::string(item) +
                                                       "\" (user_count, subscription_count)"};
    }
    info = comma == std::string_view::npos ? std::string_view() : info.substr(comma + 1);
  }
  return wanted;
}

/// The attributes of `channel` that `wanted` asks for; user_count only for
/// presence channels (checked by the caller).
Json channel_info(const AppRuntime& app, const std::string& channel, const InfoRequest& wanted) {
  Json info = Json::object();
  if (wanted.user_count) info["user_count"] = app.registry.user_count(channel).value_or(0);
  if (wanted.subscription_count) info["subscription_count"] = app.registry.subscription_count(channel);
  return info;
}

bool is_presence(std::string_view channel) {
  return pusher::kind_of(channel) == pusher::ChannelKind::presence;
}

/// One event of POST events or of a batch, validated.
struct EventRequest {
  std::string name;
  std::string data;
  std::vector<std::string> channels;
  std::optional<std::string> socket_id;
  InfoRequest info;
};

pusher::Result<EventRequest> parse_event(const Json& body, const pusher::App& app, bool batch_item) {
  if (!body.is_object()) return pusher::Error{Errc::http_bad_body, "an event must be a JSON object"};
  EventRequest event;
  const auto name = body.find("name");
  if (name == body.end() || !name->is_string() || name->get_ref<const std::string&>().empty())
    return pusher::Error{Errc::http_bad_body, "\"name\" must be a non-empty string"};
  event.name = name->get<std::string>();
  if (event.name.size() > kMaxEventNameBytes)
    return pusher::Error{Errc::http_bad_request, "the event name is over 200 characters"};
  const auto data = body.find("data");
  if (data == body.end()) return pusher::Error{Errc::http_bad_body, "\"data\" is missing"};
  event.data = data->is_string() ? data->get<std::string>() : data->dump();
  if (event.data.size() > app.max_event_data_bytes)
    return pusher::Error{Errc::http_payload_too_large, "the event data is " + std::to_string(event.data.size()) +
                                                           " bytes; this app allows " +
                                                           std::to_string(app.max_event_data_bytes)};
  if (const auto channels = body.find("channels"); channels != body.end() && !batch_item) {
    if (!channels->is_array()) return pusher::Error{Errc::http_bad_body, "\"channels\" must be an array"};
    for (const auto& channel : *channels) {
      if (!channel.is_string()) return pusher::Error{Errc::http_bad_body, "\"channels\" must hold strings"};
      event.channels.push_back(channel.get<std::string>());
    }
  } else if (const auto channel = body.find("channel"); channel != body.end()) {
    if (!channel->is_string()) return pusher::Error{Errc::http_bad_body, "\"channel\" must be a string"};
    event.channels.push_back(channel->get<std::string>());
  }
  if (event.channels.empty()) return pusher::Error{Errc::http_bad_body, "name at least one channel"};
  if (event.channels.size() > kMaxChannelsPerEvent)
    return pusher::Error{Errc::http_bad_request, "an event goes to at most 100 channels"};
  for (const auto& channel : event.channels)
    if (auto parsed = pusher::parse_channel_name(channel); !parsed)
      return pusher::Error{Errc::http_bad_request, parsed.error().message};
  if (const auto socket_id = body.find("socket_id"); socket_id != body.end() && !socket_id->is_null()) {
    if (!socket_id->is_string() || !pusher::is_valid_socket_id(socket_id->get_ref<const std::string&>()))
      return pusher::Error{Errc::http_bad_request, "\"socket_id\" is not a socket id"};
    event.socket_id = socket_id->get<std::string>();
  }
  if (const auto info = body.find("info"); info != body.end() && !info->is_null()) {
    if (!info->is_string()) return pusher::Error{Errc::http_bad_body, "\"info\" must be a string"};
    auto wanted = parse_info(info->get_ref<const std::string&>());
    if (!wanted) return wanted.error();
    event.info = wanted.value();
    if (event.info.user_count)
      for (const auto& channel : event.channels)
        if (!is_presence(channel))
          return pusher::Error{Errc::http_bad_request, "user_count is only for presence channels"};
  }
  return event;
}

/// Publishes `event`; the info object asked for, per channel.
Json publish(State& s, AppRuntime& app, const EventRequest& event) {
  std::optional<ConnectionId> except;
  if (event.socket_id) except = s.socket_ids.connection_of(*event.socket_id);
  Json info = Json::object();
  for (const auto& channel : event.channels) {
    s.publish(app, channel, event.name, event.data, except);
    // Kept without the resume extension's herald_position: a subscriber
    // that gets it later must not take its old position for its own.
    if (pusher::is_cache_channel(channel))
      app.cache.store(channel, runtime::make_frame(pusher::channel_event(event.name, channel, event.data)), s.now_ms());
    if (event.info.any()) info[channel] = channel_info(app, channel, event.info);
  }
  return info;
}

Json parse_body(std::string_view body) {
  return Json::parse(body.begin(), body.end(), nullptr, false);
}

HttpReply post_events(State& s, AppRuntime& app, std::string_view body) {
  const Json json = parse_body(body);
  if (json.is_discarded()) return error_reply(Errc::http_bad_body, "the body is not JSON");
  auto event = parse_event(json, app.app, false);
  if (!event) return error_reply(event.error());
  const Json info = publish(s, app, event.value());
  return json_reply(event.value().info.any() ? Json{{"channels", info}} : Json::object());
}

HttpReply post_batch(State& s, AppRuntime& app, std::string_view body) {
  const Json json = parse_body(body);
  if (json.is_discarded() || !json.is_object() || !json.contains("batch") || !json["batch"].is_array())
    return error_reply(Errc::http_bad_body, "the body must be {\"batch\":[...]}");
  const auto& items = json["batch"];
  if (items.size() > kMaxBatchEvents)
    return error_reply(Errc::http_bad_request, "a batch holds at most 10 events; this one has " +
                                                   std::to_string(items.size()));
  // Everything is checked before anything is published: a batch is all or nothing.
  std::vector<EventRequest> events;
  for (const auto& item : items) {
    auto event = parse_event(item, app.app, true);
    if (!event) return error_reply(event.error());
    events.push_back(std::move(event).value());
  }
  Json infos = Json::array();
  bool any_info = false;
  for (const auto& event : events) {
    Json info = publish(s, app, event);
    any_info = any_info || event.info.any();
    infos.push_back(event.info.any() ? info[event.channels.front()] : Json::object());
  }
  return json_reply(any_info ? Json{{"batch", infos}} : Json::object());
}

HttpReply get_channels(const AppRuntime& app, const pusher::QueryParams& query) {
  const std::string* prefix = pusher::query_value(query, "filter_by_prefix");
  InfoRequest wanted;
  if (const std::string* info = pusher::query_value(query, "info")) {
    auto parsed = parse_info(*info);
    if (!parsed) return error_reply(parsed.error());
    wanted = parsed.value();
  }
  if (wanted.subscription_count)
    return error_reply(Errc::http_bad_request, "the channel list reports user_count only");
  if (wanted.user_count && (prefix == nullptr || !is_presence(*prefix)))
    return error_reply(Errc::http_bad_request, "info=user_count needs filter_by_prefix=presence-");
  Json channels = Json::object();
  for (const auto& name : app.registry.channels_with_prefix(prefix != nullptr ? *prefix : std::string_view()))
    channels[name] = channel_info(app, name, wanted);
  return json_reply(Json{{"channels", channels}});
}

HttpReply get_channel(const AppRuntime& app, const std::string& channel, const pusher::QueryParams& query) {
  InfoRequest wanted;
  if (const std::string* info = pusher::query_value(query, "info")) {
    auto parsed = parse_info(*info);
    if (!parsed) return error_reply(parsed.error());
    wanted = parsed.value();
  }
  if (wanted.user_count && !is_presence(channel))
    return error_reply(Errc::http_bad_request, "user_count is only for presence channels");
  Json body = {{"occupied", app.registry.occupied(channel)}};
  body.update(channel_info(app, channel, wanted));
  return json_reply(body);
}

HttpReply get_users(const AppRuntime& app, const std::string& channel) {
  if (!is_presence(channel)) return error_reply(Errc::http_bad_request, "only presence channels have users");
  Json users = Json::array();
  if (const auto* presence = app.registry.presence(channel))
    for (const auto& id : presence->snapshot().ids) users.push_back({{"id", id}});
  return json_reply(Json{{"users", users}});
}

HttpReply terminate_connections(State& s, AppRuntime& app, std::string_view user_id) {
  std::vector<ConnectionId> theirs;
  for (const auto& [id, connection] : s.connections)
    if (connection.app == &app && connection.user && connection.user->id == user_id) theirs.push_back(id);
  for (const ConnectionId id : theirs) s.refuse(id, pusher::CloseCode::unauthorized, "Connection terminated by the app");
  spdlog::info("pusher app {}: terminated {} connections of a user", app.app.id, theirs.size());
  return json_reply(Json::object());
}

}  // namespace

HttpReply handle_api(State& s, const HttpRequest& request) {
  const auto parts = split_path(request.path);  // "apps", id, ...
  if (parts.size() < 3 || parts[0] != "apps") return error_reply(Errc::http_not_found, "no such API path");
  const pusher::App* found = s.apps.find_by_id(parts[1]);
  if (found == nullptr || !found->enabled)
    return error_reply(Errc::http_app_not_found, "no app with id " + std::string(parts[1]));
  AppRuntime& app = s.runtime_of(*found);
  auto query = pusher::parse_query_string(request.raw_query);
  if (!query) return error_reply(query.error());
  const pusher::HttpRequestView view{request.method, request.path, query.value(), request.body};
  if (auto verified = pusher::verify_http_request(app.app.keys(), view, s.now_ms() / 1000); !verified) {
    spdlog::info("pusher app {}: HTTP API request refused: {}", app.app.id, pusher::to_string(verified.error().code));
    return error_reply(verified.error());
  }
  const std::string_view method = request.method;
  auto only = [&](std::string_view allowed, auto&& handler) -> HttpReply {
    if (method != allowed) return error_reply(Errc::http_method_not_allowed, "use " + std::string(allowed));
    return handler();
  };
  const auto decoded = [&](std::string_view segment) { return protocol::percent_decode(segment).value_or(""); };
  if (parts.size() == 3 && parts[2] == "events") return only("POST", [&] { return post_events(s, app, request.body); });
  if (parts.size() == 3 && parts[2] == "batch_events")
    return only("POST", [&] { return post_batch(s, app, request.body); });
  if (parts.size() == 3 && parts[2] == "channels") return only("GET", [&] { return get_channels(app, query.value()); });
  // A channel in the path must be a valid name (at most 164 characters of
  // Pusher's set), like the channels of an event: 400 otherwise.
  const auto named_channel = [&](auto&& handler) -> HttpReply {
    const std::string channel = decoded(parts[3]);
    if (auto parsed = pusher::parse_channel_name(channel); !parsed)
      return error_reply(Errc::http_bad_request, parsed.error().message);
    return handler(channel);
  };
  if (parts.size() == 4 && parts[2] == "channels")
    return only("GET", [&] {
      return named_channel([&](const std::string& c) { return get_channel(app, c, query.value()); });
    });
  if (parts.size() == 5 && parts[2] == "channels" && parts[4] == "users")
    return only("GET", [&] {
      return named_channel([&](const std::string& c) { return get_users(app, c); });
    });
  if (parts.size() == 5 && parts[2] == "users" && parts[4] == "terminate_connections")
    return only("POST", [&] { return terminate_connections(s, app, decoded(parts[3])); });
  return error_reply(Errc::http_not_found, "no such API path");
}

}  // namespace herald::pusher_service
