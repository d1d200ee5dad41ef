// %XX decoding (RFC 3986), shared by the rooms that read URLs: database URLs
// (storage) and Pusher query strings and paths (pusher).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace herald::protocol {

/// Decodes %XX escapes; every other byte, '+' included, is kept as it is.
/// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace herald::protocol
