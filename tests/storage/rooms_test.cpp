// Rooms: idempotent create, membership, ownership on leave, invitations,
// discovery, room messages (idempotency, paging, read marks, unread counts)
// and the rooms in a member's conversation list.
#include <algorithm>

#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::MessageId;
using core::MessageRecord;
using core::RoomId;
using core::RoomInfo;
using core::UserId;
using protocol::Visibility;
using testing::StorageTest;

class RoomsTest : public StorageTest {
 protected:
  RoomInfo create(UserId owner, const std::string& name, Visibility visibility = Visibility::public_room,
                  const std::string& client_id = "") {
    const auto cid = client_id.empty() ? "c-" + name : client_id;
    return db_->create_room(core::NewRoom{owner, name, visibility, cid, 1'000}).first;
  }
  MessageRecord say(UserId from, RoomId room, const std::string& text, const std::string& client_id = "",
                    core::Timestamp ts = 2'000) {
    return db_->insert_room_message(core::NewRoomMessage{from, room, text, client_id, ts});
  }
  static std::vector<std::int64_t> ids(const std::vector<MessageRecord>& page) {
    std::vector<std::int64_t> out;
    for (const auto& m : page) out.push_back(m.id);
    return out;
  }
  static std::vector<std::int64_t> room_ids(const std::vector<RoomInfo>& rooms) {
    std::vector<std::int64_t> out;
    for (const auto& r : rooms) out.push_back(r.id);
    return out;
  }
};

TEST_P(RoomsTest, CreateIsIdempotentPerCreatorAndClientId) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto [room, created] =
      db_->create_room(core::NewRoom{a, "Zespół backend 🦉", Visibility::private_room, "c-1", 1'000});
  EXPECT_TRUE(created);
  EXPECT_GT(room.id, 0);
  EXPECT_EQ(room.name, "Zespół backend 🦉");
  EXPECT_EQ(room.visibility, Visibility::private_room);
  EXPECT_EQ(room.owner, a);
  EXPECT_EQ(room.members, 1);

  const auto [again, created_again] =
      db_->create_room(core::NewRoom{a, "other name", Visibility::public_room, "c-1", 5'000});
  EXPECT_FALSE(created_again);
  EXPECT_EQ(again.id, room.id);
  EXPECT_EQ(again.name, "Zespół backend 🦉") << "the first create wins";
  EXPECT_TRUE(db_->create_room(core::NewRoom{b, "b's", Visibility::public_room, "c-1", 1}).second)
      << "client ids are per creator";

  const auto loaded = db_->room_by_id(room.id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->name, room.name);
  EXPECT_EQ(loaded->owner, a);
  EXPECT_EQ(loaded->members, 1);
  EXPECT_FALSE(db_->room_by_id(room.id + 1000));
  EXPECT_TRUE(db_->is_room_member(room.id, a));
  EXPECT_FALSE(db_->is_room_member(room.id, b));
}

TEST_P(RoomsTest, JoinLeaveAndMemberLists) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  const auto room = create(a, "general");
  EXPECT_TRUE(db_->add_room_member(room.id, c, 3'000));
  EXPECT_TRUE(db_->add_room_member(room.id, b, 2'000));
  EXPECT_FALSE(db_->add_room_member(room.id, b, 4'000)) << "already a member";
  EXPECT_EQ(db_->room_by_id(room.id)->members, 3);

  const auto members = db_->room_members(room.id, 10);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].id, a) << "in order of joining";
  EXPECT_EQ(members[0].username, "anna");
  EXPECT_EQ(members[1].id, b);
  EXPECT_EQ(members[2].id, c);
  EXPECT_EQ(db_->room_members(room.id, 2).size(), 2u);
  auto member_ids = db_->room_member_ids(room.id);
  std::sort(member_ids.begin(), member_ids.end());
  EXPECT_EQ(member_ids, (std::vector<UserId>{a, b, c}));

  EXPECT_FALSE(db_->remove_room_member(room.id, make_user("dorota")).removed);
  const auto left = db_->remove_room_member(room.id, c);
  EXPECT_TRUE(left.removed);
  EXPECT_FALSE(left.new_owner) << "a member leaving moves no ownership";
  EXPECT_FALSE(db_->is_room_member(room.id, c));
  EXPECT_EQ(db_->room_by_id(room.id)->members, 2);
}

TEST_P(RoomsTest, OwnerLeavingPassesOwnershipToTheLongestStandingMember) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  const auto room = create(a, "general");
  db_->add_room_member(room.id, c, 2'000);
  db_->add_room_member(room.id, b, 3'000);
  const auto left = db_->remove_room_member(room.id, a);
  EXPECT_TRUE(left.removed);
  EXPECT_EQ(left.new_owner, std::optional<UserId>(c));
  EXPECT_EQ(db_->room_by_id(room.id)->owner, c);

  EXPECT_EQ(db_->remove_room_member(room.id, c).new_owner, std::optional<UserId>(b));
  const auto last = db_->remove_room_member(room.id, b);
  EXPECT_TRUE(last.removed);
  EXPECT_FALSE(last.new_owner);
  const auto empty = db_->room_by_id(room.id);
  ASSERT_TRUE(empty) << "an empty room is kept with its history";
  EXPECT_EQ(empty->members, 0);
  EXPECT_EQ(empty->owner, b);
}

TEST_P(RoomsTest, InvitationsArePendingUntilJoining) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto room = create(a, "secret", Visibility::private_room);
  EXPECT_FALSE(db_->has_room_invite(room.id, b));
  EXPECT_TRUE(db_->invite_to_room(room.id, b, a, 2'000));
  EXPECT_FALSE(db_->invite_to_room(room.id, b, a, 3'000)) << "pending already";
  EXPECT_TRUE(db_->has_room_invite(room.id, b));
  EXPECT_TRUE(db_->add_room_member(room.id, b, 4'000));
  EXPECT_FALSE(db_->has_room_invite(room.id, b)) << "joining uses the invitation up";
}

TEST_P(RoomsTest, InvitedRoomsArePendingInvitationsOnly) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("celina");
  const auto first = create(a, "first", Visibility::private_room);
  const auto second = create(a, "second", Visibility::private_room);
  EXPECT_TRUE(db_->invited_rooms(b, 10).empty());
  EXPECT_TRUE(db_->invite_to_room(second.id, b, a, 1'000));
  EXPECT_TRUE(db_->invite_to_room(first.id, b, a, 1'001));
  const auto invited = db_->invited_rooms(b, 10);
  EXPECT_EQ(room_ids(invited), (std::vector<std::int64_t>{first.id, second.id}));
  EXPECT_EQ(invited[0].name, "first");
  EXPECT_EQ(invited[0].members, 1);
  EXPECT_EQ(room_ids(db_->invited_rooms(b, 1)), (std::vector<std::int64_t>{first.id}));
  EXPECT_TRUE(db_->invited_rooms(c, 10).empty()) << "someone else's invitations";
  db_->add_room_member(first.id, b, 2'000);
  EXPECT_EQ(room_ids(db_->invited_rooms(b, 10)), (std::vector<std::int64_t>{second.id})) << "joining uses it up";
}

TEST_P(RoomsTest, RoomsOfAUserAndPublicRoomsToDiscover) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto open1 = create(a, "open1");
  const auto secret = create(a, "secret", Visibility::private_room);
  const auto open2 = create(b, "open2");
  const auto mine = db_->rooms_of(a, 10);
  EXPECT_EQ(room_ids(mine), (std::vector<std::int64_t>{open1.id, secret.id}));
  EXPECT_EQ(mine[0].members, 1);
  EXPECT_EQ(room_ids(db_->rooms_of(a, 1)), (std::vector<std::int64_t>{open1.id}));
  EXPECT_EQ(room_ids(db_->public_rooms(a, 10)), (std::vector<std::int64_t>{open2.id}))
      << "no private rooms, none the user is in";
  EXPECT_EQ(room_ids(db_->public_rooms(b, 10)), (std::vector<std::int64_t>{open1.id}));
  db_->add_room_member(open1.id, b, 2'000);
  EXPECT_TRUE(db_->public_rooms(b, 10).empty());
  EXPECT_EQ(db_->rooms_of(b, 10).size(), 2u);
  EXPECT_EQ(db_->room_by_id(open1.id)->members, 2);
}

TEST_P(RoomsTest, MessagesAreIdempotentPerSenderAndClientId) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto room = create(a, "general");
  const auto text = testing::unicode_text(4000);
  const auto m = say(a, room.id, text, "m-1", 1234);
  EXPECT_EQ(m.to, protocol::Target::room(room.id));
  EXPECT_EQ(m.sender, a);
  EXPECT_EQ(m.ts, 1234);
  const auto found = db_->room_message_by_client_id(a, "m-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, m.id);
  EXPECT_EQ(found->text, text) << "text comes back byte for byte";
  EXPECT_EQ(found->to, protocol::Target::room(room.id));
  EXPECT_EQ(found->client_id, std::optional<std::string>("m-1"));
  EXPECT_FALSE(db_->room_message_by_client_id(b, "m-1"));
  EXPECT_FALSE(db_->room_message_by_client_id(a, ""));
  EXPECT_FALSE(db_->message_by_client_id(a, "m-1")) << "direct and room messages are apart";
  try {
    say(a, room.id, "secret duplicate", "m-1");
    FAIL() << "UNIQUE(sender_id, client_id) must reject the duplicate";
  } catch (const core::StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("insert_room_message"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
  EXPECT_NE(say(a, room.id, "no id").id, say(a, room.id, "no id").id);
}

TEST_P(RoomsTest, HistoryPagesBackwardsAndForwards) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto room = create(a, "general"), other = create(b, "other");
  db_->add_room_member(room.id, b, 1'500);
  std::vector<MessageId> sent;
  for (int i = 0; i < 12; ++i) {
    sent.push_back(say(i % 2 == 0 ? a : b, room.id, "m" + std::to_string(i)).id);
    say(b, other.id, "noise");
  }
  const auto page = db_->room_history(room.id, std::nullopt, std::nullopt, 5);
  EXPECT_EQ(ids(page), (std::vector<std::int64_t>{sent[11], sent[10], sent[9], sent[8], sent[7]}));
  EXPECT_EQ(page[0].to, protocol::Target::room(room.id));
  EXPECT_EQ(ids(db_->room_history(room.id, sent[7], std::nullopt, 5)),
            (std::vector<std::int64_t>{sent[6], sent[5], sent[4], sent[3], sent[2]}));
  EXPECT_EQ(ids(db_->room_history(room.id, sent[2], std::nullopt, 5)),
            (std::vector<std::int64_t>{sent[1], sent[0]}));
  EXPECT_TRUE(db_->room_history(room.id, sent[0], std::nullopt, 5).empty());
  EXPECT_EQ(ids(db_->room_history(room.id, std::nullopt, sent[3], 3)),
            (std::vector<std::int64_t>{sent[6], sent[5], sent[4]}))
      << "after: the oldest newer ones, newest first";
  EXPECT_TRUE(db_->room_history(room.id, std::nullopt, sent[11], 3).empty());
  EXPECT_TRUE(db_->room_history(room.id, std::nullopt, std::nullopt, 0).empty());
  EXPECT_EQ(db_->room_history(room.id, std::nullopt, std::nullopt, 100).size(), 12u);
}

TEST_P(RoomsTest, ReadMarksOnlyRiseAndCountUnread) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  const auto room = create(a, "general"), other = create(a, "other");
  const auto before_join = say(a, room.id, "before bartek joined", "", 1'100);
  db_->add_room_member(room.id, b, 1'200);
  const auto m1 = say(a, room.id, "one", "", 2'000);
  const auto m2 = say(a, room.id, "two", "", 2'100);
  say(b, room.id, "mine", "", 2'200);
  const auto foreign = say(a, other.id, "elsewhere");

  auto rows = db_->room_conversations(b, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].room.id, room.id);
  EXPECT_EQ(rows[0].room.members, 2);
  EXPECT_EQ(rows[0].unread, 2) << "others' messages since joining; own ones never";
  EXPECT_EQ(rows[0].last_read, std::optional<MessageId>(before_join.id));
  ASSERT_TRUE(rows[0].last_message);
  EXPECT_EQ(rows[0].last_message->text, "mine");
  EXPECT_EQ(rows[0].activity, 2'200);

  EXPECT_EQ(db_->mark_room_read(room.id, b, m2.id), std::optional<MessageId>(m2.id));
  EXPECT_EQ(db_->mark_room_read(room.id, b, m1.id), std::optional<MessageId>(m2.id)) << "never lowered";
  EXPECT_EQ(db_->room_conversations(b, 10)[0].unread, 0);
  EXPECT_FALSE(db_->mark_room_read(room.id, b, foreign.id)) << "not a message of this room";
  EXPECT_FALSE(db_->mark_room_read(room.id, c, m1.id)) << "not a member";
  EXPECT_TRUE(db_->room_conversations(c, 10).empty());
}

TEST_P(RoomsTest, ConversationRowsAreOrderedByActivity) {
  const auto a = make_user("anna");
  const auto quiet = db_->create_room(core::NewRoom{a, "quiet", Visibility::public_room, "q", 5'000}).first;
  const auto busy = create(a, "busy");
  const auto old = create(a, "old");
  say(a, old.id, "long ago", "", 1'500);
  say(a, busy.id, "now", "", 9'000);
  const auto rows = db_->room_conversations(a, 10);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].room.id, busy.id);
  EXPECT_EQ(rows[1].room.id, quiet.id) << "a room without messages counts from when the user joined";
  EXPECT_FALSE(rows[1].last_message);
  EXPECT_EQ(rows[1].activity, 5'000);
  EXPECT_EQ(rows[2].room.id, old.id);
  EXPECT_EQ(db_->room_conversations(a, 2).size(), 2u);
}

HERALD_STORAGE_BACKENDS(RoomsTest);

}  // namespace
}  // namespace herald::storage
