// Resume with flow control: the replay goes out in slices of at most
// max_page_bytes, the next one only after the transport reports that the
// connection's send queue drained; live events wait until after "ready".
#include "harness.hpp"

namespace herald::testing {
namespace {

TEST(ReplayFlow, WaitsForTheQueueToDrainBetweenSlicesAndKeepsOrder) {
  auto config = test_config();
  config.replay_chunk = 4;            // several storage chunks
  config.limits.max_page_bytes = 1;  // one frame per slice
  config.notify_offline_recipients = false;
  Harness h(config);
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto bob = h.user_id(bob_token);
  Json ready;
  h.disconnect(h.sign_in(bob_token, std::nullopt, &ready));
  const auto cursor = ready["cursor"].get<std::int64_t>();

  const auto a = h.sign_in(alice_token);
  for (int i = 0; i < 6; ++i) {
    h.send(a, {{"type", "message.send"}, {"client_id", "c" + std::to_string(i)}, {"to", bob},
               {"text", "missed " + std::to_string(i)}});
    h.expect(a, "ack");
  }

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
  auto config = test_config();
  config.replay_chunk = 4;
  config.limits.max_page_bytes = 1;
  config.notify_offline_recipients = false;
  Harness h(config);
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto bob = h.user_id(bob_token);
  Json ready;
  h.disconnect(h.sign_in(bob_token, std::nullopt, &ready));
  const auto a = h.sign_in(alice_token);
  for (int i = 0; i < 9; ++i) {
    h.send(a, {{"type", "message.send"}, {"client_id", "c" + std::to_string(i)}, {"to", bob}, {"text", "m"}});
    h.expect(a, "ack");
  }
  const auto b = h.sign_in(bob_token, ready["cursor"].get<std::int64_t>());
  EXPECT_EQ(h.replayed[b].size(), 9u);
}

TEST(ReplayFlow, AClosedConnectionDropsItsPausedReplay) {
  auto config = test_config();
  config.limits.max_page_bytes = 1;
  config.notify_offline_recipients = false;
  Harness h(config);
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto bob = h.user_id(bob_token);
  Json ready;
  h.disconnect(h.sign_in(bob_token, std::nullopt, &ready));
  const auto a = h.sign_in(alice_token);
  for (int i = 0; i < 3; ++i) {
    h.send(a, {{"type", "message.send"}, {"client_id", "c" + std::to_string(i)}, {"to", bob}, {"text", "m"}});
    h.expect(a, "ack");
  }
  const auto b = h.connect();
  h.out.slow.insert(b);
  h.send(b, {{"type", "hello"}, {"token", bob_token}, {"cursor", ready["cursor"]}});
  EXPECT_EQ(h.expect(b, "message")["message"]["text"], "m");
  h.disconnect(b);
  h.service.on_drained(b);  // too late: nothing is sent to a closed connection
  EXPECT_EQ(h.out.frames[b].size(), 2u) << "welcome, the first slice, and nothing after the close";
}

}  // namespace
}  // namespace herald::testing
