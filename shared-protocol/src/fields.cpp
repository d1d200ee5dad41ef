#include "herald/protocol/fields.hpp"

#include <algorithm>

#include "herald/protocol/client_messages.hpp"
#include "herald/protocol/server_messages.hpp"
#include "herald/protocol/utf8.hpp"

namespace herald::protocol {
namespace {

Error fail(Errc code, std::string_view field, std::string detail) {
  return Error{code, std::string(field), std::move(detail)};
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_username_char(char c) {
  return is_ascii_alnum(c) || c == '_' || c == '.' || c == '-';
}
bool is_kind_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}
bool is_visible_ascii(char c) {
  return c >= 0x21 && c <= 0x7E;
}
bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool only_whitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_ascii_space);
}

// C0 controls and DEL; tab, newline and carriage return only where
// multi-line text is allowed. Keeps terminal escapes out of logs and UIs.
bool has_control(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [allow_newlines](char c) {
    const auto b = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\t' || c == '\n' || c == '\r')) return false;
    return b < 0x20 || b == 0x7F;
  });
}

std::size_t chars(std::string_view s) {
  // Decoded frames are already valid UTF-8; a direct caller's invalid input
  // counts as "too long" rather than slipping through.
  return utf8_length(s).value_or(static_cast<std::size_t>(-1));
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::optional<Error> check_free_text(std::string_view value, std::string_view field, std::size_t min,
                                     std::size_t max, bool allow_newlines, Errc invalid) {
  if (value.empty() && min > 0) return fail(invalid, field, "must not be empty");
  const std::size_t n = chars(value);
  if (n > max) return fail(Errc::text_too_long, field, "longer than " + std::to_string(max) + " characters");
  if (min > 0 && only_whitespace(value)) return fail(invalid, field, "must not be only whitespace");
  if (has_control(value, allow_newlines)) return fail(invalid, field, "contains control characters");
  return std::nullopt;
}

std::optional<Error> check_token_like(std::string_view value, std::string_view field, std::size_t max) {
  if (value.empty() || value.size() > max)
    return fail(Errc::invalid_field, field, "must be 1 to " + std::to_string(max) + " bytes");
  if (!std::all_of(value.begin(), value.end(), is_visible_ascii))
    return fail(Errc::invalid_field, field, "must be printable ASCII without spaces");
  return std::nullopt;
}

}  // namespace

