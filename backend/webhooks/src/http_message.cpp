#include "http_message.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <boost/beast/http/field.hpp>

namespace herald::webhooks::detail {
namespace {

namespace http = boost::beast::http;

/// RFC 9110 token characters.
bool is_token(std::string_view name) {
  constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string header_problem(const Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return "a header name is not an HTTP token";
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      return "the value of header " + name + " has CR, LF or NUL";
    }
    for (std::string_view owned : {"Host", "Content-Length", "Transfer-Encoding", "Connection"}) {
      if (equals_nocase(name, owned)) return "header " + name + " is set by the sender";
    }
  }
  return {};
}

HttpRequest make_message(const Url& url, const Request& request) {
  HttpRequest message{http::verb::post, url.target(), 11};
  message.set(http::field::host, url.host_header());
  const bool own_agent = std::none_of(request.headers.begin(), request.headers.end(), [](const auto& header) {
    return equals_nocase(header.first, "User-Agent");
  });
  if (own_agent) message.set(http::field::user_agent, "herald-webhooks");
  // One connection per attempt: the receiver may close after answering.
  message.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) message.insert(name, value);
  message.body() = request.body;
  message.prepare_payload();
  return message;
}

}  // namespace herald::webhooks::detail
