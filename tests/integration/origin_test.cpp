// --allowed-origin: browsers from other origins get 403 at the handshake.
#include "fixture.hpp"

namespace herald::testing {
namespace {

/// The HTTP status of a WebSocket handshake sent with `origin` (a raw
/// upgrade request: Beast keeps no response of a declined handshake).
unsigned handshake_status(std::uint16_t port, const std::string& origin) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  asio::ip::tcp::resolver resolver(io);
  asio::connect(socket, resolver.resolve("127.0.0.1", std::to_string(port)));
  beast::http::request<beast::http::empty_body> req{beast::http::verb::get, "/", 11};
  req.set(beast::http::field::host, "127.0.0.1");
  req.set(beast::http::field::upgrade, "websocket");
  req.set(beast::http::field::connection, "Upgrade");
  req.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(beast::http::field::sec_websocket_version, "13");
  req.set(beast::http::field::origin, origin);
  beast::http::write(socket, req);
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::empty_body> parser;
  const auto ec = run_with_timeout(
      io, socket, [&](auto handler) { beast::http::async_read_header(socket, buffer, parser, handler); });
  if (ec) ADD_FAILURE() << "handshake with origin " << origin << ": " << ec.message();
  return parser.get().result_int();
}

TEST_F(ServerTest, OnlyAllowedOriginsOpenAWebSocket) {
  start({"--allowed-origin", "https://chat.example.org", "--allowed-origin", "http://localhost:8080"});
  EXPECT_EQ(handshake_status(port(), "https://chat.example.org"), 101u);
  EXPECT_EQ(handshake_status(port(), "HTTPS://Chat.Example.org/"), 101u) << "case and trailing slash";
  EXPECT_EQ(handshake_status(port(), "http://localhost:8080"), 101u);
  EXPECT_EQ(handshake_status(port(), "https://evil.example"), 403u);
  EXPECT_EQ(handshake_status(port(), "https://chat.example.org.evil.example"), 403u);
  EXPECT_EQ(handshake_status(port(), "http://chat.example.org"), 403u) << "scheme matters";
  WsClient allowed(port(), "https://chat.example.org");
  EXPECT_EQ(allowed.welcome()["type"], "welcome");
  WsClient no_origin(port());  // not a browser
  EXPECT_EQ(no_origin.welcome()["type"], "welcome");
  EXPECT_EQ(http(port(), beast::http::verb::get, "/healthz").status, 200u) << "plain HTTP is not affected";
}

TEST_F(ServerTest, AnyOriginWithoutTheFlag) {
  start();
  EXPECT_EQ(handshake_status(port(), "https://anything.example"), 101u);
}

}  // namespace
}  // namespace herald::testing
