// The WebSocket close codes Herald's peers send and expect (RFC 6455,
// section 7.4.1), named once for the server and the clients. docs/protocol.md
// says when each is used; the error table maps 1007 and 1009 to their codes.
#pragma once

#include <cstdint>

namespace herald::protocol::close_code {

/// Shutdown of the server, an idle connection, a page or client going away.
inline constexpr std::uint16_t going_away = 1001;
/// A binary frame: Herald speaks JSON in text frames.
inline constexpr std::uint16_t unsupported_data = 1003;
/// A frame that is not valid UTF-8 (`invalid_utf8`).
inline constexpr std::uint16_t invalid_payload = 1007;
/// Rate limits ignored, or a send queue a slow reader let fill up.
inline constexpr std::uint16_t policy_violation = 1008;
/// A frame over `max_frame_bytes` (`frame_too_large`).
inline constexpr std::uint16_t message_too_big = 1009;

}  // namespace herald::protocol::close_code
