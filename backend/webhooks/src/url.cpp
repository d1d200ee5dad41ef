#include "herald/webhooks/url.hpp"

#include <cctype>

#include <boost/asio/ip/address.hpp>

namespace herald::webhooks {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

/// Bytes an HTTP request line or header value cannot carry as-is.
bool is_forbidden_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u >= 0x7f;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

const char* describe(UrlError error) noexcept {
  switch (error) {
    case UrlError::bad_scheme:
      return "the scheme must be http:// or https://";
    case UrlError::userinfo:
      return "user:password@ in the URL is not supported";
    case UrlError::empty_host:
      return "the host is empty";
    case UrlError::bad_host:
      return "the host has characters outside [A-Za-z0-9.-_] or a malformed [IPv6]";
    case UrlError::bad_port:
      return "the port is not a number from 1 to 65535";
    case UrlError::bad_character:
      return "the URL has a space, control character or non-ASCII byte";
  }
  return "unknown URL error";
}

std::string Url::target() const {
  return query.empty() ? path : path + "?" + query;
}

std::string Url::host_header() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::for_log() const {
  return host_header() + path;
}

bool Url::host_is_ip() const {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

UrlResult parse_url(std::string_view text) {
  for (char c : text) {
    if (is_forbidden_byte(c)) return UrlError::bad_character;
  }
  Url url;
  if (starts_with_nocase(text, "https://")) {
    url.tls = true;
    text.remove_prefix(8);
  } else if (starts_with_nocase(text, "http://")) {
    text.remove_prefix(7);
  } else {
    return UrlError::bad_scheme;
  }

  // Authority ends at the first '/', '?' or '#'.
  const auto authority_end = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, authority_end);
  std::string_view rest =
      authority_end == std::string_view::npos ? std::string_view{} : text.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) return UrlError::userinfo;

  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return UrlError::bad_host;
    url.host = std::string(authority.substr(1, close - 1));
    boost::system::error_code ec;
    boost::asio::ip::make_address_v6(url.host, ec);
    if (ec) return UrlError::bad_host;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return UrlError::bad_host;
      port_text = after.substr(1);
      if (port_text.empty()) return UrlError::bad_port;
    }
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (url.host.empty()) return UrlError::empty_host;
    for (char c : url.host) {
      if (!is_host_char(c)) return UrlError::bad_host;
    }
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return UrlError::bad_port;
    }
  }
  if (url.host.empty()) return UrlError::empty_host;

  url.port = url.tls ? 443 : 80;
  if (!port_text.empty()) {
    if (port_text.size() > 5) return UrlError::bad_port;
    unsigned long port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return UrlError::bad_port;
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port == 0 || port > 65535) return UrlError::bad_port;
    url.port = static_cast<std::uint16_t>(port);
  }

  rest = rest.substr(0, rest.find('#'));
  const auto question = rest.find('?');
  const std::string_view path = rest.substr(0, question);
  url.path = path.empty() ? "/" : std::string(path);
  if (question != std::string_view::npos) url.query = std::string(rest.substr(question + 1));
  return url;
}

}  // namespace herald::webhooks
