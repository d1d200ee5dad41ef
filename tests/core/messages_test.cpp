// Direct messages: durable-first acks, fan-out to every tab, idempotent
// retries, history paging, conversations, receipts, typing.
#include "harness.hpp"

namespace herald::testing {
namespace {

struct Pair {
  Harness h;
  std::string alice_token = h.register_user("alice");
  std::string bob_token = h.register_user("bob");
  std::int64_t alice = h.user_id(alice_token);
  std::int64_t bob = h.user_id(bob_token);
};

Json dm(std::int64_t to, const std::string& text, const std::string& client_id) {
  return {{"type", "message.send"}, {"client_id", client_id}, {"to", to}, {"text", text}};
}

TEST(Messages, AckThenDeliveryToEveryTabOfBothUsersButTheSendingOne) {
  Pair p;
  const auto a1 = p.h.sign_in(p.alice_token);
  const auto a2 = p.h.sign_in(p.alice_token);
  const auto b1 = p.h.sign_in(p.bob_token);
  Json send = dm(p.bob, "Cześć Bob! Привет!", "c-1");
  send["ref"] = "r1";
  p.h.send(a1, send);
  const Json ack = p.h.expect(a1, "ack");
  EXPECT_EQ(ack["ref"], "r1");
  EXPECT_EQ(ack["client_id"], "c-1");
  ASSERT_TRUE(ack.contains("id") && ack.contains("cursor"));

  const Json at_bob = p.h.expect(b1, "message");
  EXPECT_EQ(at_bob["cursor"], ack["cursor"]);
  EXPECT_EQ(at_bob["message"]["id"], ack["id"]);
  EXPECT_EQ(at_bob["message"]["sender"], p.alice);
  EXPECT_EQ(at_bob["message"]["receiver"], p.bob);
  EXPECT_EQ(at_bob["message"]["text"], "Cześć Bob! Привет!");
  EXPECT_EQ(at_bob["message"]["ts"], p.h.clock.now);
  EXPECT_EQ(p.h.expect(a2, "message"), at_bob) << "the sender's other tab gets the same frame";
  EXPECT_TRUE(p.h.quiet(a1)) << "the sending tab gets the ack only";
}

TEST(Messages, RetryWithTheSameClientIdStoresOnce) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  const auto b = p.h.sign_in(p.bob_token);
  p.h.send(a, dm(p.bob, "once", "same-id"));
  const Json first = p.h.expect(a, "ack");
  p.h.send(a, dm(p.bob, "once", "same-id"));
  const Json second = p.h.expect(a, "ack");
  EXPECT_EQ(second["id"], first["id"]);
  EXPECT_FALSE(second.contains("cursor"));
  p.h.expect(b, "message");
  EXPECT_TRUE(p.h.quiet(b)) << "a retry is not delivered twice";
  p.h.send(b, {{"type", "history.fetch"}, {"peer", p.alice}});
  EXPECT_EQ(p.h.expect(b, "history")["messages"].size(), 1u);
}

TEST(Messages, UnknownRecipientAndRooms) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  p.h.send(a, dm(999999, "hello?", "c-x"));
  const Json error = p.h.expect(a, "error");
  EXPECT_EQ(error["code"], "unknown_recipient");
  EXPECT_EQ(error["field"], "to");
  p.h.send(a, {{"type", "message.send"}, {"client_id", "c-r"}, {"room", 1}, {"text", "hi"}});
  const Json no_room = p.h.expect(a, "error");
  EXPECT_EQ(no_room["code"], "unknown_recipient");
  EXPECT_EQ(no_room["field"], "room");
}

TEST(Messages, SqlInjectionTextIsStoredVerbatim) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  const std::string evil = "'); DROP TABLE messages; -- \" OR 1=1 /*";
  p.h.send(a, dm(p.bob, evil, "c-evil"));
  p.h.expect(a, "ack");
  p.h.send(a, {{"type", "history.fetch"}, {"peer", p.bob}});
  EXPECT_EQ(p.h.expect(a, "history")["messages"][0]["text"], evil);
}

TEST(Messages, HistoryPagesBackwardAndForward) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    p.h.send(a, dm(p.bob, "m" + std::to_string(i), "c" + std::to_string(i)));
    ids.push_back(p.h.expect(a, "ack")["id"].get<std::int64_t>());
  }
  p.h.send(a, {{"type", "history.fetch"}, {"peer", p.bob}, {"limit", 3}});
  Json page = p.h.expect(a, "history");
  ASSERT_EQ(page["messages"].size(), 3u);
  EXPECT_EQ(page["messages"][0]["id"], ids[6]) << "newest first";
  EXPECT_EQ(page["messages"][2]["id"], ids[4]);
  EXPECT_EQ(page["more"], true);

  p.h.send(a, {{"type", "history.fetch"}, {"peer", p.bob}, {"limit", 3}, {"before", ids[4]}});
  page = p.h.expect(a, "history");
  EXPECT_EQ(page["messages"][0]["id"], ids[3]);
  EXPECT_EQ(page["more"], true);
  p.h.send(a, {{"type", "history.fetch"}, {"peer", p.bob}, {"limit", 3}, {"before", ids[1]}});
  page = p.h.expect(a, "history");
  ASSERT_EQ(page["messages"].size(), 1u);
  EXPECT_EQ(page["messages"][0]["id"], ids[0]);
  EXPECT_EQ(page["more"], false);

  p.h.send(a, {{"type", "history.fetch"}, {"peer", p.bob}, {"limit", 2}, {"after", ids[2]}});
  page = p.h.expect(a, "history");
  ASSERT_EQ(page["messages"].size(), 2u);
  EXPECT_EQ(page["messages"][0]["id"], ids[4]) << "the page right after ids[2], newest first";
  EXPECT_EQ(page["messages"][1]["id"], ids[3]);
  EXPECT_EQ(page["more"], true);
}

