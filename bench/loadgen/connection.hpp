// One client connection of the load generator: TCP connect, the WebSocket
// opening handshake (Boost.Beast's HTTP), then the dialect's own greeting
// (Herald: welcome -> hello -> ready; Socket.IO: open packet -> "40" -> "40";
// Pusher: connection_established -> a signed subscribe to kPusherChannel ->
// subscription_succeeded; uWebSockets.js: none) before the connection counts
// as ready. After that
// every text frame goes to the Listener. Single-threaded: one io_context.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio.hpp>

#include "ws_wire.hpp"

namespace herald::bench {

enum class Dialect { herald, socketio, uws, pusher };

/// Pusher dialect: every connection subscribes to this private channel and
/// publishers send client events on it (the server's fan-out path is the
/// same as for the HTTP API's events).
inline constexpr std::string_view kPusherChannel = "private-bench";

class Connection;

class Listener {
 public:
  virtual ~Listener() = default;
  virtual void on_ready(Connection& c) = 0;
  virtual void on_text(Connection& c, std::string_view text) = 0;
  virtual void on_failed(Connection& c, const std::string& why) = 0;
};

struct Target {
  Dialect dialect = Dialect::herald;
  boost::asio::ip::tcp::endpoint endpoint;
  std::string pusher_key;     // Pusher dialect: the app's key and secret,
  std::string pusher_secret;  // to sign the private channel's subscriptions
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  /// `token`: the Herald session token to sign in with (unused otherwise).
  Connection(boost::asio::io_context& io, const Target& target, Listener& listener, int index,
             std::string token);

  void start();
  /// Sends one text message in the dialect's framing (Socket.IO: as event
  /// "pub"; Pusher: as client event "client-pub" on kPusherChannel; Herald
  /// and uWS: the text as is).
  void publish(std::string_view text);
  /// Sends one raw text frame.
  void send_text(std::string_view text);
  void close();

  int index() const { return index_; }
  /// Herald: when "hello" was sent, and the size of the "ready" frame.
  std::int64_t hello_sent_ns() const { return hello_sent_ns_; }
  std::size_t ready_frame_bytes() const { return ready_frame_bytes_; }
  bool ready() const { return ready_; }

 private:
  void handshake();
  void read();
  void on_frame(Opcode opcode, std::string_view payload);
  void greet(std::string_view text);
  void greet_pusher(std::string_view text);
  void flush();
  void fail(const std::string& why);

  boost::asio::ip::tcp::socket socket_;
  Target target_;
  Listener& listener_;
  int index_;
  std::string token_;
  bool ready_ = false;
  std::int64_t hello_sent_ns_ = 0;
  std::size_t ready_frame_bytes_ = 0;
  bool failed_ = false;
  FrameParser parser_;
  std::array<char, 16384> read_buffer_{};
  std::string out_;      // frames waiting for the write in progress to end
  std::string writing_;  // the frames being written
  bool write_busy_ = false;
};

}  // namespace herald::bench
