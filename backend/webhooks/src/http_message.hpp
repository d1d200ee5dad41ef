// The HTTP/1.1 POST for one webhook attempt, and the check that a request's
// headers can be sent as-is (no header injection, no clash with the headers
// the sender owns). Pure: no I/O.
#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "herald/webhooks/url.hpp"
#include "herald/webhooks/webhook_sender.hpp"

namespace herald::webhooks::detail {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

/// Empty when every header can be sent; else why not, for logs. The reason
/// may name the header, never its value.
std::string header_problem(const Request& request);

/// POST url.target() with Host, User-Agent (unless the request has one), Connection: close, the request's
/// headers in order, and Content-Length. Precondition: header_problem() is empty.
HttpRequest make_message(const Url& url, const Request& request);

}  // namespace herald::webhooks::detail
