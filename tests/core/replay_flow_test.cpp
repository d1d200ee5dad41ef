// Resume with flow control: the replay goes out in slices of at most
// max_page_bytes, the next one only after the transport reports that the
// connection's send queue drained; live events wait until after "ready".
#include "harness.hpp"

namespace herald::testing {
namespace {

/// alice and bob; bob signed in once (his cursor kept) and went offline;
/// every replay slice is one frame (max_page_bytes 1).
struct BobOffline {
  static core::ServiceConfig config(std::size_t replay_chunk) {
    auto c = test_config();
    c.replay_chunk = replay_chunk;
    c.limits.max_page_bytes = 1;  // one frame per slice
    c.notify_offline_recipients = false;
    return c;
  }
  explicit BobOffline(std::size_t replay_chunk = test_config().replay_chunk) : h(config(replay_chunk)) {
    Json ready;
    h.disconnect(h.sign_in(bob_token, std::nullopt, &ready));
    cursor = ready["cursor"].get<std::int64_t>();
  }
  /// alice sends bob `count` messages with texts `prefix` + index.
  void miss(int count, const std::string& prefix) {
    for (int i = 0; i < count; ++i) {
      h.send(a, {{"type", "message.send"}, {"client_id", "c" + std::to_string(i)}, {"to", bob},
                 {"text", prefix + std::to_string(i)}});
      h.expect(a, "ack");
    }
  }

  Harness h;
  std::string alice_token = h.register_user("alice");
  std::string bob_token = h.register_user("bob");
  std::int64_t bob = h.user_id(bob_token);
  std::int64_t cursor = 0;
  core::ConnectionId a = h.sign_in(alice_token);
};

TEST(ReplayFlow, WaitsForTheQueueToDrainBetweenSlicesAndKeepsOrder) {
  BobOffline o(4);  // several storage chunks
  o.miss(6, "missed ");
  auto& h = o.h;
  const auto& bob_token = o.bob_token;
  const auto cursor = o.cursor;
  const auto a = o.a;
  const auto bob = o.bob;

  const auto b = h.connect();
  h.out.slow.insert(b);
  h.send(b, {{"type", "hello"}, {"token", bob_token}, {"cursor", cursor}});
  std::vector<std::string> texts;
  Json frame = h.next(b);
  ASSERT_EQ(frame["type"], "message") << frame.dump();
  texts.push_back(frame["message"]["text"]);
  EXPECT_TRUE(h.quiet(b)) << "nothing more before the queue drains";
  EXPECT_EQ(h.out.drain_requests[b], 1);

  // A live message while the replay is paused comes after "ready", once.
  h.send(a, {{"type", "message.send"}, {"client_id", "live"}, {"to", bob}, {"text", "live"}});
  h.expect(a, "ack");
  EXPECT_TRUE(h.quiet(b));

  int drains = 0;
  for (;;) {
    ASSERT_LT(drains, 20) << "the replay never ended";
    h.service.on_drained(b);
    ++drains;
    std::vector<Json> slice;
    while (!h.quiet(b)) slice.push_back(h.next(b));
    ASSERT_FALSE(slice.empty()) << "a drain let nothing out";
    bool done = false;
    for (const auto& f : slice) {
      if (f["type"] == "message") texts.push_back(f["message"]["text"]);
      if (f["type"] == "ready") done = true;
    }
    if (done) break;
    EXPECT_LE(slice.size(), 1u) << "one slice per drain";
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"missed 0", "missed 1", "missed 2", "missed 3", "missed 4",
                                             "missed 5", "live"}));
  EXPECT_EQ(h.out.closed.count(b), 0u);
}

TEST(ReplayFlow, AFastConnectionGetsEverythingAtOnce) {
  BobOffline o(4);
  o.miss(9, "m");
  auto& h = o.h;
  const auto b = h.sign_in(o.bob_token, o.cursor);
  EXPECT_EQ(h.replayed[b].size(), 9u);
}

TEST(ReplayFlow, AClosedConnectionDropsItsPausedReplay) {
  BobOffline o;
  o.miss(3, "m");
  auto& h = o.h;
  const auto& bob_token = o.bob_token;
  const auto b = h.connect();
  h.out.slow.insert(b);
  h.send(b, {{"type", "hello"}, {"token", bob_token}, {"cursor", o.cursor}});
  EXPECT_EQ(h.expect(b, "message")["message"]["text"], "m0");
  h.disconnect(b);
  h.service.on_drained(b);  // too late: nothing is sent to a closed connection
  EXPECT_EQ(h.out.frames[b].size(), 2u) << "welcome, the first slice, and nothing after the close";
}

}  // namespace
}  // namespace herald::testing