TEST(Messages, HistoryShowsOnlyOwnConversations) {
  Pair p;
  const auto carol_token = p.h.register_user("carol");
  const auto a = p.h.sign_in(p.alice_token);
  p.h.send(a, dm(p.bob, "private to bob", "c1"));
  p.h.expect(a, "ack");
  const auto c = p.h.sign_in(carol_token);
  // Carol asks for "her conversation with bob": it has no messages; alice's
  // conversation with bob is not reachable by any request of hers.
  p.h.send(c, {{"type", "history.fetch"}, {"peer", p.bob}});
  EXPECT_TRUE(p.h.expect(c, "history")["messages"].empty());
  p.h.send(c, {{"type", "history.fetch"}, {"peer", p.alice}});
  EXPECT_TRUE(p.h.expect(c, "history")["messages"].empty());
}

TEST(Messages, ConversationsCountUnreadAndReceiptsReachThePeer) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  std::int64_t last = 0;
  for (int i = 0; i < 3; ++i) {
    p.h.send(a, dm(p.bob, "hi " + std::to_string(i), "c" + std::to_string(i)));
    last = p.h.expect(a, "ack")["id"].get<std::int64_t>();
  }
  Json ready;
  const auto b = p.h.sign_in(p.bob_token, std::nullopt, &ready);
  ASSERT_EQ(ready["conversations"].size(), 1u);
  const Json conv = ready["conversations"][0];
  EXPECT_EQ(conv["peer"], p.alice);
  EXPECT_EQ(conv["title"], "alice");
  EXPECT_EQ(conv["unread"], 3);
  EXPECT_EQ(conv["last_message"]["id"], last);

  p.h.send(b, {{"type", "read.mark"}, {"peer", p.alice}, {"message_id", last}, {"ref", "rd"}});
  const Json mine = p.h.expect(b, "receipt");
  EXPECT_EQ(mine["ref"], "rd");
  EXPECT_EQ(mine["peer"], p.alice);
  const Json theirs = p.h.expect(a, "receipt");
  EXPECT_EQ(theirs["peer"], p.bob) << "from alice's point of view the conversation is with bob";
  EXPECT_EQ(theirs["reader"], p.bob);
  EXPECT_EQ(theirs["message_id"], last);

  p.h.send(b, {{"type", "conversations.fetch"}});
  const Json list = p.h.expect(b, "conversations");
  EXPECT_EQ(list["items"][0]["unread"], 0);
  EXPECT_EQ(list["items"][0]["last_read"], last);
  p.h.send(a, {{"type", "conversations.fetch"}});
  EXPECT_EQ(p.h.expect(a, "conversations")["items"][0]["peer_last_read"], last);
}

TEST(Messages, ReadMarkOfAForeignMessageIsNotFound) {
  Pair p;
  const auto carol_token = p.h.register_user("carol");
  const auto a = p.h.sign_in(p.alice_token);
  p.h.send(a, dm(p.bob, "for bob", "c1"));
  const auto id = p.h.expect(a, "ack")["id"];
  const auto c = p.h.sign_in(carol_token);
  p.h.send(c, {{"type", "read.mark"}, {"peer", p.alice}, {"message_id", id}});
  EXPECT_EQ(p.h.expect(c, "error")["code"], "not_found");
}

TEST(Messages, TypingIsForwardedAndNeverStored) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  const auto b = p.h.sign_in(p.bob_token);
  p.h.send(a, dm(p.bob, "hello", "c1"));
  p.h.expect(a, "ack");
  p.h.expect(b, "message");
  p.h.send(a, {{"type", "typing"}, {"peer", p.bob}, {"active", true}});
  const Json typing = p.h.expect(b, "typing");
  EXPECT_EQ(typing["peer"], p.alice);
  EXPECT_EQ(typing["user"], p.alice);
  EXPECT_EQ(typing["active"], true);
  const auto b2 = p.h.sign_in(p.bob_token, 0);
  ASSERT_EQ(p.h.replayed[b2].size(), 1u) << "the message is in bob's event log, the typing event is not";
  EXPECT_EQ(p.h.replayed[b2][0]["type"], "message");
}

TEST(Messages, OfflineRecipientGetsANotification) {
  Pair p;
  const auto a = p.h.sign_in(p.alice_token);
  p.h.send(a, dm(p.bob, "are you there?", "c1"));
  p.h.expect(a, "ack");
  Json ready;
  p.h.sign_in(p.bob_token, std::nullopt, &ready);
  ASSERT_EQ(ready["notifications"].size(), 1u);
  EXPECT_EQ(ready["notifications"][0]["title"], "New message from alice");
  EXPECT_EQ(ready["notifications"][0]["body"], "are you there?");
  EXPECT_EQ(ready["notifications"][0]["kind"], "message");
  EXPECT_EQ(ready["unread_notifications"], 1);
}

}  // namespace
}  // namespace herald::testing
