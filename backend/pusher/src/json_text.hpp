// JSON text in and out for this library, without exceptions: bounded
// parsing (size checked first; objects and arrays deeper than the limit are
// never built) and serialization that replaces invalid UTF-8 instead of
// throwing. Private to src/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "herald/pusher/error.hpp"

namespace herald::pusher::detail {

/// Objects keep their members in arrival order, so data forwarded or echoed
/// (client event data, presence user_info) keeps the sender's key order.
using Json = nlohmann::ordered_json;

struct JsonBounds {
  std::size_t max_bytes;
  std::size_t max_depth;
};

/// frame_too_large, too_deeply_nested or malformed_json (with `what` naming
/// the text in the message), else the value.
Result<Json> parse_bounded(std::string_view text, JsonBounds bounds, std::string_view what);

/// The member `key` of `object` (which must be an object), or nullptr.
/// A pointer rather than an iterator: GCC's -Wnull-dereference misreads
/// nlohmann's iterators once inlined.
const Json* find_member(const Json& object, std::string_view key) noexcept;

/// Compact JSON text; invalid UTF-8 in strings becomes U+FFFD.
std::string to_text(const Json& value);

}  // namespace herald::pusher::detail
