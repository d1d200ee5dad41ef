// Rooms: create/join/leave/invite rules, fan-out to every member's tabs and
// to no one else, private-room secrecy, history paging, unread counts and
// receipts, resume after a cursor, idempotent retries.
#include "harness.hpp"

namespace herald::testing {
namespace {

struct Trio : ThreeUsers {

  /// Creates a room as the user of connection `c`; returns its id.
  std::int64_t create(core::ConnectionId c, const std::string& name, const std::string& visibility,
                      const std::string& client_id = "room-1") {
    h.send(c,
           {{"type", "room.create"}, {"client_id", client_id}, {"name", name}, {"visibility", visibility}});
    const Json ack = h.expect(c, "ack");
    h.expect(c, "room.member");
    return ack.value("id", std::int64_t{0});
  }
  /// Joins and consumes the ack and the joiner's own room.member.
  void join(core::ConnectionId c, std::int64_t room) {
    h.send(c, {{"type", "room.join"}, {"room", room}});
    h.expect(c, "ack");
    h.expect(c, "room.member");
  }
};

Json say(std::int64_t room, const std::string& text, const std::string& client_id) {
  return {{"type", "message.send"}, {"client_id", client_id}, {"room", room}, {"text", text}};
}

TEST(Rooms, CreatorIsOwnerAndFirstMember) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  t.h.send(a, {{"type", "room.create"},
               {"ref", "r1"},
               {"client_id", "c-room"},
               {"name", "Zespół backend"},
               {"visibility", "private"}});
  const Json ack = t.h.expect(a, "ack");
  EXPECT_EQ(ack["ref"], "r1");
  EXPECT_EQ(ack["client_id"], "c-room");
  ASSERT_TRUE(ack.contains("id") && ack.contains("cursor"));
  const Json member = t.h.expect(a, "room.member");
  EXPECT_EQ(member["cursor"], ack["cursor"]);
  EXPECT_EQ(member["room"]["id"], ack["id"]);
  EXPECT_EQ(member["room"]["name"], "Zespół backend");
  EXPECT_EQ(member["room"]["visibility"], "private");
  EXPECT_EQ(member["room"]["owner"], t.alice);
  EXPECT_EQ(member["room"]["members"], 1);
  EXPECT_EQ(member["user"], t.alice);
  EXPECT_EQ(member["joined"], true);

  t.h.send(a, {{"type", "room.create"},
               {"client_id", "c-room"},
               {"name", "Zespół backend"},
               {"visibility", "private"}});
  const Json retry = t.h.expect(a, "ack");
  EXPECT_EQ(retry["id"], ack["id"]) << "a retried create is the same room";
  EXPECT_FALSE(retry.contains("cursor"));
  EXPECT_TRUE(t.h.quiet(a));
}

TEST(Rooms, PublicRoomsAreOpenPrivateRoomsNeedAnInvitationFromAMember) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  const auto b = t.h.sign_in(t.bob_token);
  const auto c = t.h.sign_in(t.carol_token);
  const auto open = t.create(a, "general", "public", "r-open");
  const auto secret = t.create(a, "secret", "private", "r-secret");

  t.h.send(b, {{"type", "room.join"}, {"room", open}});
  EXPECT_FALSE(t.h.expect(b, "ack").contains("id"));
  const Json at_bob = t.h.expect(b, "room.member");
  EXPECT_EQ(at_bob["user"], t.bob);
  EXPECT_EQ(at_bob["room"]["members"], 2);
  EXPECT_EQ(t.h.expect(a, "room.member"), at_bob) << "members hear of the join, the same frame";
  t.h.send(b, {{"type", "room.join"}, {"room", open}});
  EXPECT_FALSE(t.h.expect(b, "ack").contains("cursor")) << "joining twice changes nothing";

  t.h.send(c, {{"type", "room.join"}, {"room", secret}});
  EXPECT_EQ(t.h.expect(c, "error")["code"], "forbidden");
  t.h.send(b, {{"type", "room.invite"}, {"room", secret}, {"user", t.carol}});
  EXPECT_EQ(t.h.expect(b, "error")["code"], "forbidden") << "only members invite";
  t.h.send(a, {{"type", "room.invite"}, {"room", secret}, {"user", 999999}});
  const Json unknown = t.h.expect(a, "error");
  EXPECT_EQ(unknown["code"], "unknown_recipient");
  EXPECT_EQ(unknown["field"], "user");

