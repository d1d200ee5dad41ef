// Pusher's WebSocket close codes and pusher:error codes, as one documented
// table (Pusher Channels Protocol, "Error Codes"). The range tells a client
// what to do:
//   4000-4099  do not reconnect with the same parameters
//   4100-4199  reconnect after backing off (at least 1 s)
//   4200-4299  reconnect immediately
//   4300-4399  other errors (the connection may stay open)
#pragma once

#include <cstdint>
#include <string_view>

namespace herald::pusher {

enum class CloseCode : std::uint16_t {
  ssl_only = 4000,                    // Application only accepts SSL connections, reconnect using wss://
  app_not_found = 4001,               // Application does not exist
  app_disabled = 4003,                // Application disabled
  over_connection_quota = 4004,       // Application is over connection quota
  path_not_found = 4005,              // Path not found
  invalid_version_format = 4006,      // Invalid version string format
  unsupported_protocol = 4007,        // Unsupported protocol version
  no_protocol_version = 4008,         // No protocol version supplied
  unauthorized = 4009,                // Connection is unauthorized
  over_capacity = 4100,               // Over capacity
  reconnect_immediately = 4200,       // Generic reconnect immediately
  pong_not_received = 4201,           // Ping was sent to the client, but no reply was received
  closed_after_inactivity = 4202,     // Client has been inactive for a long time
  client_event_rate_limited = 4301,   // Client event rejected due to rate limit
};

enum class Reconnect : std::uint8_t {
  never,          // 4000-4099
  after_backoff,  // 4100-4199
  immediately,    // 4200-4299
  unspecified,    // 4300-4399 and any other code: outside Pusher's three ranges
};

struct CloseCodeInfo {
  CloseCode code;
  std::string_view description;  // Pusher's wording; also the close reason sent
};

/// Every code above, in numeric order.
const CloseCodeInfo* close_codes_begin() noexcept;
const CloseCodeInfo* close_codes_end() noexcept;
/// The row for `code`; every CloseCode has one.
const CloseCodeInfo& info(CloseCode code) noexcept;
/// What the code's range asks of a client (any number, documented or not).
Reconnect reconnect_policy(std::uint16_t code) noexcept;

/// The Pusher protocol versions this server speaks (pusher-js 8 sends 7).
inline constexpr int kMinProtocolVersion = 5;
inline constexpr int kMaxProtocolVersion = 7;

}  // namespace herald::pusher
