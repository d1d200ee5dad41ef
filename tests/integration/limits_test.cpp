// The server's protection against misbehaving peers: a bounded send queue
// per connection (slow readers are closed), connection limits (total and per
// address) and the idle timeout with WebSocket pings.
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "fixture.hpp"

namespace herald::testing {
namespace {

using beast::http::verb;
using Clock = std::chrono::steady_clock;

/// A WebSocket client that does only what the test says: it reads nothing
/// (so answers no ping) unless read_for() runs. The receive buffer can be
/// made tiny before connecting, so a peer that does not read fills the
/// server's send queue quickly.
class BareClient {
 public:
  explicit BareClient(std::uint16_t port, int receive_buffer = 0) : ws_(io_) {
    auto& socket = ws_.next_layer();
    socket.open(asio::ip::tcp::v4());
    if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    ws_.control_callback([this](beast::websocket::frame_type kind, beast::string_view) {
      if (kind == beast::websocket::frame_type::ping) ++pings;
    });
    beast::error_code ec;
    ws_.handshake(response_, "127.0.0.1:" + std::to_string(port), "/", ec);
    handshake_error_ = ec;
  }

  bool open() const { return !handshake_error_; }

  void send(Json frame) {
    frame["v"] = 1;
    ws_.write(asio::buffer(frame.dump()));
  }
  /// The next frame that is not presence (fails the test on timeout).
  Json next() {
    for (;;) {
      beast::flat_buffer buffer;
      const auto ec =
          run_with_timeout(io_, ws_.next_layer(), [&](auto handler) { ws_.async_read(buffer, handler); });
      if (ec) {
        ADD_FAILURE() << "no frame: " << ec.message();
        return Json{{"type", "<none>"}};
      }
      Json frame = Json::parse(beast::buffers_to_string(buffer.data()));
      if (frame["type"] != "presence") return frame;
    }
  }
  /// Keeps one read pending for `duration` (answering pings meanwhile) and
  /// leaves it pending; returns true when no frame and no close arrived.
  bool quiet_for(std::chrono::milliseconds duration) {
    if (!reading_) {
      reading_ = true;
      ws_.async_read(pending_, [this](beast::error_code, std::size_t) { read_done_ = true; });
    }
    io_.restart();
    io_.run_for(duration);
    return !read_done_;
  }
  /// Reads until the connection ends; the close code the server sent, or
  /// nullopt when TCP just dropped.
  std::optional<std::uint16_t> close_code() {
    beast::flat_buffer buffer;
    for (;;) {
      const auto ec =
          run_with_timeout(io_, ws_.next_layer(), [&](auto handler) { ws_.async_read(buffer, handler); });
      if (ec && ws_.reason().code != 0) return static_cast<std::uint16_t>(ws_.reason().code);
      if (ec) return std::nullopt;
      buffer.clear();
    }
  }

  int pings = 0;

