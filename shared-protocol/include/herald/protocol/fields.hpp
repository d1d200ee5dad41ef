// The rules a field's value must satisfy. Every message type lists its
// fields once, in a static describe(visitor, message) function, naming one of
// these rules per field; the JSON encoder, the decoder and its validation all
// walk that one list, so they cannot disagree about a field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "herald/protocol/error.hpp"
#include "herald/protocol/limits.hpp"

namespace herald::protocol {

enum class Text : std::uint8_t {
  message,        // chat text: 1..max_text_chars, not only whitespace
  username,       // min..max_username_chars of [A-Za-z0-9_.-], starting with a letter or digit
  new_password,   // min..max_password_bytes, any valid UTF-8
  password,       // 1..max_password_bytes (sign-in: never reveal the policy)
  room_name,      // 1..max_room_name_chars, no control characters, not only whitespace
  title,          // notification title: 1..max_title_chars
  body,           // notification body: 0..max_body_chars
  kind,           // notification kind: 1..max_kind_chars of [a-z0-9_.-]
  link,           // http(s) URL or absolute path, at most max_link_bytes
  client_id,      // 1..max_id_token_bytes of printable ASCII without spaces
  ref,            // same rule as client_id
  token,          // session token: 64 lowercase hex digits
  search_prefix,  // 1..max_username_chars of username characters
  server_text,    // free text from the server (error details): any valid UTF-8
};

enum class Int : std::uint8_t {
  id,         // > 0
  count,      // >= 0 (cursors, counters, timestamps in ms since the epoch)
  page_size,  // 1..max_page_size
  version,    // > 0
};

/// Checks one text value. `field` names it in the error.
std::optional<Error> check_text(std::string_view value, Text rule, const Limits& limits,
                                std::string_view field);
std::optional<Error> check_int(std::int64_t value, Int rule, const Limits& limits, std::string_view field);

/// Convenience checks for code outside the codec (the server's account
/// creation, the client's composer).
inline bool is_valid_username(std::string_view name, const Limits& limits = {}) {
  return !check_text(name, Text::username, limits, "username").has_value();
}
inline bool is_valid_room_name(std::string_view name, const Limits& limits = {}) {
  return !check_text(name, Text::room_name, limits, "name").has_value();
}

}  // namespace herald::protocol
