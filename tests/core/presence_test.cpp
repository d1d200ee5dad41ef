// Presence and typing: multi-tab aware, only to contacts, never stored,
// typing throttled and stopped when the typist leaves.
#include "harness.hpp"
#include "herald/core/presence_book.hpp"

namespace herald::testing {
namespace {

struct Friends : ThreeUsers {

  /// alice and bob share a conversation; carol shares none.
  void befriend() {
    const auto a = h.sign_in(alice_token);
    h.send(a, {{"type", "message.send"}, {"client_id", "hi"}, {"to", bob}, {"text", "hi"}});
    h.expect(a, "ack");
    h.disconnect(a);
  }
};

std::vector<std::string> statuses_about(const std::vector<Json>& frames, std::int64_t user) {
  std::vector<std::string> out;
  for (const auto& f : frames)
    if (f["user"] == user) out.push_back(f["status"]);
  return out;
}

TEST(Presence, OnlineAtTheFirstTabOfflineAfterTheLastAndOnlyToContacts) {
  Friends f;
  f.befriend();
  const auto bob = f.h.sign_in(f.bob_token);
  const auto carol = f.h.sign_in(f.carol_token);
  EXPECT_EQ(statuses_about(f.h.presence_of(bob), f.alice), (std::vector<std::string>{"offline"}))
      << "bob's new tab hears that alice was here (befriend) and left";
  f.h.presence[bob].clear();
  const auto tab1 = f.h.sign_in(f.alice_token);
  EXPECT_EQ(statuses_about(f.h.presence_of(bob), f.alice), (std::vector<std::string>{"online"}));
  const auto tab2 = f.h.sign_in(f.alice_token);
  EXPECT_EQ(statuses_about(f.h.presence_of(bob), f.alice), (std::vector<std::string>{"online"}))
      << "a second tab is not news";
  EXPECT_EQ(statuses_about(f.h.presence_of(tab2), f.bob), (std::vector<std::string>{"online"}))
      << "a new tab learns where its contacts are";
  f.h.disconnect(tab1);
  EXPECT_EQ(statuses_about(f.h.presence_of(bob), f.alice).size(), 1u) << "still online in the other tab";
  f.h.clock.now += 5000;
  f.h.disconnect(tab2);
  const auto about_alice = f.h.presence_of(bob);
  ASSERT_EQ(statuses_about(about_alice, f.alice), (std::vector<std::string>{"online", "offline"}));
  EXPECT_EQ(about_alice.back()["last_seen"], f.h.clock.now);
  EXPECT_TRUE(f.h.presence_of(carol).empty()) << "carol shares no conversation with alice";

  // Signing in again later, bob's new tab hears when alice was last seen.
  const auto bob2 = f.h.sign_in(f.bob_token);
  const auto& seen = f.h.presence_of(bob2);
  ASSERT_EQ(statuses_about(seen, f.alice), (std::vector<std::string>{"offline"}));
  EXPECT_EQ(seen.back()["last_seen"], f.h.clock.now);
}

TEST(Presence, AwayIsToldToContactsAndOtherTabs) {
  Friends f;
  f.befriend();
  const auto bob = f.h.sign_in(f.bob_token);
  f.h.presence_of(bob);
  f.h.presence[bob].clear();  // the snapshot: alice offline since befriend()
  const auto a1 = f.h.sign_in(f.alice_token);
  const auto a2 = f.h.sign_in(f.alice_token);
  f.h.send(a1, {{"type", "presence.set"}, {"status", "away"}});
  f.h.expect(a1, "ack");
  EXPECT_EQ(statuses_about(f.h.presence_of(bob), f.alice), (std::vector<std::string>{"online", "away"}));
  EXPECT_EQ(statuses_about(f.h.presence_of(a2), f.alice), (std::vector<std::string>{"away"}));
  f.h.send(a1, {{"type", "presence.set"}, {"status", "offline"}});
  EXPECT_EQ(f.h.expect(a1, "error")["code"], "invalid_field");
}

TEST(Presence, ANewConversationMakesContacts) {
  Friends f;
  const auto a = f.h.sign_in(f.alice_token);
  const auto c = f.h.sign_in(f.carol_token);
  EXPECT_TRUE(f.h.presence_of(c).empty());
  f.h.send(a, {{"type", "message.send"}, {"client_id", "x"}, {"to", f.carol}, {"text", "hello carol"}});
  f.h.expect(a, "ack");
  f.h.expect(c, "message");
  EXPECT_EQ(statuses_about(f.h.presence_of(c), f.alice), (std::vector<std::string>{"online"}));
  EXPECT_EQ(statuses_about(f.h.presence_of(a), f.carol), (std::vector<std::string>{"online"}));
}

TEST(Presence, IsNeverStored) {
  Friends f;
  f.befriend();
  const auto b = f.h.sign_in(f.bob_token);
  const auto a = f.h.sign_in(f.alice_token);
  f.h.send(a, {{"type", "presence.set"}, {"status", "away"}});
  f.h.presence_of(b);
  const auto replay = f.h.sign_in(f.bob_token, 0);
  for (const auto& e : f.h.replayed[replay]) EXPECT_NE(e["type"], "presence");
}

TEST(Typing, ThrottledOnlyToContactsAndStoppedWhenTheTypistLeaves) {
  Friends f;
  f.befriend();
  const auto bob = f.h.sign_in(f.bob_token);
  const auto carol = f.h.sign_in(f.carol_token);
  const auto alice = f.h.sign_in(f.alice_token);
  const Json typing = {{"type", "typing"}, {"peer", f.bob}, {"active", true}};
  f.h.send(alice, typing);
  EXPECT_EQ(f.h.expect(bob, "typing")["active"], true);
  f.h.clock.now += 200;
  f.h.send(alice, typing);
  EXPECT_TRUE(f.h.quiet(bob)) << "throttled";
  f.h.clock.now += core::PresenceBook::kTypingInterval;
  f.h.send(alice, typing);
  EXPECT_EQ(f.h.expect(bob, "typing")["active"], true);
  f.h.send(alice, {{"type", "typing"}, {"peer", f.carol}, {"active", true}});
  EXPECT_TRUE(f.h.quiet(carol)) << "carol is not a contact of alice";
  f.h.disconnect(alice);
  const Json stopped = f.h.expect(bob, "typing");
  EXPECT_EQ(stopped["active"], false) << "typing stops when the typist's last tab goes";
  EXPECT_EQ(stopped["user"], f.alice);
}

}  // namespace
}  // namespace herald::testing

