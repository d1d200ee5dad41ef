// The browser Origin allow-list (--allowed-origin). Browsers send the page's
// origin ("https://chat.example.org") with every WebSocket handshake; other
// clients usually send none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::transport {

class OriginPolicy {
 public:
  /// Empty: every origin is allowed. Entries are scheme://host[:port];
  /// compared case-insensitively, a trailing '/' ignored.
  explicit OriginPolicy(const std::vector<std::string>& allowed);

  /// True when the list is empty, the handshake has no Origin header (not a
  /// browser: the allow-list protects browser sessions from other sites'
  /// pages) or the origin is on the list.
  bool allows(std::string_view origin) const;

 private:
  std::vector<std::string> allowed_;  // normalized
};

}  // namespace herald::transport
