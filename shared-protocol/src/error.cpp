#include "herald/protocol/error.hpp"

#include <array>

namespace herald::protocol {
namespace {

constexpr std::uint16_t kKeepOpen = 0;
constexpr std::uint16_t kCloseTooBig = 1009;       // RFC 6455: message too big
constexpr std::uint16_t kCloseInvalidData = 1007;  // RFC 6455: inconsistent data (bad UTF-8)

constexpr std::array kInfos{
    ErrorInfo{Errc::malformed_json, "malformed_json", "The frame is not valid JSON.", false, kKeepOpen},
    ErrorInfo{Errc::frame_too_large, "frame_too_large", "The frame is larger than max_frame_bytes.", false,
              kCloseTooBig},
    ErrorInfo{Errc::invalid_utf8, "invalid_utf8", "The frame is not valid UTF-8.", false, kCloseInvalidData},
    ErrorInfo{Errc::too_deeply_nested, "too_deeply_nested", "JSON nesting is deeper than max_nesting_depth.",
              false, kKeepOpen},
    ErrorInfo{Errc::not_an_object, "not_an_object", "The frame's JSON value is not an object.", false,
              kKeepOpen},
    ErrorInfo{Errc::unsupported_version, "unsupported_version",
              "Field \"v\" names a protocol version this peer does not speak.", false, kKeepOpen},
    ErrorInfo{Errc::unknown_type, "unknown_type", "Field \"type\" names no known message.", false, kKeepOpen},
    ErrorInfo{Errc::missing_field, "missing_field", "A required field is absent.", false, kKeepOpen},
    ErrorInfo{Errc::wrong_field_type, "wrong_field_type", "A field has the wrong JSON type.", false,
              kKeepOpen},
    ErrorInfo{Errc::invalid_field, "invalid_field",
              "A field's value breaks its rule (range, format or characters).", false, kKeepOpen},
    ErrorInfo{Errc::conflicting_fields, "conflicting_fields",
              "Fields that exclude each other were given together.", false, kKeepOpen},
    ErrorInfo{Errc::text_too_long, "text_too_long", "A text field is longer than its limit.", false,
              kKeepOpen},
    ErrorInfo{Errc::invalid_username, "invalid_username", "A username breaks the username rule.", false,
              kKeepOpen},
    ErrorInfo{Errc::invalid_password, "invalid_password", "A password is shorter or longer than allowed.",
              false, kKeepOpen},
    ErrorInfo{Errc::invalid_room_name, "invalid_room_name",
              "A room name is empty, too long or has control characters.", false, kKeepOpen},
    ErrorInfo{Errc::page_size_out_of_range, "page_size_out_of_range",
              "A page size is below 1 or above max_page_size.", false, kKeepOpen},
    ErrorInfo{Errc::not_authenticated, "not_authenticated",
              "The request needs a signed-in connection: send hello first.", false, kKeepOpen},
    ErrorInfo{Errc::already_authenticated, "already_authenticated", "The connection is already signed in.",
              false, kKeepOpen},
    ErrorInfo{Errc::invalid_credentials, "invalid_credentials", "The username or password is wrong.", false,
              kKeepOpen},
    ErrorInfo{Errc::invalid_token, "invalid_token", "The session token is unknown, expired or signed out.",
              false, kKeepOpen},
    ErrorInfo{Errc::username_taken, "username_taken", "Another account has this username.", false, kKeepOpen},
    ErrorInfo{Errc::forbidden, "forbidden", "The user may not do this.", false, kKeepOpen},
    ErrorInfo{Errc::unknown_recipient, "unknown_recipient", "The user or room addressed does not exist.",
              false, kKeepOpen},
    ErrorInfo{Errc::not_found, "not_found",
              "The thing asked for does not exist or is not visible to this user.", false, kKeepOpen},
    ErrorInfo{Errc::rate_limited, "rate_limited",
              "Too many requests; wait and retry. Clients that keep going are disconnected.", true,
              kKeepOpen},
    ErrorInfo{Errc::not_supported, "not_supported", "This server does not offer this request yet.", false,
              kKeepOpen},
    ErrorInfo{Errc::unavailable, "unavailable",
              "The database is unreachable; nothing was stored. Retry later.", true, kKeepOpen},
    ErrorInfo{Errc::internal_error, "internal_error", "The server failed unexpectedly; nothing was stored.",
              true, kKeepOpen},
};

constexpr bool table_matches_enum() {
  for (std::size_t i = 0; i < kInfos.size(); ++i)
    if (static_cast<std::size_t>(kInfos[i].code) != i + 1) return false;
  return kInfos.back().code == Errc::internal_error;
}
static_assert(table_matches_enum(),
              "kInfos must list every Errc once, in enum order: add a row for the new code");

class ProtocolCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "herald.protocol"; }
  std::string message(int value) const override {
    const auto code = static_cast<Errc>(value);
    if (value < 1 || static_cast<std::size_t>(value) > kInfos.size()) return "unknown herald error";
    return std::string(info(code).description);
  }
};

}  // namespace

ErrorInfoTable error_infos() noexcept {
  return {kInfos.data(), kInfos.size()};
}

const ErrorInfo& info(Errc code) noexcept {
  return kInfos[static_cast<std::size_t>(code) - 1];
}

std::string_view to_string(Errc code) noexcept {
  return info(code).name;
}

std::optional<Errc> errc_from_string(std::string_view name) noexcept {
  for (const auto& row : kInfos)
    if (row.name == name) return row.code;
  return std::nullopt;
}

const std::error_category& protocol_category() noexcept {
  static const ProtocolCategory category;
  return category;
}

std::error_code make_error_code(Errc code) noexcept {
  return {static_cast<int>(code), protocol_category()};
}

std::string Error::describe() const {
  std::string out(to_string(code));
  if (!detail.empty()) out += ": " + detail;
  if (!field.empty()) out += " (field \"" + field + "\")";
  return out;
}

}  // namespace herald::protocol
