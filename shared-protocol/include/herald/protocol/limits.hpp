// Named, configurable bounds on everything a peer can send. Every limit has a
// default here, a server flag that overrides it, and tests at and one past it.
// Lengths named *_chars count Unicode code points; *_bytes count UTF-8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace herald::protocol {

inline constexpr int kProtocolVersion = 1;

struct Limits {
  std::size_t max_frame_bytes = 64 * 1024;  // one WebSocket message
  std::size_t max_nesting_depth = 8;        // JSON object/array depth
  std::size_t max_text_chars = 4000;        // chat message text
  std::size_t min_username_chars = 3;
  std::size_t max_username_chars = 32;
  std::size_t min_password_bytes = 8;
  std::size_t max_password_bytes = 256;
  std::size_t max_room_name_chars = 64;
  std::size_t max_title_chars = 200;    // notification title
  std::size_t max_body_chars = 4000;    // notification body
  std::size_t max_kind_chars = 64;      // notification kind
  std::size_t max_link_bytes = 2048;    // notification link
  std::size_t max_id_token_bytes = 64;  // client_id and ref
  std::size_t max_recipients = 1000;    // users named in one notification.send
  std::size_t max_list_items = 1000;    // any list in a server frame
  std::size_t default_page_size = 50;
  std::size_t max_page_size = 200;
  /// A page (history, notifications, "ready") stops at this many bytes of
  /// items, well under the send queue bound; the rest is on the next page.
  std::size_t max_page_bytes = 256 * 1024;
};

/// Name and meaning of each field of Limits, for flags, config keys and the
/// documentation test (every limit must appear in docs/protocol.md).
struct LimitField {
  std::string_view name;
  std::size_t Limits::*member;
  std::string_view meaning;
};

inline constexpr LimitField kLimitFields[] = {
    {"max_frame_bytes", &Limits::max_frame_bytes, "bytes in one WebSocket message"},
    {"max_nesting_depth", &Limits::max_nesting_depth, "depth of nested JSON objects and arrays"},
    {"max_text_chars", &Limits::max_text_chars, "characters in a chat message"},
    {"min_username_chars", &Limits::min_username_chars, "shortest username"},
    {"max_username_chars", &Limits::max_username_chars, "longest username"},
    {"min_password_bytes", &Limits::min_password_bytes, "shortest new password"},
    {"max_password_bytes", &Limits::max_password_bytes, "longest password"},
    {"max_room_name_chars", &Limits::max_room_name_chars, "characters in a room name"},
    {"max_title_chars", &Limits::max_title_chars, "characters in a notification title"},
    {"max_body_chars", &Limits::max_body_chars, "characters in a notification body"},
    {"max_kind_chars", &Limits::max_kind_chars, "characters in a notification kind"},
    {"max_link_bytes", &Limits::max_link_bytes, "bytes in a notification link"},
    {"max_id_token_bytes", &Limits::max_id_token_bytes, "bytes in a client_id or ref"},
    {"max_recipients", &Limits::max_recipients, "users named in one notification.send"},
    {"max_list_items", &Limits::max_list_items, "items in any list in a frame"},
    {"default_page_size", &Limits::default_page_size, "page size when a request names none"},
    {"max_page_size", &Limits::max_page_size, "largest page a request may ask for"},
    {"max_page_bytes", &Limits::max_page_bytes, "bytes of items in one page; fewer items beyond it"},
};

}  // namespace herald::protocol
