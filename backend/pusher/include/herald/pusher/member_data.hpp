// The JSON an app server signs for a connection, and what it means:
// channel_data for a presence subscription ({"user_id": ..., "user_info":
// {...}}) and user_data for pusher:signin ({"id": "...", ...}). Parsed only
// after the signature over the exact text has been checked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "herald/pusher/error.hpp"

namespace herald::pusher {

/// Bounds on app-server JSON. The defaults follow Pusher's published limits
/// for presence members (user id up to 128 characters, user info up to 1 KB).
struct MemberLimits {
  std::size_t max_user_id_bytes = 128;
  std::size_t max_user_info_bytes = 1024;  // user_info as compact JSON text
  std::size_t max_text_bytes = 4096;       // the whole channel_data / user_data
  std::size_t max_depth = 16;
};

struct PresenceMember {
  /// A string, or an integer user_id written in decimal (Pusher accepts
  /// {"user_id": 10} and reports it as "10").
  std::string user_id;
  nlohmann::ordered_json user_info;  // null when channel_data has none
};

/// Errors: channel_data_invalid (not an object, no/empty/odd user_id,
/// user_info too large), frame_too_large, too_deeply_nested, malformed_json.
Result<PresenceMember> parse_channel_data(std::string_view channel_data, const MemberLimits& limits = {});

struct SignedInUser {
  std::string id;
  std::string user_data;  // the exact signed text, echoed in pusher:signin_success
};

/// Errors: user_data_invalid (not an object, id missing, empty, not a
/// string or too long), frame_too_large, too_deeply_nested, malformed_json.
Result<SignedInUser> parse_user_data(std::string_view user_data, const MemberLimits& limits = {});

/// Who is on a presence channel, as pusher_internal:subscription_succeeded
/// reports it: ids in join order, hash of id -> user_info, count of users.
struct PresenceSnapshot {
  std::vector<std::string> ids;
  nlohmann::ordered_json hash = nlohmann::ordered_json::object();
  std::size_t count = 0;
};

}  // namespace herald::pusher
