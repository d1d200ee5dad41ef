// Frames the server sends to Pusher clients, as JSON text ready to send.
// Each builder makes the bytes once; the transport sends the same text to
// every recipient of a broadcast.
//
// Encoding follows Pusher (protocol 7) and what pusher-js 8 reads: `data`
// is a JSON-encoded *string* for connection_established, pusher_internal:*
// and channel events ("double encoding"), and an object for pusher:error,
// pusher:pong, pusher:ping, pusher:signin_success and
// pusher:subscription_error. Field order: event, channel, data, user_id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "herald/pusher/close_codes.hpp"
#include "herald/pusher/member_data.hpp"

namespace herald::pusher {

/// {"event":"pusher:connection_established","data":"{\"socket_id\":..,\"activity_timeout\":..}"}
std::string connection_established(std::string_view socket_id, std::uint32_t activity_timeout_seconds);

/// {"event":"pusher:error","data":{"code":C|null,"message":M}}. Sent for a
/// failure that keeps the connection open (code nullopt, or 4301), and
/// before a close on clients that cannot read close codes.
std::string error_frame(std::optional<std::uint16_t> code, std::string_view message);
std::string error_frame(CloseCode code, std::string_view message);

/// {"event":"pusher:subscription_error","channel":C,"data":{"type":T,"error":M,"status":S}}:
/// a refused subscription (pusher-js emits it on the channel as
/// pusher:subscription_error). `type` is "AuthError" for signature
/// failures; `status` an HTTP-like code (401, 403, 400).
std::string subscription_error(std::string_view channel, std::string_view type, std::string_view message,
                               std::uint16_t status);

std::string pong_frame();  // {"event":"pusher:pong","data":{}}
std::string ping_frame();  // {"event":"pusher:ping","data":{}}

/// {"event":"pusher:signin_success","data":{"user_data":S}} with the signed text.
std::string signin_success(std::string_view user_data);

/// Public, private and #server-to-user- channels:
/// {"event":"pusher_internal:subscription_succeeded","channel":C,"data":"{}"}
std::string subscription_succeeded(std::string_view channel);
/// Presence channels: data "{\"presence\":{\"ids\":[..],\"hash\":{..},\"count\":n}}".
std::string subscription_succeeded(std::string_view channel, const PresenceSnapshot& members);

/// data "{\"user_id\":..,\"user_info\":..}" (user_info omitted when null).
std::string member_added(std::string_view channel, std::string_view user_id,
                         const nlohmann::ordered_json& user_info);
/// data "{\"user_id\":..}".
std::string member_removed(std::string_view channel, std::string_view user_id);

/// {"event":"pusher_internal:subscription_count","channel":C,"data":"{\"subscription_count\":n}"}
std::string subscription_count(std::string_view channel, std::size_t count);

/// A channel event: from the HTTP API, or a client event forwarded to the
/// other subscribers (`user_id` only for client events on presence
/// channels). `data` is sent as a JSON string; omitted when nullopt.
std::string channel_event(std::string_view event, std::string_view channel, std::optional<std::string_view> data,
                          std::optional<std::string_view> user_id = std::nullopt);

}  // namespace herald::pusher
