// The WebSocket handshake of a Pusher client, decided without I/O:
//   GET /app/{key}?protocol=7&client=js&version=8.4.0&flash=false
// The transport strips any path prefix of its own, calls check_connection
// before (or right after) accepting the upgrade, and closes with the
// refusal's code and reason (Pusher sends the close after the upgrade, so
// clients see the code).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "herald/pusher/app_config.hpp"
#include "herald/pusher/close_codes.hpp"

namespace herald::pusher {

struct AcceptedConnection {
  const App* app = nullptr;  // points into the AppDirectory passed in
  int protocol = 0;
  std::string client;   // "js", may be empty
  std::string version;  // "8.4.0", may be empty
};

struct ConnectionRefusal {
  CloseCode code;
  std::string reason;  // short enough for a close frame (under 123 bytes)
};

using ConnectionDecision = std::variant<AcceptedConnection, ConnectionRefusal>;

/// `path` without the query; `raw_query` the text after '?'. Refusals:
/// 4005 path not /app/{key}, 4001 unknown key, 4003 app disabled, 4008 no
/// protocol parameter, 4006 protocol not a number, 4007 protocol outside
/// kMinProtocolVersion..kMaxProtocolVersion.
ConnectionDecision check_connection(std::string_view path, std::string_view raw_query, const AppDirectory& apps);

/// 4004 when the app has a max_connections and `open_connections` (the
/// app's connections before this one) already reaches it.
std::optional<ConnectionRefusal> check_connection_quota(const App& app, std::size_t open_connections);

}  // namespace herald::pusher