  t.h.send(a, {{"type", "room.invite"}, {"room", secret}, {"user", t.carol}});
  EXPECT_TRUE(t.h.expect(a, "ack").contains("cursor"));
  const Json invited = t.h.expect(c, "room.member");
  EXPECT_EQ(invited["user"], t.carol);
  EXPECT_EQ(invited["joined"], false);
  EXPECT_EQ(invited["room"]["name"], "secret");
  EXPECT_EQ(t.h.expect(a, "room.member"), invited);
  EXPECT_TRUE(t.h.quiet(b)) << "bob is not in the private room";
  t.h.send(c, {{"type", "rooms.fetch"}});
  const Json pending = t.h.expect(c, "rooms");
  EXPECT_TRUE(pending["items"].empty());
  ASSERT_EQ(pending["invitations"].size(), 1u) << "a page loaded after the invitation still sees it";
  EXPECT_EQ(pending["invitations"][0]["id"], secret);

  t.join(c, secret);
  t.h.send(c, {{"type", "rooms.fetch"}});
  EXPECT_FALSE(t.h.expect(c, "rooms").contains("invitations")) << "joining uses the invitation up";
  EXPECT_EQ(t.h.expect(a, "room.member")["user"], t.carol);

  t.h.send(a, {{"type", "room.join"}, {"room", 424242}});
  EXPECT_EQ(t.h.expect(a, "error")["code"], "not_found");
  t.h.send(b, {{"type", "room.leave"}, {"room", secret}});
  EXPECT_EQ(t.h.expect(b, "error")["code"], "forbidden");
}

TEST(Rooms, OwnerLeavingPassesOwnershipToTheLongestStandingMember) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  const auto b = t.h.sign_in(t.bob_token);
  const auto c = t.h.sign_in(t.carol_token);
  const auto room = t.create(a, "general", "public");
  t.join(b, room);
  t.h.expect(a, "room.member");
  t.h.clock.now += 1000;
  t.join(c, room);
  t.h.expect(a, "room.member");
  t.h.expect(b, "room.member");

  t.h.send(a, {{"type", "room.leave"}, {"room", room}});
  t.h.expect(a, "ack");
  const Json left = t.h.expect(a, "room.member");
  EXPECT_EQ(left["user"], t.alice);
  EXPECT_EQ(left["joined"], false);
  EXPECT_EQ(left["room"]["owner"], t.bob);
  EXPECT_EQ(left["room"]["members"], 2);
  EXPECT_EQ(t.h.expect(b, "room.member"), left);
  EXPECT_EQ(t.h.expect(c, "room.member"), left);

  t.h.send(a, say(room, "still here?", "m1"));
  EXPECT_EQ(t.h.expect(a, "error")["code"], "forbidden") << "a former member may not send";
}

TEST(Rooms, MessagesReachEveryMembersTabsAndNoOneElse) {
  Trio t;
  const auto a1 = t.h.sign_in(t.alice_token);
  const auto a2 = t.h.sign_in(t.alice_token);
  const auto b1 = t.h.sign_in(t.bob_token);
  const auto b2 = t.h.sign_in(t.bob_token);
  const auto c = t.h.sign_in(t.carol_token);
  const auto room = t.create(a1, "general", "public");
  t.h.expect(a2, "room.member");
  t.join(b1, room);
  t.h.expect(b2, "room.member");
  t.h.expect(a1, "room.member");
  t.h.expect(a2, "room.member");

  Json send = say(room, "Cześć wszystkim! Привет!", "c-1");
  send["ref"] = "r1";
  t.h.send(a1, send);
  const Json ack = t.h.expect(a1, "ack");
  EXPECT_EQ(ack["ref"], "r1");
  ASSERT_TRUE(ack.contains("id") && ack.contains("cursor"));
  const Json at_b1 = t.h.expect(b1, "message");
  EXPECT_EQ(at_b1["cursor"], ack["cursor"]);
  EXPECT_EQ(at_b1["message"]["id"], ack["id"]);
  EXPECT_EQ(at_b1["message"]["room"], room);
  EXPECT_FALSE(at_b1["message"].contains("receiver"));
  EXPECT_EQ(at_b1["message"]["sender"], t.alice);
  EXPECT_EQ(at_b1["message"]["text"], "Cześć wszystkim! Привет!");
  EXPECT_EQ(t.h.out.frames[b2].back(), t.h.out.frames[b1].back()) << "the same bytes for every member";
  EXPECT_EQ(t.h.expect(b2, "message"), at_b1);
  EXPECT_EQ(t.h.expect(a2, "message"), at_b1);
  EXPECT_TRUE(t.h.quiet(a1)) << "the sending tab gets the ack only";
  EXPECT_TRUE(t.h.quiet(c)) << "non-members get nothing";

  t.h.send(a1, say(room, "Cześć wszystkim! Привет!", "c-1"));
  const Json retry = t.h.expect(a1, "ack");
  EXPECT_EQ(retry["id"], ack["id"]);
  EXPECT_FALSE(retry.contains("cursor"));
  EXPECT_TRUE(t.h.quiet(b1)) << "a retry is not delivered twice";
}