namespace herald::testing {
namespace {

TEST(Typing, InARoomReachesTheOtherMembersOnly) {
  Friends f;
  const auto alice = f.h.sign_in(f.alice_token);
  const auto bob = f.h.sign_in(f.bob_token);
  const auto carol = f.h.sign_in(f.carol_token);
  f.h.send(alice,
           {{"type", "room.create"}, {"client_id", "r"}, {"name", "general"}, {"visibility", "public"}});
  const auto room = f.h.expect(alice, "ack")["id"];
  f.h.send(bob, {{"type", "room.join"}, {"room", room}});
  f.h.expect(bob, "ack");
  while (!f.h.quiet(alice)) f.h.next(alice);  // membership events
  while (!f.h.quiet(bob)) f.h.next(bob);
  f.h.send(alice, {{"type", "typing"}, {"room", room}, {"active", true}});
  const Json typing = f.h.expect(bob, "typing");
  EXPECT_EQ(typing["room"], room);
  EXPECT_EQ(typing["user"], f.alice);
  EXPECT_TRUE(f.h.quiet(carol)) << "carol is not a member";
  EXPECT_TRUE(f.h.quiet(alice)) << "not echoed to the typist";
  f.h.send(carol, {{"type", "typing"}, {"room", room}, {"active", true}});
  EXPECT_TRUE(f.h.quiet(bob)) << "a non-member's typing goes nowhere";
}

TEST(Presence, FellowRoomMembersAreContacts) {
  Friends f;
  const auto alice = f.h.sign_in(f.alice_token);
  f.h.send(alice,
           {{"type", "room.create"}, {"client_id", "r"}, {"name", "general"}, {"visibility", "public"}});
  const auto room = f.h.expect(alice, "ack")["id"];
  const auto carol = f.h.sign_in(f.carol_token);
  f.h.send(carol, {{"type", "room.join"}, {"room", room}});
  f.h.expect(carol, "ack");
  f.h.disconnect(carol);
  const auto carol2 = f.h.sign_in(f.carol_token);  // contacts are loaded at sign-in
  EXPECT_EQ(statuses_about(f.h.presence_of(carol2), f.alice), (std::vector<std::string>{"online"}));
  while (!f.h.quiet(alice)) f.h.next(alice);  // the room.member event of carol's join
  const auto about_carol = statuses_about(f.h.presence[alice], f.carol);
  ASSERT_FALSE(about_carol.empty()) << "alice hears nothing about carol";
  EXPECT_EQ(about_carol.back(), "online");
}

TEST(Presence, RoomsOverTheSizeLimitShareNoPresence) {
  auto config = test_config();
  config.presence_max_room_members = 1;
  Harness h(config);
  const auto alice_token = h.register_user("alice");
  const auto carol_token = h.register_user("carol");
  const auto alice_id = h.user_id(alice_token);
  const auto alice = h.sign_in(alice_token);
  h.send(alice, {{"type", "room.create"}, {"client_id", "r"}, {"name", "big"}, {"visibility", "public"}});
  const auto room = h.expect(alice, "ack")["id"];
  const auto carol = h.sign_in(carol_token);
  h.send(carol, {{"type", "room.join"}, {"room", room}});
  h.expect(carol, "ack");
  h.disconnect(carol);
  const auto carol2 = h.sign_in(carol_token);  // contacts are loaded at sign-in
  EXPECT_TRUE(statuses_about(h.presence_of(carol2), alice_id).empty())
      << "a room of 2 is over the limit of 1: alice and carol are not contacts";
  h.send(carol2, {{"type", "room.members"}, {"room", room}});
  EXPECT_EQ(h.expect(carol2, "room.members")["members"].size(), 2u) << "they are both members";
}

// issue #12: presence contacts follow membership changes at once, both ways,
// as a direct conversation does (ANewConversationMakesContacts).
struct RoomOfAlice : Friends {
  core::ConnectionId a = h.sign_in(alice_token);
  core::ConnectionId c = h.sign_in(carol_token);
  Json room = create();

