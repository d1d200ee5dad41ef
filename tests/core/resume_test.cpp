// Nothing lost on reconnect: a client that says hello with its last cursor
// receives every event it missed, in order, exactly once, then "ready".
#include "harness.hpp"

namespace herald::testing {
namespace {

Json dm(std::int64_t to, const std::string& text, const std::string& client_id) {
  return {{"type", "message.send"}, {"client_id", client_id}, {"to", to}, {"text", text}};
}

TEST(Resume, ReplaysEverythingMissedInOrder) {
  auto config = test_config();
  config.replay_chunk = 4;  // several chunks
  Harness h(config);
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto root_token = h.register_user("root");
  const auto alice = h.user_id(alice_token);
  const auto bob = h.user_id(bob_token);

  Json ready;
  const auto b = h.sign_in(bob_token, std::nullopt, &ready);
  const auto cursor = ready["cursor"].get<std::int64_t>();
  h.disconnect(b);

  const auto a = h.sign_in(alice_token);
  const auto root = h.sign_in(root_token);
  std::vector<std::int64_t> message_ids;
  for (int i = 0; i < 10; ++i) {
    h.send(a, dm(bob, "missed " + std::to_string(i), "c" + std::to_string(i)));
    message_ids.push_back(h.expect(a, "ack")["id"].get<std::int64_t>());
    if (i == 4) {
      h.send(
          root,
          {{"type", "notification.send"}, {"client_id", "n"}, {"title", "t"}, {"body", ""}, {"to", {bob}}});
      h.expect(root, "ack");
    }
  }

  const auto back = h.sign_in(bob_token, cursor, &ready);
  const auto& events = h.replayed[back];
  std::vector<std::int64_t> got_messages;
  std::int64_t last_cursor = cursor;
  int notifications = 0;
  for (const auto& e : events) {
    EXPECT_GT(e["cursor"].get<std::int64_t>(), last_cursor) << "cursors increase";
    last_cursor = e["cursor"];
    if (e["type"] == "message") got_messages.push_back(e["message"]["id"]);
    if (e["type"] == "notification") ++notifications;
  }
  EXPECT_EQ(got_messages, message_ids);
  // One notification from root, plus one "new message" notice per message
  // (bob was offline for all of them).
  EXPECT_EQ(notifications, 11);
  EXPECT_EQ(ready["cursor"], last_cursor);
  EXPECT_EQ(events.front()["message"]["sender"], alice);

  // Resuming from the newest cursor replays nothing.
  h.sign_in(bob_token, last_cursor, &ready);
  EXPECT_TRUE(h.replayed[h.sign_in(bob_token, last_cursor)].empty());
}

TEST(Resume, LiveEventsDuringReplayArriveAfterItOnceAndInOrder) {
  Harness h;
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto bob = h.user_id(bob_token);
  const auto a = h.sign_in(alice_token);
  h.send(a, dm(bob, "before", "c0"));
  h.expect(a, "ack");

  // Bob says hello with cursor 0 and, before the replay is answered, alice
  // sends another message: it must come after "ready", exactly once.
  const auto b = h.connect();
  h.send(b, {{"type", "hello"}, {"token", bob_token}, {"cursor", 0}});
  h.send(a, dm(bob, "during", "c1"));
  std::vector<Json> frames;
  while (frames.empty() || frames.back()["type"] != "ready") frames.push_back(h.next(b));
  h.expect(a, "ack");
  std::vector<std::string> texts;
  for (const auto& f : frames)
    if (f["type"] == "message") texts.push_back(f["message"]["text"]);
  while (!h.quiet(b)) {
    const Json f = h.next(b);
    if (f["type"] == "message") texts.push_back(f["message"]["text"]);
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"before", "during"}));
}

TEST(Resume, ReadStateChangesAreReplayedToo) {
  Harness h;
  const auto alice_token = h.register_user("alice");
  const auto bob_token = h.register_user("bob");
  const auto bob = h.user_id(bob_token);
  Json ready;
  const auto old_tab = h.sign_in(alice_token, std::nullopt, &ready);
  const auto cursor = ready["cursor"].get<std::int64_t>();
  h.disconnect(old_tab);
  const auto b = h.sign_in(bob_token);
  h.send(b, dm(h.user_id(alice_token), "hi", "c0"));
  const auto id = h.expect(b, "ack")["id"];
  const auto a = h.sign_in(alice_token);
  h.send(a, {{"type", "read.mark"}, {"peer", bob}, {"message_id", id}});
  h.expect(a, "receipt");
  h.send(a, {{"type", "notification.mark_all_read"}});
  h.expect(a, "notifications.read");

  const auto resumed = h.sign_in(alice_token, cursor);
  std::vector<std::string> types;
  for (const auto& e : h.replayed[resumed]) types.push_back(e["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"message", "notification", "receipt", "notifications.read"}));
}

}  // namespace
}  // namespace herald::testing
