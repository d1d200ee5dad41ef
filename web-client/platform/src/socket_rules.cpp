#include "socket_rules.hpp"

namespace herald::platform {
namespace {

constexpr std::size_t kMaxCloseReasonBytes = 123;

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

}  // namespace

std::uint16_t sendable_close_code(std::uint16_t code) {
  if (code == 1000 || (code >= 3000 && code <= 4999)) return code;
  return 1000;
}

std::string sendable_close_reason(const std::string& reason) {
  if (reason.size() <= kMaxCloseReasonBytes) return reason;
  std::size_t end = kMaxCloseReasonBytes;
  // Step back over continuation bytes so a multi-byte character is either
  // whole or gone.
  while (end > 0 && is_continuation_byte(reason[end])) --end;
  return reason.substr(0, end);
}

bool is_websocket_url(const std::string& url, bool allow_secure) {
  const bool plain = starts_with(url, "ws://") && url.size() > 5;
  const bool secure = allow_secure && starts_with(url, "wss://") && url.size() > 6;
  return plain || secure;
}

}  // namespace herald::platform
