#include "herald/pusher/protocol.hpp"

#include "ascii.hpp"
#include "json_text.hpp"

namespace herald::pusher {
namespace {

using detail::Json;

Error missing(std::string_view field) {
  return Error{Errc::missing_field, "the frame has no \"" + std::string(field) + "\""};
}

Error wrong_type(std::string_view field, std::string_view expected) {
  return Error{Errc::wrong_field_type, "\"" + std::string(field) + "\" must be " + std::string(expected)};
}

/// A string member of `object`: nullopt when absent or null. `path` names it
/// in messages ("data.auth").
Result<std::optional<std::string>> optional_string(const Json& object, const char* key, std::string_view path) {
  const Json* it = detail::find_member(object, key);
  if (!it || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return wrong_type(path, "a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> required_string(const Json& object, const char* key, std::string_view path) {
  auto value = optional_string(object, key, path);
  if (!value) return value.error();
  if (!value.value()) return missing(path);
  return std::move(*value.value());
}

/// The data of a pusher: event as an object: the object itself, or the
/// object a string holds. Absent or null data is an empty object (the
/// fields it lacks are reported by name afterwards).
Result<Json> event_data(const Json& frame, const FrameLimits& limits) {
  const Json* it = detail::find_member(frame, "data");
  if (!it || it->is_null()) return Json::object();
  if (it->is_object()) return *it;
  if (!it->is_string()) return wrong_type("data", "an object or a string holding a JSON object");
  auto inner = detail::parse_bounded(it->get_ref<const std::string&>(), {limits.max_frame_bytes, limits.max_depth},
                                     "the string in \"data\"");
  if (!inner) return inner.error();
  if (!inner.value().is_object())
    return Error{Errc::not_an_object, "the string in \"data\" must hold a JSON object"};
  return std::move(inner).value();
}

Result<ClientFrame> parse_subscribe(const Json& data) {
  auto channel = required_string(data, "channel", "data.channel");
  if (!channel) return channel.error();
  auto auth = optional_string(data, "auth", "data.auth");
  if (!auth) return auth.error();
  auto channel_data = optional_string(data, "channel_data", "data.channel_data");
  if (!channel_data) return Error{channel_data.error().code, channel_data.error().message +
                                                                 " (the exact JSON text the app server signed)"};
  auto resume_from = optional_string(data, "herald_resume_from", "data.herald_resume_from");
  if (!resume_from) return resume_from.error();
  auto resume_socket_id = optional_string(data, "herald_resume_socket_id", "data.herald_resume_socket_id");
  if (!resume_socket_id) return resume_socket_id.error();
  return ClientFrame{Subscribe{std::move(channel).value(), std::move(auth).value().value_or(std::string()),
                               std::move(channel_data).value(), std::move(resume_from).value(),
                               std::move(resume_socket_id).value()}};
}

Result<ClientFrame> parse_signin(const Json& data) {
  auto auth = required_string(data, "auth", "data.auth");
  if (!auth) return auth.error();
  auto user_data = required_string(data, "user_data", "data.user_data");
  if (!user_data) return user_data.error();
  return ClientFrame{Signin{std::move(auth).value(), std::move(user_data).value()}};
}

Result<ClientFrame> parse_client_event(std::string event, const Json& frame, const FrameLimits& limits) {
  auto channel = required_string(frame, "channel", "channel");
  if (!channel) return channel.error();
  std::optional<std::string> data;
  if (const Json* it = detail::find_member(frame, "data"))
    data = it->is_string() ? it->get<std::string>() : detail::to_text(*it);
  if (data && data->size() > limits.max_client_event_data_bytes)
    return Error{Errc::data_too_large, "the data of " + event + " has " + std::to_string(data->size()) +
                                           " bytes; the limit is " +
                                           std::to_string(limits.max_client_event_data_bytes)};
  return ClientFrame{ClientEvent{std::move(event), std::move(channel).value(), std::move(data)}};
}

/// Parses data for events that need it, then builds the frame.
template <class Build>
Result<ClientFrame> with_data(const Json& frame, const FrameLimits& limits, Build build) {
  auto data = event_data(frame, limits);
  if (!data) return data.error();
  return build(data.value());
}

}  // namespace

Result<ClientFrame> parse_client_frame(std::string_view text, const FrameLimits& limits) {
  auto parsed = detail::parse_bounded(text, {limits.max_frame_bytes, limits.max_depth}, "the frame");
  if (!parsed) return parsed.error();
  const Json& frame = parsed.value();
  if (!frame.is_object()) return Error{Errc::not_an_object, "a frame is one JSON object"};
  auto event = required_string(frame, "event", "event");
  if (!event) return event.error();
  std::string name = std::move(event).value();
  if (name.size() > limits.max_event_name_bytes)
    return Error{Errc::event_name_too_long, "the event name has " + std::to_string(name.size()) +
                                                " bytes; the limit is " + std::to_string(limits.max_event_name_bytes)};

  if (name == "pusher:subscribe") return with_data(frame, limits, parse_subscribe);
  if (name == "pusher:unsubscribe")
    return with_data(frame, limits, [](const Json& data) -> Result<ClientFrame> {
      auto channel = required_string(data, "channel", "data.channel");
      if (!channel) return channel.error();
      return ClientFrame{Unsubscribe{std::move(channel).value()}};
    });
  if (name == "pusher:ping") return ClientFrame{Ping{}};
  if (name == "pusher:pong") return ClientFrame{Pong{}};
  if (name == "pusher:signin") return with_data(frame, limits, parse_signin);
  if (detail::starts_with(name, "client-")) return parse_client_event(std::move(name), frame, limits);
  return ClientFrame{UnknownEvent{std::move(name)}};
}

std::string_view event_name(const ClientFrame& frame) noexcept {
  struct Name {
    std::string_view operator()(const Subscribe&) const noexcept { return "pusher:subscribe"; }
    std::string_view operator()(const Unsubscribe&) const noexcept { return "pusher:unsubscribe"; }
    std::string_view operator()(const Ping&) const noexcept { return "pusher:ping"; }
    std::string_view operator()(const Pong&) const noexcept { return "pusher:pong"; }
    std::string_view operator()(const Signin&) const noexcept { return "pusher:signin"; }
    std::string_view operator()(const ClientEvent& e) const noexcept { return e.event; }
    std::string_view operator()(const UnknownEvent& e) const noexcept { return e.event; }
  };
  return std::visit(Name{}, frame);
}

}  // namespace herald::pusher
