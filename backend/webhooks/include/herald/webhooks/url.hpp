// Webhook URLs, parsed without I/O: http:// or https://, a host name or an
// IP literal (IPv6 in brackets), an optional port, a path and a query. The
// parser accepts only what can go into an HTTP/1.1 request line and Host
// header unchanged, so a URL that parses can never inject bytes into a request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace herald::webhooks {

/// Why a URL was rejected; one entry per failure.
enum class UrlError {
  bad_scheme,     ///< not "http://" or "https://" (case-insensitive)
  userinfo,       ///< "user:password@" is not supported (credentials belong in headers)
  empty_host,     ///< nothing between "//" and the port or path
  bad_host,       ///< a character outside [A-Za-z0-9.-_], or a malformed "[IPv6]"
  bad_port,       ///< not 1..65535 in decimal
  bad_character,  ///< a space, control character or non-ASCII byte anywhere
};

/// A short English description, for logs.
const char* describe(UrlError error) noexcept;

struct Url {
  bool tls = false;        ///< https
  std::string host;        ///< as written; IPv6 without brackets ("::1")
  std::uint16_t port = 0;  ///< the explicit port or 80 / 443
  std::string path = "/";  ///< always starts with '/'
  std::string query;       ///< after '?', without it; the fragment is dropped

  /// The request-target: path, and "?query" when there is one.
  std::string target() const;
  /// The Host header value: host (bracketed when IPv6) and ":port" unless default.
  std::string host_header() const;
  /// "host[:port]/path" for logs: no scheme and no query (queries may carry tokens).
  std::string for_log() const;
  /// True when host is an IPv4 or IPv6 literal (no SNI, no DNS lookup needed).
  bool host_is_ip() const;
};

/// A parsed URL or the reason it is not one.
using UrlResult = std::variant<Url, UrlError>;

UrlResult parse_url(std::string_view text);

}  // namespace herald::webhooks
