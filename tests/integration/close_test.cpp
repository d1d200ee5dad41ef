// How the server ends connections it closes itself: the client must read
// every frame sent before the close, the close frame, and then a clean end
// of TCP, never a reset, even when its own input is still arriving (a reset makes the client's kernel drop what it has
// received and not yet read). Run against the optimized build too
// (HERALD_SERVER_BINARY): the reset showed there, where the server is fast.
#include "fixture.hpp"
#include "raw_ws_client.hpp"

namespace herald::testing {
namespace {

using End = RawWsClient::End;

/// Reads frames until one is a close frame or the connection ends.
struct Transcript {
  std::vector<Json> frames;  // the text frames, parsed
  std::uint16_t close_code = 0;
  End end = End::none;  // how TCP ended after the close frame
};

Transcript read_until_closed(RawWsClient& client) {
  Transcript t;
  for (;;) {
    auto f = client.next();
    if (f.opcode == -1) {
      t.end = f.end;
      return t;
    }
    if (f.opcode == 0x8) {
      t.close_code = f.close_code();
      t.end = client.next().end;  // nothing may follow but the end of TCP
      return t;
    }
    if (f.opcode == 0x1) t.frames.push_back(Json::parse(f.payload));
  }
}

bool has_error(const Transcript& t, const std::string& code) {
  for (const auto& f : t.frames)
    if (f["type"] == "error" && f["code"] == code) return true;
  return false;
}

TEST_F(ServerTest, AFloodOfPingsGetsRateLimitedThenA1008CloseNotAReset) {
  start();
  RawWsClient client(port());
  ASSERT_TRUE(client.connected());
  // 400 pings and 4 MiB of garbage in one write, read only afterwards: the
  // server closes (1008 ends the connection at once in websocketpp) while
  // most of this input is still unread.
  std::string flood;
  for (int i = 0; i < 400; ++i) flood += RawWsClient::frame(R"({"v":1,"type":"ping"})");
  const std::string garbage = RawWsClient::frame("{oops") + RawWsClient::frame(std::string(4000, 'g'));
  while (flood.size() < (4u << 20)) flood += garbage;
  EXPECT_TRUE(client.write_all(flood)) << "the server reset the connection while the flood was being written";
  const auto t = read_until_closed(client);
  EXPECT_TRUE(has_error(t, "rate_limited")) << t.frames.size() << " frames before the close";
  EXPECT_EQ(t.close_code, 1008);
  EXPECT_EQ(t.end, End::eof) << "0 none, 1 eof, 2 reset, 3 timeout, 4 error";
}

TEST_F(ServerTest, AFrameFarOverTheLimitIsClosedWith1009NotAReset) {
  start();  // max_frame_bytes 65536
  RawWsClient client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_EQ(client.next().opcode, 0x1) << "welcome";
  // Like a naive client: write the whole 4 MiB frame, then read.
  EXPECT_TRUE(client.write_all(RawWsClient::frame(std::string(4 << 20, 'x'))))
      << "the server reset the connection while the frame was being written";
  const auto t = read_until_closed(client);
  EXPECT_EQ(t.close_code, 1009);
  EXPECT_EQ(t.end, End::eof) << "0 none, 1 eof, 2 reset, 3 timeout, 4 error";
}

TEST_F(ServerTest, InvalidUtf8FollowedByMoreInputIsClosedWith1007NotAReset) {
  start();
  RawWsClient client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_EQ(client.next().opcode, 0x1) << "welcome";
  std::string input = RawWsClient::frame("{\"v\":1,\"type\":\"ping\",\"x\":\"\xed\xa0\x80\"}");
  const std::string more = RawWsClient::frame(R"({"v":1,"type":"ping"})");
  while (input.size() < (4u << 20)) input += more;
  EXPECT_TRUE(client.write_all(input)) << "the server reset the connection while the input was being written";
  const auto t = read_until_closed(client);
  EXPECT_EQ(t.close_code, 1007);
  EXPECT_EQ(t.end, End::eof) << "0 none, 1 eof, 2 reset, 3 timeout, 4 error";
}

}  // namespace
}  // namespace herald::testing
