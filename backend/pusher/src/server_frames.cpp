#include "herald/pusher/server_frames.hpp"

#include "json_text.hpp"

namespace herald::pusher {
namespace {

using detail::Json;

/// {"event":E,"channel":C?,"data":D}: the envelope every frame shares.
template <class Data>
std::string envelope(std::string_view event, std::optional<std::string_view> channel, Data&& data) {
  Json frame = Json::object();
  frame["event"] = event;
  if (channel) frame["channel"] = *channel;
  frame["data"] = std::forward<Data>(data);
  return detail::to_text(frame);
}

/// An event whose data is the JSON text of `data` ("double encoding").
std::string with_encoded_data(std::string_view event, std::string_view channel, const Json& data) {
  return envelope(event, channel, detail::to_text(data));
}

}  // namespace

std::string connection_established(std::string_view socket_id, std::uint32_t activity_timeout_seconds) {
  Json data = Json::object();
  data["socket_id"] = socket_id;
  data["activity_timeout"] = activity_timeout_seconds;
  return envelope("pusher:connection_established", std::nullopt, detail::to_text(data));
}

std::string error_frame(std::optional<std::uint16_t> code, std::string_view message) {
  Json data = Json::object();
  data["code"] = code ? Json(*code) : Json(nullptr);
  data["message"] = message;
  return envelope("pusher:error", std::nullopt, std::move(data));
}

std::string error_frame(CloseCode code, std::string_view message) {
  return error_frame(static_cast<std::uint16_t>(code), message);
}

std::string subscription_error(std::string_view channel, std::string_view type, std::string_view message,
                               std::uint16_t status) {
  Json data = Json::object();
  data["type"] = type;
  data["error"] = message;
  data["status"] = status;
  return envelope("pusher:subscription_error", channel, std::move(data));
}

std::string pong_frame() { return envelope("pusher:pong", std::nullopt, Json::object()); }

std::string ping_frame() { return envelope("pusher:ping", std::nullopt, Json::object()); }

std::string signin_success(std::string_view user_data) {
  Json data = Json::object();
  data["user_data"] = user_data;
  return envelope("pusher:signin_success", std::nullopt, std::move(data));
}

std::string subscription_succeeded(std::string_view channel) {
  return with_encoded_data("pusher_internal:subscription_succeeded", channel, Json::object());
}

std::string subscription_succeeded(std::string_view channel, const PresenceSnapshot& members) {
  Json presence = Json::object();
  presence["ids"] = members.ids;
  presence["hash"] = Json::object();
  for (const std::string& id : members.ids) {
    const auto info = members.hash.find(id);
    presence["hash"][id] = info == members.hash.end() ? Json(nullptr) : *info;
  }
  presence["count"] = members.count;
  Json data = Json::object();
  data["presence"] = std::move(presence);
  return with_encoded_data("pusher_internal:subscription_succeeded", channel, data);
}

std::string member_added(std::string_view channel, std::string_view user_id, const Json& user_info) {
  Json data = Json::object();
  data["user_id"] = user_id;
  if (!user_info.is_null()) data["user_info"] = user_info;
  return with_encoded_data("pusher_internal:member_added", channel, data);
}

std::string member_removed(std::string_view channel, std::string_view user_id) {
  Json data = Json::object();
  data["user_id"] = user_id;
  return with_encoded_data("pusher_internal:member_removed", channel, data);
}

std::string subscription_count(std::string_view channel, std::size_t count) {
  Json data = Json::object();
  data["subscription_count"] = count;
  return with_encoded_data("pusher_internal:subscription_count", channel, data);
}

std::string channel_event(std::string_view event, std::string_view channel, std::optional<std::string_view> data,
                          std::optional<std::string_view> user_id) {
  Json frame = Json::object();
  frame["event"] = event;
  frame["channel"] = channel;
  if (data) frame["data"] = *data;
  if (user_id) frame["user_id"] = *user_id;
  return detail::to_text(frame);
}

}  // namespace herald::pusher
