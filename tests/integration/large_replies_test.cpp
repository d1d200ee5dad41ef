// Large replies reach a client that reads at full speed: a history page of
// long messages, and a resume of many of them, on one connection. The send
// queue bound is scaled down (64 KiB; pages then hold at most a quarter of
// it) so the same shapes as in production (1 MiB, 100 x 4,000 emoji, 2,000
// missed) run in a few seconds.
#include "fixture.hpp"

namespace herald::testing {
namespace {

const std::vector<std::string> kScaledDown = {
    "--max-send-queue-bytes", "65536", "--rate-limit",
    "message.send.connection=100000/100000,message.send.user=100000/100000,frames.connection=100000/100000"};

std::string emoji(int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += "\xF0\x9F\x98\x80";  // U+1F600, 4 bytes in UTF-8
  return text;
}

/// Sends `count` messages of `text` from `from` to `to`, pipelined, and
/// reads their acks; returns the message ids in order.
std::vector<std::int64_t> send_messages(WsClient& from, std::int64_t to, const std::string& text, int count) {
  for (int i = 0; i < count; ++i)
    from.send({{"type", "message.send"}, {"client_id", "c" + std::to_string(i)}, {"to", to}, {"text", text}});
  std::vector<std::int64_t> ids;
  while (static_cast<int>(ids.size()) < count) {
    const Json reply = from.next();
    if (reply["type"] == "<none>") break;
    if (reply["type"] == "ack") ids.push_back(reply["id"]);
  }
  return ids;
}

TEST_F(ServerTest, AHistoryPageOfLongMessagesReachesAFastReaderInByteBoundedPages) {
  start(kScaledDown);
  WsClient alice(port());
  const auto alice_id = alice.hello(alice.sign_up("alice"))["user"]["id"].get<std::int64_t>();
  WsClient bob(port());
  const auto bob_id = bob.hello(bob.sign_up("bob"))["user"]["id"].get<std::int64_t>();
  const auto sent = send_messages(alice, bob_id, emoji(1000), 100);
  ASSERT_EQ(sent.size(), 100u);
  for (std::size_t i = 0; i < sent.size(); ++i) bob.expect("message");

  // 100 messages of 4,000 bytes: 400 KB, six times the send queue bound,
  // asked for in one page. Bob pages back with `more` and gets them all.
  std::vector<std::int64_t> got;
  Json fetch = {{"type", "history.fetch"}, {"peer", alice_id}, {"limit", 100}};
  for (int pages = 1;; ++pages) {
    ASSERT_LE(pages, 100) << "paging never ended";
    bob.send(fetch);
    const Json page = bob.next();
    ASSERT_EQ(page["type"], "history") << page.dump().substr(0, 200);
    ASSERT_FALSE(page["messages"].empty());
    EXPECT_LE(page.dump().size(), 16384u + 1024u) << "a page stays within --max-page-bytes";
    for (const auto& m : page["messages"]) got.push_back(m["id"]);
    if (!page["more"].get<bool>()) break;
    fetch["before"] = page["messages"].back()["id"];
  }
  std::vector<std::int64_t> newest_first(sent.rbegin(), sent.rend());
  EXPECT_EQ(got, newest_first);
  bob.send({{"type", "ping"}});
  bob.expect("pong");
}

TEST_F(ServerTest, AResumeOfManyLongMessagesArrivesOnOneConnectionThenReady) {
  start(kScaledDown);
  WsClient alice(port());
  alice.hello(alice.sign_up("alice"));
  std::string bob_token;
  Json ready;
  {
    WsClient bob(port());
    bob_token = bob.sign_up("bob");
    ready = bob.hello(bob_token);
  }  // bob goes offline
  const auto bob_id = ready["user"]["id"].get<std::int64_t>();

  // 2,000 missed messages of 250 emoji (1,000 bytes): 2 MB of replay, 30
  // times the send queue bound, plus one "new message" notification each.
  const auto sent = send_messages(alice, bob_id, emoji(250), 2000);
  ASSERT_EQ(sent.size(), 2000u);

  WsClient back(port());
  const Json resumed = back.hello(bob_token, ready["cursor"].get<std::int64_t>());
  ASSERT_EQ(resumed["type"], "ready");
  std::vector<std::int64_t> got;
  std::int64_t last_cursor = ready["cursor"];
  for (const auto& e : back.replayed) {
    EXPECT_GT(e["cursor"].get<std::int64_t>(), last_cursor);
    last_cursor = e["cursor"];
    if (e["type"] == "message") got.push_back(e["message"]["id"]);
  }
  EXPECT_EQ(got, sent);
  EXPECT_EQ(resumed["cursor"], last_cursor);
  back.send({{"type", "ping"}});
  back.expect("pong");
}

}  // namespace
}  // namespace herald::testing
