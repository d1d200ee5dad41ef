// A real HTTP(S) listener for the webhook tests, on 127.0.0.1 and an
// ephemeral port, running on the test's io_context (single thread, like the
// server). It answers the i-th request it reads with script[i] (the last
// entry again once the script is used up) and records what it received.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

namespace herald::webhooks::testing {

struct Answer {
  unsigned status = 200;
  bool hang = false;  ///< read the request and never answer (the connection stays open until stop())
};

inline Answer status(unsigned code) {
  return Answer{code, false};
}
inline Answer hang() {
  return Answer{0, true};
}

struct Received {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;
  std::string sni;  // the TLS server_name the client sent ("" for none or plain HTTP)
  std::chrono::steady_clock::time_point at;

  /// The first header named `name` (case-insensitive), or "" when absent.
  std::string header(std::string_view name) const;
  std::size_t count(std::string_view name) const;
};

class ScriptedServer {
 public:
  /// `tls`, when given, must outlive the server: the listener then speaks https.
  ScriptedServer(boost::asio::io_context& io, std::vector<Answer> script,
                 boost::asio::ssl::context* tls = nullptr);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::uint16_t port() const;
  /// "http://127.0.0.1:<port><path>" (https:// and `host` when asked).
  std::string url(std::string_view path, std::string_view host = "127.0.0.1") const;
  const std::vector<Received>& received() const;
  std::size_t accepted() const;
  /// Called with each request as it is read, before it is answered. May call stop().
  void on_request(std::function<void(const Received&)> hook);
  /// Stops accepting and closes every connection, hanging ones included.
  void stop();

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::uint16_t port_ = 0;
};

/// A port on 127.0.0.1 nobody listens on (bound, then released).
std::uint16_t closed_port();

}  // namespace herald::webhooks::testing
