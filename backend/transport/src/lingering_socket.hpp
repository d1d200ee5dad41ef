// Internal: websocketpp's plain socket policy with a lingering close. The
// stock policy ends a connection with shutdown(both) and close(); when the
// peer's input is still queued (a flood, a frame far over the limit that was
// never read) the kernel answers close() with a reset, and a reset makes the
// peer's kernel drop what it had received and not yet read: the `error`
// frame and the close frame the server just sent. This policy sends FIN
// instead and keeps reading (and discarding) until the peer's FIN or a short
// grace period, so every server-initiated close reaches the client intact.
#pragma once

#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <websocketpp/transport/asio/security/none.hpp>

namespace herald::transport {

/// How long a closed connection's unread input is drained at most before
/// the socket is closed anyway (a peer that never stops sending).
constexpr std::chrono::milliseconds kLingerGrace{2000};

/// Reads and discards a socket's input until EOF, an error or kLingerGrace,
/// then closes it. Owns a duplicate of the connection's descriptor, so the
/// connection's own socket may be closed and destroyed meanwhile.
class LingeringDrain : public std::enable_shared_from_this<LingeringDrain> {
 public:
  using Socket = boost::asio::ip::tcp::socket;

  /// Starts draining `socket` (already shut down for sending); a no-op when
  /// its descriptor cannot be duplicated (the socket is then closed as before).
  static void start(Socket& socket) {
    boost::system::error_code ec;
    const auto local = socket.local_endpoint(ec);
    if (ec) return;
    const int fd = ::dup(socket.native_handle());
    if (fd < 0) return;
    auto drain = std::shared_ptr<LingeringDrain>(new LingeringDrain(socket.get_executor()));
    drain->socket_.assign(local.protocol(), fd, ec);
    if (ec) {
      ::close(fd);
      return;
    }
    drain->timer_.expires_after(kLingerGrace);
    drain->timer_.async_wait([drain](const boost::system::error_code& error) {
      if (!error) drain->finish();
    });
    drain->read();
  }

 private:
  explicit LingeringDrain(const Socket::executor_type& executor) : socket_(executor), timer_(executor) {}

  void read() {
    socket_.async_read_some(boost::asio::buffer(buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                              if (ec) return self->finish();  // EOF: nothing left unread
                              self->read();
                            });
  }

  void finish() {
    boost::system::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  Socket socket_;
  boost::asio::steady_timer timer_;
  std::array<char, 4096> buffer_{};
};

/// The connection half of the policy: websocketpp calls async_shutdown when
/// it ends a connection (after the close handshake or its timeout).
class LingeringSocketConnection : public websocketpp::transport::asio::basic_socket::connection {
 public:
  void async_shutdown(websocketpp::transport::asio::socket::shutdown_handler callback) {
    auto& socket = get_socket();
    boost::system::error_code ec;
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);  // FIN after the close frame
    if (!ec) LingeringDrain::start(socket);
    callback(boost::system::error_code());
  }
};

/// The endpoint half: the stock endpoint, making LingeringSocketConnections.
class LingeringSocketEndpoint : public websocketpp::transport::asio::basic_socket::endpoint {
 public:
  using type = LingeringSocketEndpoint;
  using socket_con_type = LingeringSocketConnection;
  using socket_con_ptr = std::shared_ptr<LingeringSocketConnection>;
};

}  // namespace herald::transport
