// An HTTP request as a door sees it, and the reply it gives: plain values,
// so doors answer HTTP without knowing the transport's parser.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace herald::runtime {

/// An HTTP request on a door's path. The views live until the reply is given.
struct HttpRequest {
  std::string_view method;
  std::string_view path;       // before '?', as received
  std::string_view raw_query;  // after '?'
  std::string_view body;
  std::string_view authorization;        // the Authorization header, "" when absent
  std::string_view remote_address = {};  // for logs and limits; "" when unknown
};

/// The credentials of `Authorization: Bearer <credentials>`, the scheme
/// name matched in any case (RFC 9110); "" when the header is absent, empty
/// or of another scheme. A view into `authorization`.
std::string_view bearer_credentials(std::string_view authorization);

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  /// More headers (Allow, WWW-Authenticate, Retry-After, ...).
  std::vector<std::pair<std::string, std::string>> headers = {};
};

}  // namespace herald::runtime
