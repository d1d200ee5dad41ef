// Every failure a client can cause or be told about, as one documented enum.
//
// Contract: codes are stable on the wire by their snake_case name (see
// docs/protocol.md, which a test keeps in sync with error_infos()). The
// numeric values are for this library only and are never sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace herald::protocol {

enum class Errc : std::uint8_t {
  // Decoding and validation of a frame (produced by this library).
  malformed_json = 1,
  frame_too_large,
  invalid_utf8,
  too_deeply_nested,
  not_an_object,
  unsupported_version,
  unknown_type,
  missing_field,
  wrong_field_type,
  invalid_field,
  conflicting_fields,
  text_too_long,
  invalid_username,
  invalid_password,
  invalid_room_name,
  page_size_out_of_range,
  // Produced by the server while handling a valid frame.
  not_authenticated,
  already_authenticated,
  invalid_credentials,
  invalid_token,
  username_taken,
  forbidden,
  unknown_recipient,
  not_found,
  rate_limited,
  not_supported,
  unavailable,
  internal_error,
};

/// Static facts about one code; the single table behind every lookup below.
struct ErrorInfo {
  Errc code;
  std::string_view name;         // wire name, e.g. "invalid_utf8"
  std::string_view description;  // one sentence for people, used in docs and logs
  bool retryable;                // true: the same request may succeed later unchanged
  /// WebSocket close code the server uses when this error ends the
  /// connection (RFC 6455 section 7.4); 0 means "reply with an error frame
  /// and keep the connection open".
  std::uint16_t close_code;
};

/// A read-only view of the table (C++17 has no std::span).
struct ErrorInfoTable {
  const ErrorInfo* first;
  std::size_t count;
  const ErrorInfo* begin() const noexcept { return first; }
  const ErrorInfo* end() const noexcept { return first + count; }
  std::size_t size() const noexcept { return count; }
};

/// All codes in enum order. Adding an enumerator without a row fails a
/// static_assert in error.cpp.
ErrorInfoTable error_infos() noexcept;
const ErrorInfo& info(Errc code) noexcept;
std::string_view to_string(Errc code) noexcept;
std::optional<Errc> errc_from_string(std::string_view name) noexcept;

const std::error_category& protocol_category() noexcept;
std::error_code make_error_code(Errc code) noexcept;

/// An error with the context a client needs to fix its request: which field
/// failed, and a human-readable detail. Never contains secrets (passwords and
/// tokens are not echoed).
struct Error {
  Errc code{};
  std::string field;   // JSON field name, empty when not field-specific
  std::string detail;  // human-readable, safe to send and to log

  /// "code: detail (field)" for logs and test messages.
  std::string describe() const;
};

}  // namespace herald::protocol

template <>
struct std::is_error_code_enum<herald::protocol::Errc> : std::true_type {};
