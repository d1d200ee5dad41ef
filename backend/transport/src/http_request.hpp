// Internal: websocketpp's HTTP request parser with the checks it lacks.
// websocketpp joins repeated headers with ", " and reads the first number of
// a Content-Length list, ignores Transfer-Encoding, and drops whatever a
// client sends after its first request. A request whose body length is
// ambiguous is refused (it is how requests are smuggled past proxies), and so
// is a request followed by more bytes: websocketpp answers one request per
// connection, so a pipelined second request would go unanswered. The
// connection writes these refusals itself (websocketpp turns the exception
// thrown from consume() into a response with its status) and closes.
#pragma once

#include <cstddef>
#include <string>

#include <websocketpp/http/request.hpp>

namespace herald::transport {

class HeraldHttpRequest : public websocketpp::http::parser::request {
 public:
  using ptr = websocketpp::lib::shared_ptr<HeraldHttpRequest>;
  using Base = websocketpp::http::parser::request;

  /// Hides Base::consume (websocketpp's connection calls it on its
  /// config's request type). Returns the bytes used, like Base::consume.
  std::size_t consume(const char* buf, std::size_t len) {
    const bool was_ready = ready();
    const std::size_t used = Base::consume(buf, len);
    if (!checked_ && headers_complete()) {
      checked_ = true;
      check_body_framing();
    }
    if (!was_ready && ready() && used < len && !is_upgrade()) refuse_pipelining();
    return used;
  }

  /// Throws the refusal for a request followed by bytes that arrived after
  /// it was read (websocketpp reads no more; the caller saw them waiting).
  static void refuse_pipelining() {
    throw websocketpp::http::exception("pipelined request", websocketpp::http::status_code::bad_request,
                                       kPipeliningRefused, kPipeliningRefused);
  }

  static constexpr const char* kPipeliningRefused =
      "pipelined requests are not supported: send one request per connection";

 private:
  // The blank line has been read: the request is ready, or its body is.
  bool headers_complete() const { return ready() || m_body_bytes_needed > 0; }

  bool is_upgrade() const { return !get_header("Upgrade").empty(); }

  /// Content-Length must be one decimal number (repeats of the same number
  /// are allowed, RFC 9110 8.6); Transfer-Encoding is not supported.
  void check_body_framing() const {
    namespace status = websocketpp::http::status_code;
    const std::string& te = get_header("Transfer-Encoding");
    const std::string& cl = get_header("Content-Length");
    if (!te.empty() && !cl.empty())
      throw websocketpp::http::exception("Transfer-Encoding with Content-Length", status::bad_request,
                                         "both Transfer-Encoding and Content-Length",
                                         "send a body with Content-Length only\n");
    if (!te.empty())
      throw websocketpp::http::exception("Transfer-Encoding", status::length_required,
                                         "Transfer-Encoding is not supported",
                                         "send a body with Content-Length, not Transfer-Encoding\n");
    if (!cl.empty() && !single_length(cl))
      throw websocketpp::http::exception("bad Content-Length", status::bad_request, "bad Content-Length",
                                         "Content-Length must be one decimal number\n");
  }

  /// "12" or "12, 12": one decimal number, possibly repeated.
  static bool single_length(const std::string& value) {
    std::string first;
    std::size_t start = 0;
    while (start <= value.size()) {
      auto end = value.find(',', start);
      if (end == std::string::npos) end = value.size();
      std::string item = value.substr(start, end - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (item.empty() || item.size() > 18 || item.find_first_not_of("0123456789") != std::string::npos)
        return false;
      if (first.empty())
        first = item;
      else if (item != first)
        return false;
      start = end + 1;
    }
    return true;
  }

  bool checked_ = false;
};

}  // namespace herald::transport
