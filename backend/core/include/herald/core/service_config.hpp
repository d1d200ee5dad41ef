// Policy knobs of the service; herald-server fills them from flags.
#pragma once

#include <string>
#include <vector>

#include "herald/core/passwords.hpp"
#include "herald/core/rate_limiter.hpp"
#include "herald/core/rate_policy.hpp"
#include "herald/protocol/limits.hpp"

namespace herald::core {

struct ServiceConfig {
  protocol::Limits limits;
  std::string server_name = "herald/0.1.0";
  protocol::Timestamp session_ttl_ms = 30LL * 24 * 3600 * 1000;
  /// Accounts with these usernames (case-insensitive) are admins on sign-in.
  std::vector<std::string> admin_usernames;
  PasswordCost password_cost = PasswordCost::interactive();

  RateLimit sign_in_per_account{5, 5.0 / 60};    // attempts per username
  RateLimit sign_in_per_address{20, 20.0 / 60};  // attempts per remote address
  RateLimit register_per_address{5, 5.0 / 60};
  RateLimit frames_per_connection{100, 50};  // any frame
  /// Each message kind, per connection and per user.
  RatePolicy rates;
  /// Rate-limited frames a connection may send before it is closed (1008).
  int max_rate_violations = 20;

  /// Presence is shared with fellow members of rooms up to this size only
  /// (like Pusher's presence channels, limited to 100 members).
  std::size_t presence_max_room_members = 100;
  /// Events replayed per storage query on resume.
  std::size_t replay_chunk = 500;
  /// A direct message to a user with no connection also creates a
  /// notification for them ("New message from ...").
  bool notify_offline_recipients = true;
  /// Bearer key of POST /api/v1/notifications; empty: the HTTP API is off.
  std::string api_key;
};

/// Sets one rate limit from "NAME=BURST/PER_SECOND": a RatePolicy name
/// ("message.send.user"), or frames.connection, sign_in.account,
/// sign_in.address, register.address. Returns an error message, or "".
std::string set_rate_limit(ServiceConfig& config, std::string_view assignment);

}  // namespace herald::core
