// Frames a Pusher client (pusher-js 8, protocol 7) sends, parsed into typed
// values. Sans-I/O: one WebSocket text message in, a value or an Error out.
//
// Shapes accepted (data may be an object, or a string holding the JSON of
// one, for every pusher: event; clients differ):
//   {"event":"pusher:subscribe","data":{"channel":C,"auth":A?,"channel_data":S?,"herald_resume_from":P?,"herald_resume_socket_id":S?}}
//   {"event":"pusher:unsubscribe","data":{"channel":C}}
//   {"event":"pusher:ping","data":{}}          {"event":"pusher:pong","data":{}}
//   {"event":"pusher:signin","data":{"auth":A,"user_data":S}}
//   {"event":"client-*","channel":C,"data":<any JSON>}
// pusher-js sends auth "" for public channels and for #server-to-user-
// channels; channel_data and user_data are strings because they are
// signed as text. Anything else with an "event" string is UnknownEvent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "herald/pusher/error.hpp"

namespace herald::pusher {

struct FrameLimits {
  std::size_t max_frame_bytes = 32 * 1024;
  std::size_t max_depth = 32;
  std::size_t max_event_name_bytes = 200;         // Pusher's event name limit
  std::size_t max_client_event_data_bytes = 10 * 1024;  // Pusher's 10 KB
};

struct Subscribe {
  std::string channel;  // not validated here: parse_channel_name
  std::string auth;     // "" when absent
  std::optional<std::string> channel_data;
  /// Herald's resume extension (docs/pusher.md): the herald_position of the
  /// last event this client saw on the channel. Pusher clients never send it.
  std::optional<std::string> resume_from;
  /// With resume_from: the client's socket id before it reconnected, so
  /// events that were not sent to it (its own client events) are skipped.
  std::optional<std::string> resume_socket_id;
};
struct Unsubscribe {
  std::string channel;
};
struct Ping {};
struct Pong {};
struct Signin {
  std::string auth;
  std::string user_data;  // exact text, as signed
};
struct ClientEvent {
  std::string event;    // starts with "client-"
  std::string channel;  // not validated here
  /// The data to forward, as the string Pusher sends in channel events: a
  /// JSON string's contents, or the compact JSON of any other value;
  /// nullopt when the frame had no data.
  std::optional<std::string> data;
};
struct UnknownEvent {
  std::string event;
};

using ClientFrame = std::variant<Subscribe, Unsubscribe, Ping, Pong, Signin, ClientEvent, UnknownEvent>;

/// Errors: frame_too_large, too_deeply_nested, malformed_json, not_an_object
/// (the frame, or a pusher: event's data), missing_field, wrong_field_type,
/// event_name_too_long, data_too_large (client event data over the limit).
/// The message names the field ("data.channel") at fault.
Result<ClientFrame> parse_client_frame(std::string_view text, const FrameLimits& limits = {});

/// The event name of any frame kind, for logs and metrics.
std::string_view event_name(const ClientFrame& frame) noexcept;

}  // namespace herald::pusher