std::optional<Error> check_text(std::string_view value, Text rule, const Limits& limits,
                                std::string_view field) {
  switch (rule) {
    case Text::message:
      return check_free_text(value, field, 1, limits.max_text_chars, true, Errc::invalid_field);
    case Text::title:
      return check_free_text(value, field, 1, limits.max_title_chars, false, Errc::invalid_field);
    case Text::body:
      return check_free_text(value, field, 0, limits.max_body_chars, true, Errc::invalid_field);
    case Text::room_name:
      return check_free_text(value, field, 1, limits.max_room_name_chars, false, Errc::invalid_room_name);
    case Text::username:
      if (value.size() < limits.min_username_chars || value.size() > limits.max_username_chars ||
          !std::all_of(value.begin(), value.end(), is_username_char) || !is_ascii_alnum(value.front()))
        return fail(Errc::invalid_username, field,
                    "must be " + std::to_string(limits.min_username_chars) + " to " +
                        std::to_string(limits.max_username_chars) +
                        " of A-Z a-z 0-9 _ . -, starting with a letter or digit");
      return std::nullopt;
    case Text::search_prefix:
      if (value.empty() || value.size() > limits.max_username_chars ||
          !std::all_of(value.begin(), value.end(), is_username_char))
        return fail(Errc::invalid_field, field,
                    "must be 1 to " + std::to_string(limits.max_username_chars) + " username characters");
      return std::nullopt;
    case Text::new_password:
      if (value.size() < limits.min_password_bytes || value.size() > limits.max_password_bytes)
        return fail(Errc::invalid_password, field,
                    "must be " + std::to_string(limits.min_password_bytes) + " to " +
                        std::to_string(limits.max_password_bytes) + " bytes");
      return std::nullopt;
    case Text::password:
      if (value.empty() || value.size() > limits.max_password_bytes)
        return fail(Errc::invalid_password, field,
                    "must be 1 to " + std::to_string(limits.max_password_bytes) + " bytes");
      return std::nullopt;
    case Text::kind:
      if (value.empty() || value.size() > limits.max_kind_chars ||
          !std::all_of(value.begin(), value.end(), is_kind_char))
        return fail(Errc::invalid_field, field,
                    "must be 1 to " + std::to_string(limits.max_kind_chars) + " of a-z 0-9 _ . -");
      return std::nullopt;
    case Text::link: {
      if (value.size() > limits.max_link_bytes)
        return fail(Errc::text_too_long, field,
                    "longer than " + std::to_string(limits.max_link_bytes) + " bytes");
      const bool absolute = starts_with_ci(value, "https://") || starts_with_ci(value, "http://");
      const bool path = value.size() >= 1 && value[0] == '/' && (value.size() == 1 || value[1] != '/');
      if (!(absolute || path) || !std::all_of(value.begin(), value.end(), is_visible_ascii))
        return fail(Errc::invalid_field, field,
                    "must be an http(s) URL or an absolute path, percent-encoded, without spaces");
      return std::nullopt;
    }
    case Text::client_id:
    case Text::ref:
      return check_token_like(value, field, limits.max_id_token_bytes);
    case Text::token:
      if (value.size() != 64 || !std::all_of(value.begin(), value.end(), is_lower_hex))
        return fail(Errc::invalid_field, field, "must be 64 lowercase hex digits");
      return std::nullopt;
    case Text::server_text:
      return std::nullopt;
  }
  return fail(Errc::internal_error, field, "unknown text rule");
}

std::optional<Error> check_int(std::int64_t value, Int rule, const Limits& limits, std::string_view field) {
  switch (rule) {
    case Int::id:
    case Int::version:
      if (value <= 0) return fail(Errc::invalid_field, field, "must be a positive integer");
      return std::nullopt;
    case Int::count:
      if (value < 0) return fail(Errc::invalid_field, field, "must not be negative");
      return std::nullopt;
    case Int::page_size:
      if (value < 1 || static_cast<std::uint64_t>(value) > limits.max_page_size)
        return fail(Errc::page_size_out_of_range, field,
                    "must be 1 to " + std::to_string(limits.max_page_size));
      return std::nullopt;
  }
  return fail(Errc::internal_error, field, "unknown integer rule");
}

std::optional<Error> check(const FetchHistory& m, const Limits&) {
  if (m.before && m.after)
    return fail(Errc::conflicting_fields, "before", "give \"before\" or \"after\", not both");
  return std::nullopt;
}

std::optional<Error> check(const SendNotification& m, const Limits& limits) {
  if (m.everyone && !m.to.empty())
    return fail(Errc::conflicting_fields, "to", "give \"to\" or \"everyone\", not both");
  if (!m.everyone && m.to.empty())
    return fail(Errc::missing_field, "to", "name recipients in \"to\" or set \"everyone\"");
  if (m.to.size() > limits.max_recipients)
    return fail(Errc::invalid_field, "to",
                "at most " + std::to_string(limits.max_recipients) + " recipients");
  return std::nullopt;
}

std::optional<Error> check(const NotificationsRead& m, const Limits&) {
  if (m.all && !m.ids.empty())
    return fail(Errc::conflicting_fields, "ids", "give \"ids\" or \"all\", not both");
  if (!m.all && m.ids.empty())
    return fail(Errc::missing_field, "ids", "name notifications in \"ids\" or set \"all\"");
  return std::nullopt;
}

}  // namespace herald::protocol
