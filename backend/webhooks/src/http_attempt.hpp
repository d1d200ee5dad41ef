// One delivery attempt: resolve, connect, TLS handshake (https), write the
// POST, read the response head, close. One connection per attempt.
//
// Contracts:
// - Everything is asynchronous on the io_context; the attempt has one
//   deadline (start + timeout) for all its steps. Socket steps use the
//   tcp_stream's own timeout (expires_at the deadline), the resolve step a
//   timer; either way a late attempt ends with beast::error::timeout.
// - `done` is called exactly once, on the io_context's thread, unless
//   cancel() was called first; then it is never called.
// - The attempt keeps itself alive (shared_from_this in every handler), so
//   its owner may drop its pointer at any time, even from inside `done`.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "herald/webhooks/url.hpp"
#include "http_message.hpp"

namespace herald::webhooks::detail {

/// How an attempt ended: a transport error (connection, TLS, timeout, bad
/// response), or the response status when `error` is empty.
struct AttemptResult {
  boost::system::error_code error;
  unsigned status = 0;
};

class HttpAttempt : public std::enable_shared_from_this<HttpAttempt> {
 public:
  using Done = std::function<void(AttemptResult)>;

  /// `tls` must be non-null when url.tls; the attempt shares its ownership.
  HttpAttempt(boost::asio::io_context& io, std::shared_ptr<boost::asio::ssl::context> tls, Url url,
              HttpRequest message, std::chrono::milliseconds timeout, Done done);

  /// Begins the attempt; call once.
  void start();
  /// Aborts whatever is pending; `done` will not be called. Idempotent.
  void cancel();

 private:
  using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

  void on_resolve(boost::system::error_code error, boost::asio::ip::tcp::resolver::results_type results);
  void on_connect(boost::system::error_code error);
  void on_handshake(boost::system::error_code error);
  void on_write(boost::system::error_code error);
  void on_read(boost::system::error_code error);
  void finish(AttemptResult result);
  boost::beast::tcp_stream& tcp();
  /// Calls f with the stream the HTTP exchange goes over (TLS or plain).
  template <class F>
  void with_stream(F&& f);

  std::shared_ptr<boost::asio::ssl::context> tls_context_;
  Url url_;
  HttpRequest message_;
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::milliseconds timeout_;
  Done done_;
  bool finished_ = false;  // done_ called or cancelled
  bool resolve_timed_out_ = false;

  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::steady_timer resolve_timer_;
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<TlsStream> tls_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response_parser<boost::beast::http::string_body> parser_;
};

}  // namespace herald::webhooks::detail
