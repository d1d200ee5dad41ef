// Real network clients for integration tests: a WebSocket client and a
// one-shot HTTP client (Boost.Beast, synchronous, with receive timeouts).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace herald::testing {

using Json = nlohmann::json;
namespace beast = boost::beast;
namespace asio = boost::asio;

/// Runs one asynchronous operation on `io` for at most `timeout`; on timeout
/// cancels it (closing `socket`) and returns asio::error::timed_out. Asio's
/// synchronous reads cannot time out, so tests never block on them.
template <class Start>
beast::error_code run_with_timeout(asio::io_context& io, asio::ip::tcp::socket& socket, Start start,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  bool done = false;
  beast::error_code result;
  start([&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  io.restart();
  io.run_for(timeout);
  if (done) return result;
  beast::error_code ignored;
  socket.close(ignored);
  io.restart();
  io.run();
  return asio::error::timed_out;
}

class WsClient {
 public:
  explicit WsClient(std::uint16_t port, const std::string& origin = "") : ws_(io_) {
    asio::ip::tcp::resolver resolver(io_);
    asio::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
    if (!origin.empty())
      ws_.set_option(beast::websocket::stream_base::decorator(
          [origin](beast::websocket::request_type& req) { req.set(beast::http::field::origin, origin); }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/");
    ws_.read_message_max(16 * 1024 * 1024);
    welcome_ = next();
  }

  const Json& welcome() const { return welcome_; }

  void send(Json frame) {
    frame["v"] = 1;
    send_raw(frame.dump());
  }
  void send_raw(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    beast::error_code ec;
    ws_.write(asio::buffer(text), ec);
    ws_.binary(false);
  }

  /// The next frame (fails the test on timeout or close). Presence frames
  /// come whenever contacts come and go: they are collected in `presence`.
  Json next() {
    for (;;) {
      beast::flat_buffer buffer;
      const auto ec = read(buffer);
      if (ec) {
        ADD_FAILURE() << "no frame: " << ec.message();
        return Json{{"type", "<none>"}};
      }
      Json frame = Json::parse(beast::buffers_to_string(buffer.data()));
      if (frame["type"] != "presence") return frame;
      presence.push_back(std::move(frame));
    }
  }
  Json expect(const std::string& type) {
    Json frame = next();
    EXPECT_EQ(frame["type"], type) << frame.dump();
    return frame;
  }
  /// Reads until the server closes; returns its close code (nullopt if the
  /// connection just dropped or timed out). Frames read meanwhile are kept
  /// in `frames` when given.
  std::optional<std::uint16_t> close_code(std::vector<Json>* frames = nullptr) {
    beast::flat_buffer buffer;
    for (;;) {
      const auto ec = read(buffer);
      // A server that fails the connection may drop TCP right after its
      // close frame; the code it sent is kept in reason() either way.
      if (ec && ws_.reason().code != 0) return static_cast<std::uint16_t>(ws_.reason().code);
      if (ec) return std::nullopt;
      if (frames != nullptr) frames->push_back(Json::parse(beast::buffers_to_string(buffer.data())));
      buffer.clear();
    }
  }

  /// register (or sign_in when `existing`), returning the session token.
  std::string sign_up(const std::string& username, const std::string& password = "password123") {
    send({{"type", "register"}, {"username", username}, {"password", password}});
    return expect("session")["token"];
  }
  /// hello; returns "ready" after collecting replayed events in `replayed`.
  Json hello(const std::string& token, std::optional<std::int64_t> cursor = std::nullopt) {
    Json frame = {{"type", "hello"}, {"token", token}};
    if (cursor) frame["cursor"] = *cursor;
    send(frame);
    for (;;) {
      Json f = next();
      if (f["type"] == "ready" || f["type"] == "error" || f["type"] == "<none>") {
        EXPECT_EQ(f["type"], "ready") << f.dump();
        return f;
      }
      replayed.push_back(f);
    }
  }

  std::vector<Json> replayed;
  std::vector<Json> presence;

 private:
  beast::error_code read(beast::flat_buffer& buffer) {
    return run_with_timeout(io_, ws_.next_layer(), [&](auto handler) { ws_.async_read(buffer, handler); });
  }

  asio::io_context io_;
  beast::websocket::stream<asio::ip::tcp::socket> ws_;
  Json welcome_;
};

struct HttpResult {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  beast::http::fields headers;
};

inline HttpResult http(std::uint16_t port, beast::http::verb method, const std::string& target,
                       const std::string& body = "", const std::string& authorization = "",
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::ip::tcp::resolver resolver(io);
  asio::connect(socket, resolver.resolve("127.0.0.1", std::to_string(port)));
  beast::http::request<beast::http::string_body> req{method, target, 11};
  req.set(beast::http::field::host, "127.0.0.1");
  if (!authorization.empty()) req.set(beast::http::field::authorization, authorization);
  if (!body.empty()) {
    req.set(beast::http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  beast::http::write(socket, req);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> res;
  const auto ec = run_with_timeout(
      io, socket, [&](auto handler) { beast::http::async_read(socket, buffer, res, handler); }, timeout);
  if (ec) ADD_FAILURE() << "HTTP " << target << ": " << ec.message();
  return {res.result_int(), std::string(res[beast::http::field::content_type]), res.body(), res.base()};
}

}  // namespace herald::testing
