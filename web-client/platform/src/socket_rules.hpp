// The WebSocket rules both Socket implementations apply, so the browser and
// the native client accept and send the same things.
#pragma once

#include <cstdint>
#include <string>

namespace herald::platform {

/// Close codes a browser lets a page send: 1000 and 3000-4999. Anything else
/// makes the browser's WebSocket.close() throw, so it becomes 1000.
std::uint16_t sendable_close_code(std::uint16_t code);

/// A close reason fits in 123 bytes (RFC 6455: 125-byte control frame
/// payload minus the code). Cuts longer reasons at a UTF-8 boundary.
std::string sendable_close_reason(const std::string& reason);

/// True for ws:// URLs, and for wss:// ones when `allow_secure` (the native
/// client has no TLS).
bool is_websocket_url(const std::string& url, bool allow_secure);

}  // namespace herald::platform