 private:
  asio::io_context io_;
  beast::websocket::stream<asio::ip::tcp::socket> ws_;
  beast::websocket::response_type response_;
  beast::error_code handshake_error_;
  beast::flat_buffer pending_;
  bool reading_ = false;
  bool read_done_ = false;
};

/// The HTTP status of a WebSocket upgrade request (101 when accepted).
unsigned upgrade_status(std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  beast::http::request<beast::http::empty_body> req{verb::get, "/", 11};
  req.set(beast::http::field::host, "127.0.0.1");
  req.set(beast::http::field::upgrade, "websocket");
  req.set(beast::http::field::connection, "Upgrade");
  req.set(beast::http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  req.set(beast::http::field::sec_websocket_version, "13");
  beast::http::write(socket, req);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> res;
  const auto ec = run_with_timeout(
      io, socket, [&](auto handler) { beast::http::async_read(socket, buffer, res, handler); });
  if (ec) ADD_FAILURE() << "upgrade: " << ec.message();
  return res.result_int();
}

double metric(std::uint16_t port, const std::string& name) {
  const auto body = http(port, verb::get, "/metrics").body;
  const std::regex line("^" + name + " (\\S+)$", std::regex::multiline);
  std::smatch m;
  if (!std::regex_search(body, m, line)) {
    ADD_FAILURE() << "no metric " << name;
    return -1;
  }
  return std::stod(m[1]);
}

/// Polls herald_connections until it is `expected` or `timeout` passes.
bool connections_become(std::uint16_t port, double expected, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (metric(port, "herald_connections") == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string server_log(const std::filesystem::path& dir) {
  std::ifstream in(dir / "server.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(ServerTest, ASlowReaderIsClosedAndOthersKeepReceiving) {
  start({"--max-send-queue-bytes", "65536"});
  BareClient slow(port(), 4096);
  ASSERT_TRUE(slow.open());
  EXPECT_EQ(slow.next()["type"], "welcome");
  slow.send({{"type", "register"}, {"username", "slow"}, {"password", "password123"}});
  const std::string slow_token = slow.next()["token"];
  slow.send({{"type", "hello"}, {"token", slow_token}});
  Json ready;
  for (ready = slow.next(); ready["type"] != "ready" && ready["type"] != "<none>";) ready = slow.next();
  const auto slow_id = ready["user"]["id"];
  WsClient fast(port());
  const auto fast_id = fast.hello(fast.sign_up("fast"))["user"]["id"];
  ASSERT_TRUE(connections_become(port(), 2, std::chrono::seconds(5)));

  // From here on `slow` reads nothing. Notifications of ~4 KB go to both;
  // `fast` must get each one promptly while `slow`'s queue fills up.
  const std::string body(4000, 'x');
  bool closed = false;
  for (int i = 0; i < 3000 && !closed; ++i) {
    const auto reply =
        post_notification({{"title", "n" + std::to_string(i)}, {"body", body}, {"to", {slow_id, fast_id}}});
    ASSERT_EQ(reply.status, 201u) << reply.body;
    const auto start = Clock::now();
    const Json got = fast.expect("notification");
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(2)) << "fast reader delayed at " << i;
    ASSERT_EQ(got["notification"]["title"], "n" + std::to_string(i));
    if (i % 20 == 0) closed = metric(port(), "herald_send_queue_drops_total") >= 1;
  }
  ASSERT_TRUE(closed) << "the slow reader's queue never overflowed";
  EXPECT_NE(server_log(dir_).find("send queue full"), std::string::npos);
  // TCP goes shortly after the close frame (the slow peer never answers it).
  EXPECT_TRUE(connections_become(port(), 1, std::chrono::seconds(10)));
  EXPECT_EQ(metric(port(), "herald_send_queue_drops_total"), 1);

  fast.send({{"type", "ping"}});
  fast.expect("pong");
}

TEST_F(ServerTest, PerUserRateLimitsSetByFlagHoldAcrossTabs) {
  start({"--rate-limit", "message.send.user=3/0.01"});
  WsClient tab1(port());
  const auto token = tab1.sign_up("alice");
  tab1.hello(token);
  WsClient tab2(port());
  tab2.hello(token);
  WsClient bob(port());
  const auto bob_id = bob.hello(bob.sign_up("bob"))["user"]["id"];
  auto send = [&](WsClient& tab, const std::string& id) {
    tab.send({{"type", "message.send"}, {"ref", id}, {"client_id", id}, {"to", bob_id}, {"text", id}});
    for (;;) {  // skip the copies of the other tab's messages
      Json reply = tab.next();
      if (reply["type"] != "message") return reply;
    }
  };
  EXPECT_EQ(send(tab1, "1")["type"], "ack");
  EXPECT_EQ(send(tab2, "2")["type"], "ack");
  EXPECT_EQ(send(tab1, "3")["type"], "ack") << "the third: at the limit";
  const Json refused = send(tab2, "4");
  EXPECT_EQ(refused["type"], "error") << "the fourth, from either tab, is past it";
  EXPECT_EQ(refused["code"], "rate_limited");
  EXPECT_EQ(refused["ref"], "4");
  for (const char* id : {"1", "2", "3"}) EXPECT_EQ(bob.expect("message")["message"]["client_id"], id);
  bob.send({{"type", "ping"}});
  EXPECT_EQ(bob.expect("pong")["type"], "pong") << "message 4 never reached bob";
}

TEST_F(ServerTest, ConnectionsBeyondThePerAddressLimitGet429) {
  start({"--max-connections-per-address", "3"});
  std::vector<std::unique_ptr<BareClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<BareClient>(port()));
    EXPECT_TRUE(clients.back()->open()) << "connection " << i;
  }
  EXPECT_FALSE(BareClient(port()).open());
  EXPECT_EQ(upgrade_status(port()), 429u);
  EXPECT_NE(server_log(dir_).find("--max-connections-per-address"), std::string::npos);

  // A closed connection gives its slot back.
  clients.pop_back();
  ASSERT_TRUE(connections_become(port(), 2, std::chrono::seconds(10)));
  BareClient again(port());
  EXPECT_TRUE(again.open());
  EXPECT_EQ(http(port(), verb::get, "/healthz").status, 429u) << "plain HTTP counts in the same limit";
}

TEST_F(ServerTest, ConnectionsBeyondTheTotalLimitGet503) {
  start({"--max-connections", "3"});
  std::vector<std::unique_ptr<BareClient>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<BareClient>(port()));
    EXPECT_TRUE(clients.back()->open()) << "connection " << i;
  }
  EXPECT_FALSE(BareClient(port()).open());
  EXPECT_EQ(upgrade_status(port()), 503u);
  EXPECT_EQ(metric(port(), "herald_connections"), 3);
}

TEST_F(ServerTest, IdleConnectionsAreClosedAndPingAnsweringOnesStay) {
  start({"--ping-interval-seconds", "1", "--idle-timeout-seconds", "2"});
  BareClient silent(port());  // never reads, so never answers a ping
  ASSERT_TRUE(silent.open());
  BareClient live(port());
  ASSERT_TRUE(live.open());
  EXPECT_EQ(live.next()["type"], "welcome");

  // Beast answers pings while a read is pending: `live` stays open well past
  // the idle timeout, `silent` is closed within timeout + interval (+ the
  // close grace).
  EXPECT_TRUE(live.quiet_for(std::chrono::seconds(4))) << "live got a frame or was closed";
  bool only_live_left = false;
  for (const auto deadline = Clock::now() + std::chrono::seconds(8);
       !only_live_left && Clock::now() < deadline;) {
    ASSERT_TRUE(live.quiet_for(std::chrono::milliseconds(250))) << "live got a frame or was closed";
    only_live_left = metric(port(), "herald_connections") == 1;
  }
  EXPECT_TRUE(only_live_left) << "silent was not closed";
  EXPECT_TRUE(live.quiet_for(std::chrono::seconds(1)));
  EXPECT_GE(live.pings, 4);
  EXPECT_NE(server_log(dir_).find("nothing received for 2 s"), std::string::npos);
  EXPECT_EQ(server_log(dir_).find("connection 2: nothing received"), std::string::npos)
      << "the live connection was closed as idle";
  // The close frame (1001) is sent, but `silent` never answers it, so TCP is
  // dropped after the grace; its pongs then meet a closed socket, and a reset
  // may discard the frame before it is read.
  const auto code = silent.close_code();
  if (code) {
    EXPECT_EQ(*code, 1001);
  }
}

}  // namespace
}  // namespace herald::testing