TEST(Rooms, PrivateRoomsAreClosedToNonMembers) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  const auto c = t.h.sign_in(t.carol_token);
  const auto secret = t.create(a, "secret", "private", "r-secret");
  const auto open = t.create(a, "general", "public", "r-open");
  t.h.send(a, say(secret, "classified", "m1"));
  const auto message = t.h.expect(a, "ack")["id"];

  for (const Json& request :
       {Json{{"type", "history.fetch"}, {"room", secret}}, Json{{"type", "room.members"}, {"room", secret}},
        Json{{"type", "read.mark"}, {"room", secret}, {"message_id", message}},
        say(secret, "let me in", "m2"), Json{{"type", "history.fetch"}, {"room", open}}}) {
    t.h.send(c, request);
    const Json error = t.h.expect(c, "error");
    EXPECT_EQ(error["code"], "forbidden") << request.dump();
    EXPECT_EQ(error["field"], "room");
  }
  t.h.send(c, {{"type", "room.members"}, {"room", open}});
  const Json members = t.h.expect(c, "room.members");
  ASSERT_EQ(members["members"].size(), 1u) << "a public room's members are public";
  EXPECT_EQ(members["members"][0]["username"], "alice");

  t.h.send(c, {{"type", "rooms.fetch"}, {"discover", true}});
  const Json rooms = t.h.expect(c, "rooms");
  ASSERT_EQ(rooms["items"].size(), 1u) << "discovery shows public rooms only";
  EXPECT_EQ(rooms["items"][0]["id"], open);
  t.h.send(a, {{"type", "rooms.fetch"}});
  EXPECT_EQ(t.h.expect(a, "rooms")["items"].size(), 2u);

  t.h.send(c, {{"type", "history.fetch"}, {"room", 424242}});
  EXPECT_EQ(t.h.expect(c, "error")["code"], "not_found");
  t.h.send(c, say(424242, "anyone?", "m3"));
  EXPECT_EQ(t.h.expect(c, "error")["code"], "unknown_recipient");
}

TEST(Rooms, HistoryPagesUnreadCountsAndReceipts) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  const auto b = t.h.sign_in(t.bob_token);
  const auto room = t.create(a, "general", "public");
  t.join(b, room);
  t.h.expect(a, "room.member");
  t.h.disconnect(b);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    t.h.clock.now += 10;
    t.h.send(a, say(room, "m" + std::to_string(i), "c" + std::to_string(i)));
    ids.push_back(t.h.expect(a, "ack")["id"].get<std::int64_t>());
  }

  Json ready;
  const auto b2 = t.h.sign_in(t.bob_token, std::nullopt, &ready);
  ASSERT_EQ(ready["conversations"].size(), 1u);
  const Json conv = ready["conversations"][0];
  EXPECT_EQ(conv["room"], room);
  EXPECT_EQ(conv["title"], "general");
  EXPECT_EQ(conv["unread"], 5);
  EXPECT_EQ(conv["last_message"]["id"], ids[4]);

  t.h.send(b2, {{"type", "history.fetch"}, {"room", room}, {"limit", 2}});
  Json page = t.h.expect(b2, "history");
  EXPECT_EQ(page["room"], room);
  ASSERT_EQ(page["messages"].size(), 2u);
  EXPECT_EQ(page["messages"][0]["id"], ids[4]);
  EXPECT_EQ(page["more"], true);
  t.h.send(b2, {{"type", "history.fetch"}, {"room", room}, {"limit", 2}, {"before", ids[1]}});
  page = t.h.expect(b2, "history");
  ASSERT_EQ(page["messages"].size(), 1u);
  EXPECT_EQ(page["more"], false);
  t.h.send(b2, {{"type", "history.fetch"}, {"room", room}, {"limit", 2}, {"after", ids[1]}});
  page = t.h.expect(b2, "history");
  EXPECT_EQ(page["messages"][0]["id"], ids[3]);
  EXPECT_EQ(page["more"], true);

  t.h.send(b2, {{"type", "read.mark"}, {"room", room}, {"message_id", ids[3]}, {"ref", "rd"}});
  const Json mine = t.h.expect(b2, "receipt");
  EXPECT_EQ(mine["ref"], "rd");
  EXPECT_EQ(mine["room"], room);
  EXPECT_EQ(mine["reader"], t.bob);
  EXPECT_EQ(mine["message_id"], ids[3]);
  const Json theirs = t.h.expect(a, "receipt");
  EXPECT_EQ(theirs["room"], room);
  EXPECT_EQ(theirs["reader"], t.bob);
  EXPECT_EQ(theirs["cursor"], mine["cursor"]);

  t.h.send(b2, {{"type", "conversations.fetch"}});
  const Json list = t.h.expect(b2, "conversations");
  EXPECT_EQ(list["items"][0]["unread"], 1);
  EXPECT_EQ(list["items"][0]["last_read"], ids[3]);
  t.h.send(b2, {{"type", "read.mark"}, {"room", room}, {"message_id", 999999}});
  EXPECT_EQ(t.h.expect(b2, "error")["code"], "not_found");
}

