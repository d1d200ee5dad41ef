// Bad input gets a clear error, the right close code where the protocol
// says so, and loses nothing already accepted.
#include "harness.hpp"

namespace herald::testing {
namespace {

TEST(BadInput, MalformedFramesGetErrorsAndTheConnectionStaysUsable) {
  Harness h;
  const auto c = h.connect();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "malformed_json"},
      {"[1,2]", "not_an_object"},
      {R"({"v":1,"type":"nope","ref":"r9"})", "unknown_type"},
      {R"({"v":2,"type":"ping"})", "unsupported_version"},
      {R"({"v":1,"type":"register","username":5,"password":"password123"})", "wrong_field_type"},
      {R"({"v":1,"type":"register","password":"password123"})", "missing_field"},
  };
  for (const auto& [frame, code] : cases) {
    h.send_raw(c, frame);
    const Json error = h.expect(c, "error");
    EXPECT_EQ(error["code"], code) << frame;
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
  EXPECT_TRUE(h.out.closed.empty());
  h.send(c, {{"type", "ping"}});
  h.expect(c, "pong");
}

TEST(BadInput, ErrorRepliesCarryTheRefWhenItCanBeRead) {
  Harness h;
  const auto c = h.connect();
  h.send_raw(c, R"({"v":1,"type":"nope","ref":"r9"})");
  EXPECT_EQ(h.expect(c, "error")["ref"], "r9");
}

TEST(BadInput, InvalidUtf8ClosesWith1007AndOversizedWith1009) {
  Harness h;
  const auto bad_utf8 = h.connect();
  h.send_raw(bad_utf8, "{\"v\":1,\"type\":\"ping\",\"x\":\"\xc0\xaf\"}");
  EXPECT_EQ(h.expect(bad_utf8, "error")["code"], "invalid_utf8");
  EXPECT_EQ(h.out.closed[bad_utf8], 1007);

  const auto big = h.connect();
  h.send_raw(big, std::string(h.service.config().limits.max_frame_bytes + 1, ' '));
  EXPECT_EQ(h.expect(big, "error")["code"], "frame_too_large");
  EXPECT_EQ(h.out.closed[big], 1009);
}

TEST(BadInput, OverLongTextIsRefusedAndNothingIsStored) {
  Harness h;
  const auto alice_token = h.register_user("alice");
  const auto bob = h.user_id(h.register_user("bob"));
  const auto a = h.sign_in(alice_token);
  const auto limit = h.service.config().limits.max_text_chars;
  h.send(a, {{"type", "message.send"}, {"client_id", "ok"}, {"to", bob}, {"text", std::string(limit, 'x')}});
  h.expect(a, "ack");
  h.send(
      a,
      {{"type", "message.send"}, {"client_id", "long"}, {"to", bob}, {"text", std::string(limit + 1, 'x')}});
  const Json error = h.expect(a, "error");
  EXPECT_EQ(error["code"], "text_too_long");
  EXPECT_EQ(error["field"], "text");
  h.send(a, {{"type", "history.fetch"}, {"peer", bob}});
  EXPECT_EQ(h.expect(a, "history")["messages"].size(), 1u) << "the accepted message is still there, alone";
}

TEST(BadInput, FloodsAreRateLimitedThenDisconnectedWith1008) {
  auto config = test_config();
  config.frames_per_connection = {5, 1};
  config.max_rate_violations = 3;
  Harness h(config);
  const auto c = h.connect();
  std::vector<std::string> types;
  for (int i = 0; i < 9; ++i) {
    h.send(c, {{"type", "ping"}});
    if (h.out.closed.count(c) == 0) types.push_back(h.next(c)["type"]);
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"pong", "pong", "pong", "pong", "pong", "error", "error", "error"}));
  EXPECT_EQ(h.out.closed[c], 1008);
  // Another connection is unaffected.
  const auto other = h.connect();
  h.send(other, {{"type", "ping"}});
  h.expect(other, "pong");
}

}  // namespace
}  // namespace herald::testing
