// Handles the Pusher library shares with the transport that drives it.
#pragma once

#include <cstdint>

namespace herald::pusher {

/// The transport's opaque handle for one WebSocket connection (0 is never
/// used). The same width as herald::core::ConnectionId, so one transport
/// can hand out both.
using ConnectionId = std::uint64_t;

}  // namespace herald::pusher