TEST(Rooms, ConversationListMixesRoomsAndDirectConversationsByRecency) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  t.h.send(a, {{"type", "message.send"}, {"client_id", "d1"}, {"to", t.bob}, {"text", "old dm"}});
  t.h.expect(a, "ack");
  t.h.clock.now += 1000;
  const auto room = t.create(a, "general", "public");
  t.h.clock.now += 1000;
  t.h.send(a, {{"type", "message.send"}, {"client_id", "d2"}, {"to", t.carol}, {"text", "new dm"}});
  t.h.expect(a, "ack");
  t.h.send(a, {{"type", "conversations.fetch"}});
  const Json list = t.h.expect(a, "conversations");
  ASSERT_EQ(list["items"].size(), 3u);
  EXPECT_EQ(list["items"][0]["peer"], t.carol);
  EXPECT_EQ(list["items"][1]["room"], room);
  EXPECT_FALSE(list["items"][1].contains("last_message")) << "a room without messages yet";
  EXPECT_EQ(list["items"][2]["peer"], t.bob);
  t.h.send(a, {{"type", "conversations.fetch"}, {"limit", 1}});
  EXPECT_EQ(t.h.expect(a, "conversations")["items"].size(), 1u);
}

TEST(Rooms, ResumeReplaysRoomEventsAfterTheCursor) {
  Trio t;
  const auto a = t.h.sign_in(t.alice_token);
  const auto room = t.create(a, "general", "public");
  Json ready;
  const auto b = t.h.sign_in(t.bob_token, std::nullopt, &ready);
  const auto cursor = ready["cursor"].get<std::int64_t>();
  t.join(b, room);
  t.h.expect(a, "room.member");
  t.h.disconnect(b);
  t.h.send(a, say(room, "while you were away", "m1"));
  t.h.expect(a, "ack");
  t.h.send(a, {{"type", "room.invite"}, {"room", room}, {"user", t.carol}});
  t.h.expect(a, "ack");

  const auto b2 = t.h.sign_in(t.bob_token, cursor);
  const auto& replayed = t.h.replayed[b2];
  ASSERT_EQ(replayed.size(), 3u);
  EXPECT_EQ(replayed[0]["type"], "room.member");
  EXPECT_EQ(replayed[0]["user"], t.bob);
  EXPECT_EQ(replayed[1]["type"], "message");
  EXPECT_EQ(replayed[1]["message"]["text"], "while you were away");
  EXPECT_EQ(replayed[2]["type"], "room.member");
  EXPECT_EQ(replayed[2]["user"], t.carol);
  EXPECT_LT(replayed[0]["cursor"], replayed[1]["cursor"]);

  const auto c = t.h.sign_in(t.carol_token, 0);
  ASSERT_EQ(t.h.replayed[c].size(), 1u) << "the invited user has the invitation, not the room's messages";
  EXPECT_EQ(t.h.replayed[c][0]["type"], "room.member");
}

}  // namespace
}  // namespace herald::testing
