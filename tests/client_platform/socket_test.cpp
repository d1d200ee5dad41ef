// The native Socket (websocketpp) against a real herald-server: browser
// semantics (open, messages, close; or error then close 1006), and every
// callback on the thread that calls poll_events().
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "herald/platform/platform.hpp"
#include "test_server.hpp"

namespace herald::platform {
namespace {

using herald::testing::pump_until;
using herald::testing::TestServer;
using Json = nlohmann::json;

// Records every callback of a Socket, and on which thread it ran.
struct Recorder {
  explicit Recorder(Socket& socket) {
    socket.on_open = [this] { note("open"); };
    socket.on_message = [this](std::string text) {
      note("message");
      messages.push_back(std::move(text));
    };
    socket.on_error = [this](std::string description) {
      note("error");
      errors.push_back(std::move(description));
    };
    socket.on_close = [this](std::uint16_t code, std::string reason) {
      note("close");
      close_code = code;
      close_reason = std::move(reason);
    };
  }
  void note(const std::string& event) {
    events.push_back(event);
    if (std::this_thread::get_id() != ui_thread) off_thread = true;
  }
  bool closed() const { return !events.empty() && events.back() == "close"; }
  Json message_json(std::size_t i) const { return Json::parse(messages.at(i), nullptr, false); }

  std::thread::id ui_thread = std::this_thread::get_id();
  std::vector<std::string> events;
  std::vector<std::string> messages;
  std::vector<std::string> errors;
  std::uint16_t close_code = 0;
  std::string close_reason;
  bool off_thread = false;
};

class SocketTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* SocketTest::server_ = nullptr;

TEST_F(SocketTest, WelcomeThenPingPongThenClose) {
  Socket socket;
  Recorder recorder(socket);
  ASSERT_TRUE(socket.connect(server_->url()));
  EXPECT_FALSE(socket.open());  // open only once on_open has run

  ASSERT_TRUE(pump_until([&] { return !recorder.messages.empty() || recorder.closed(); }));
  ASSERT_EQ(recorder.events.at(0), "open");
  EXPECT_TRUE(socket.open());
  const Json welcome = recorder.message_json(0);
  EXPECT_EQ(welcome.value("type", ""), "welcome") << recorder.messages.at(0);
  EXPECT_EQ(welcome.value("v", 0), 1);

  ASSERT_TRUE(socket.send(R"({"v":1,"type":"ping","ref":"p"})"));
  ASSERT_TRUE(pump_until([&] { return recorder.messages.size() >= 2 || recorder.closed(); }));
  const Json pong = recorder.message_json(1);
  EXPECT_EQ(pong.value("type", ""), "pong") << recorder.messages.at(1);
  EXPECT_EQ(pong.value("ref", ""), "p");

  socket.close(1000, "bye");
  EXPECT_FALSE(socket.open());
  EXPECT_FALSE(socket.send("{}"));
  ASSERT_TRUE(pump_until([&] { return recorder.closed(); }));
  EXPECT_EQ(recorder.close_code, 1000);
  EXPECT_TRUE(recorder.errors.empty());
  EXPECT_FALSE(recorder.off_thread) << "a callback ran outside poll_events()";
  EXPECT_EQ(recorder.events, (std::vector<std::string>{"open", "message", "message", "close"}));
}

TEST_F(SocketTest, ConnectsAgainAfterClose) {
  Socket socket;
  Recorder recorder(socket);
  for (int round = 0; round < 2; ++round) {
    recorder.messages.clear();
    ASSERT_TRUE(socket.connect(server_->url())) << "round " << round;
    ASSERT_TRUE(pump_until([&] { return !recorder.messages.empty(); })) << "round " << round;
    EXPECT_EQ(recorder.message_json(0).value("type", ""), "welcome");
    socket.close();
    ASSERT_TRUE(pump_until([&] { return recorder.closed(); })) << "round " << round;
  }
}

TEST_F(SocketTest, RefusedConnectionReportsErrorThenAbnormalClose) {
  // Nothing listens on port 1 here (tcpmux is long gone).
  Socket socket;
  Recorder recorder(socket);
  ASSERT_TRUE(socket.connect("ws://127.0.0.1:1/"));
  ASSERT_TRUE(pump_until([&] { return recorder.closed(); }));
  EXPECT_EQ(recorder.events, (std::vector<std::string>{"error", "close"}));
  EXPECT_EQ(recorder.close_code, 1006);
  EXPECT_FALSE(recorder.errors.at(0).empty());
  EXPECT_FALSE(socket.open());
  EXPECT_FALSE(recorder.off_thread);
}

TEST_F(SocketTest, CloseWhileConnectingNeverOpens) {
  Socket socket;
  Recorder recorder(socket);
  ASSERT_TRUE(socket.connect(server_->url()));
  socket.close();
  ASSERT_TRUE(pump_until([&] { return recorder.closed(); }));
  EXPECT_EQ(recorder.events.back(), "close");
  for (const auto& event : recorder.events) EXPECT_NE(event, "open");
  EXPECT_FALSE(socket.open());
}

TEST_F(SocketTest, RejectsWhatItCannotStart) {
  Socket socket;
  Recorder recorder(socket);
  EXPECT_FALSE(socket.send("{}")) << "not connected";
  EXPECT_FALSE(socket.connect("http://127.0.0.1/")) << "not a WebSocket URL";
  EXPECT_FALSE(socket.connect("wss://127.0.0.1/")) << "no TLS in the native client";
  ASSERT_TRUE(socket.connect(server_->url()));
  EXPECT_FALSE(socket.connect(server_->url())) << "already connecting";
  ASSERT_TRUE(pump_until([&] { return socket.open(); }));
  EXPECT_FALSE(socket.connect(server_->url())) << "already open";
  socket.close();
  ASSERT_TRUE(pump_until([&] { return recorder.closed(); }));
}

TEST_F(SocketTest, DestroyingAnOpenSocketIsQuickAndSilent) {
  auto socket = std::make_unique<Socket>();
  Recorder recorder(*socket);
  ASSERT_TRUE(socket->connect(server_->url()));
  ASSERT_TRUE(pump_until([&] { return !recorder.messages.empty(); }));
  ASSERT_TRUE(socket->send(R"({"v":1,"type":"ping","ref":"late"})"));
  const auto started = std::chrono::steady_clock::now();
  socket.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
  const std::size_t seen = recorder.events.size();
  pump_until([] { return false; }, std::chrono::milliseconds(100));
  EXPECT_EQ(recorder.events.size(), seen) << "a callback ran after the Socket was destroyed";
}

}  // namespace
}  // namespace herald::platform
