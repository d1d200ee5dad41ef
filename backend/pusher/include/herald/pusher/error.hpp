// Every failure the Pusher compatibility library reports, as one documented
// enum with one table of facts (error_infos()), and the expected-style
// Result that carries a value or an Error. Nothing here throws.
//
// Contract: `name` is stable (logs, metrics, tests); `message` in an Error
// is for people and names the value at fault and, where there is one, the
// fix. `http_status` is what the HTTP API answers when the failure ends a
// request (0: not an HTTP API failure).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "herald/protocol/result.hpp"

namespace herald::pusher {

enum class Errc : std::uint8_t {
  // Channel names (channel_name.hpp).
  channel_name_empty = 1,
  channel_name_too_long,
  channel_name_invalid_char,
  user_channel_invalid,
  // Client frames (protocol.hpp) and the JSON the app server signs (member_data.hpp).
  frame_too_large,
  too_deeply_nested,
  malformed_json,
  not_an_object,
  missing_field,
  wrong_field_type,
  event_name_too_long,
  data_too_large,
  channel_data_invalid,
  user_data_invalid,
  // Subscription and sign-in signatures (signing.hpp).
  invalid_socket_id,
  auth_missing,
  auth_malformed,
  auth_wrong_key,
  auth_bad_signature,
  channel_data_missing,
  user_channel_forbidden,
  // Client events (client_events.hpp).
  client_events_disabled,
  client_event_channel_kind,
  not_subscribed,
  // HTTP API requests and webhooks (http_signature.hpp).
  http_malformed_query,
  http_auth_param_missing,
  http_auth_param_duplicated,
  http_unknown_key,
  http_bad_auth_version,
  http_bad_timestamp,
  http_stale_timestamp,
  http_bad_signature,
  http_body_md5_missing,
  http_body_md5_mismatch,
  webhook_bad_signature,
  // App configuration (app_config.hpp).
  app_spec_invalid,
  app_duplicate,
  // HTTP API requests (http_api.hpp).
  http_app_not_found,
  http_not_found,
  http_method_not_allowed,
  http_bad_body,
  http_bad_request,
  http_payload_too_large,
  // Herald's resume extension (channel_history.hpp).
  resume_failed,
};

/// Static facts about one code; the single table behind every lookup below.
struct ErrorInfo {
  Errc code;
  std::string_view name;         // snake_case, stable
  std::string_view description;  // one sentence for people
  std::uint16_t http_status;     // 0: not an HTTP API failure
};

/// All codes in enum order (a static_assert in error.cpp keeps it complete).
const ErrorInfo* error_infos_begin() noexcept;
const ErrorInfo* error_infos_end() noexcept;
const ErrorInfo& info(Errc code) noexcept;
std::string_view to_string(Errc code) noexcept;

struct Error {
  Errc code;
  std::string message;
  std::uint16_t http_status() const noexcept { return info(code).http_status; }
};

/// A value or a pusher Error (the same expected-style type as the protocol's).
template <class T>
using Result = protocol::Result<T, Error>;

/// The value of a check that has nothing to return but success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace herald::pusher
