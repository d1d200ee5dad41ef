#include "http_attempt.hpp"

#include <utility>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace herald::webhooks::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

HttpAttempt::HttpAttempt(asio::io_context& io, std::shared_ptr<asio::ssl::context> tls, Url url,
                         HttpRequest message, std::chrono::milliseconds timeout, Done done)
    : tls_context_(std::move(tls)),
      url_(std::move(url)),
      message_(std::move(message)),
      timeout_(timeout),
      done_(std::move(done)),
      resolver_(io),
      resolve_timer_(io) {
  if (url_.tls) {
    tls_.emplace(io, *tls_context_);
  } else {
    plain_.emplace(io);
  }
}

beast::tcp_stream& HttpAttempt::tcp() {
  return tls_ ? beast::get_lowest_layer(*tls_) : *plain_;
}

template <class F>
void HttpAttempt::with_stream(F&& f) {
  if (tls_) {
    f(*tls_);
  } else {
    f(*plain_);
  }
}

void HttpAttempt::start() {
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  // The resolver has no timeout of its own. Cancelling it makes the handler
  // run with operation_aborted, but with getaddrinfo only once the lookup
  // returns: a slow DNS server delays the attempt's end, never the loop.
  resolve_timer_.expires_at(deadline_);
  resolve_timer_.async_wait([self = shared_from_this()](error_code error) {
    if (error || self->finished_) return;
    self->resolve_timed_out_ = true;
    self->resolver_.cancel();
  });
  const auto flags =
      url_.host_is_ip() ? asio::ip::tcp::resolver::numeric_host : asio::ip::tcp::resolver::flags{};
  resolver_.async_resolve(url_.host, std::to_string(url_.port), flags,
                          [self = shared_from_this()](error_code error, auto results) {
                            self->on_resolve(error, std::move(results));
                          });
}

void HttpAttempt::on_resolve(error_code error, asio::ip::tcp::resolver::results_type results) {
  resolve_timer_.cancel();
  if (finished_) return;
  if (resolve_timed_out_) return finish({beast::error::timeout, 0});
  if (error) return finish({error, 0});
  if (tls_) {
    // SNI for names only: RFC 6066 forbids IP literals in server_name.
    // SSL_set_tlsext_host_name, spelled out: the macro's C cast trips -Wold-style-cast.
    if (!url_.host_is_ip() &&
        SSL_ctrl(tls_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(url_.host.c_str())) != 1) {
      return finish({error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category()), 0});
    }
    tls_->set_verify_mode(asio::ssl::verify_peer);
    tls_->set_verify_callback(asio::ssl::host_name_verification(url_.host));
  }
  tcp().expires_at(deadline_);
  tcp().async_connect(results,
                      [self = shared_from_this()](error_code e, const auto&) { self->on_connect(e); });
}

void HttpAttempt::on_connect(error_code error) {
  if (finished_) return;
  if (error) return finish({error, 0});
  if (!tls_) return on_handshake({});
  tcp().expires_at(deadline_);
  tls_->async_handshake(asio::ssl::stream_base::client,
                        [self = shared_from_this()](error_code e) { self->on_handshake(e); });
}

void HttpAttempt::on_handshake(error_code error) {
  if (finished_) return;
  if (error) return finish({error, 0});
  tcp().expires_at(deadline_);
  with_stream([this](auto& stream) {
    http::async_write(stream, message_,
                      [self = shared_from_this()](error_code e, std::size_t) { self->on_write(e); });
  });
}

void HttpAttempt::on_write(error_code error) {
  if (finished_) return;
  if (error) return finish({error, 0});
  tcp().expires_at(deadline_);
  // The head decides the verdict; the body (an error page, say) is not read.
  with_stream([this](auto& stream) {
    http::async_read_header(stream, buffer_, parser_,
                            [self = shared_from_this()](error_code e, std::size_t) { self->on_read(e); });
  });
}

void HttpAttempt::on_read(error_code error) {
  if (finished_) return;
  if (error) return finish({error, 0});
  finish({{}, parser_.get().result_int()});
}

void HttpAttempt::finish(AttemptResult result) {
  finished_ = true;
  // Connection: close, and nothing more to read: no TLS close_notify dance.
  tcp().close();
  resolve_timer_.cancel();
  auto done = std::move(done_);
  done_ = nullptr;
  if (done) done(result);
}

void HttpAttempt::cancel() {
  if (finished_) return;
  finished_ = true;
  done_ = nullptr;
  resolve_timer_.cancel();
  resolver_.cancel();
  tcp().close();
}

}  // namespace herald::webhooks::detail