  Json create() {
    h.send(a, {{"type", "room.create"}, {"client_id", "r"}, {"name", "general"}, {"visibility", "public"}});
    return h.expect(a, "ack")["id"];
  }
  void join() {
    h.send(c, {{"type", "room.join"}, {"room", room}});
    h.expect(c, "ack");
    while (!h.quiet(a)) h.next(a);  // room.member events
    while (!h.quiet(c)) h.next(c);
  }
};

TEST(Presence, JoiningARoomMakesItsOnlineMembersContactsAtOnce) {
  RoomOfAlice r;
  EXPECT_TRUE(r.h.presence_of(r.c).empty()) << "no shared conversation yet";
  r.join();
  EXPECT_EQ(statuses_about(r.h.presence_of(r.c), r.alice), (std::vector<std::string>{"online"}))
      << "carol learns at once that alice is online";
  EXPECT_EQ(statuses_about(r.h.presence_of(r.a), r.carol), (std::vector<std::string>{"online"}))
      << "alice learns at once that carol is online";
  r.h.send(r.c, {{"type", "presence.set"}, {"status", "away"}});
  EXPECT_EQ(statuses_about(r.h.presence_of(r.a), r.carol), (std::vector<std::string>{"online", "away"}));
  r.h.disconnect(r.c);
  EXPECT_EQ(statuses_about(r.h.presence_of(r.a), r.carol),
            (std::vector<std::string>{"online", "away", "offline"}));
}

TEST(Presence, LeavingTheOnlySharedRoomEndsPresenceAtOnce) {
  RoomOfAlice r;
  r.join();
  r.h.disconnect(r.c);  // a new sign-in loads the contacts from storage
  r.c = r.h.sign_in(r.carol_token);
  r.h.send(r.c, {{"type", "presence.set"}, {"status", "away"}});
  r.h.expect(r.c, "ack");
  ASSERT_EQ(statuses_about(r.h.presence_of(r.a), r.carol).back(), "away") << "contacts while in the room";
  r.h.send(r.c, {{"type", "presence.set"}, {"status", "online"}});
  r.h.expect(r.c, "ack");
  r.h.presence_of(r.a);
  r.h.presence_of(r.c);
  r.h.presence[r.a].clear();
  r.h.presence[r.c].clear();
  r.h.send(r.c, {{"type", "room.leave"}, {"room", r.room}});
  r.h.expect(r.c, "ack");
  while (!r.h.quiet(r.a)) r.h.next(r.a);  // room.member: carol left
  r.h.send(r.c, {{"type", "presence.set"}, {"status", "away"}});
  r.h.send(r.a, {{"type", "presence.set"}, {"status", "away"}});
  EXPECT_TRUE(statuses_about(r.h.presence_of(r.a), r.carol).empty()) << "carol's away reached alice";
  EXPECT_TRUE(statuses_about(r.h.presence_of(r.c), r.alice).empty()) << "alice's away reached carol";
  r.h.disconnect(r.c);
  EXPECT_TRUE(statuses_about(r.h.presence_of(r.a), r.carol).empty()) << "carol's offline reached alice";
}

TEST(Presence, LeavingARoomKeepsContactsWhoStillShareAConversation) {
  RoomOfAlice r;
  r.h.send(r.c, {{"type", "message.send"}, {"client_id", "dm"}, {"to", r.alice}, {"text", "hi"}});
  r.h.expect(r.c, "ack");
  r.join();
  r.h.send(r.c, {{"type", "room.leave"}, {"room", r.room}});
  r.h.expect(r.c, "ack");
  while (!r.h.quiet(r.a)) r.h.next(r.a);
  r.h.presence_of(r.a);
  r.h.presence[r.a].clear();
  r.h.send(r.c, {{"type", "presence.set"}, {"status", "away"}});
  EXPECT_EQ(statuses_about(r.h.presence_of(r.a), r.carol), (std::vector<std::string>{"away"}))
      << "alice and carol still share their direct conversation";
}

TEST(Presence, SetIsAnsweredWithAnAckCarryingItsRef) {
  Friends f;
  const auto a = f.h.sign_in(f.alice_token);
  f.h.send(a, {{"type", "presence.set"}, {"status", "away"}, {"ref", "p1"}});
  EXPECT_EQ(f.h.expect(a, "ack")["ref"], "p1");
  f.h.send(a, {{"type", "presence.set"}, {"status", "away"}, {"ref", "p2"}});
  EXPECT_EQ(f.h.expect(a, "ack")["ref"], "p2") << "unchanged status: still answered";
}

}  // namespace
}  // namespace herald::testing
