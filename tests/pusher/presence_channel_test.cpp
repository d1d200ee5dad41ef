#include "herald/pusher/presence_channel.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

PresenceMember member(std::string id, nlohmann::ordered_json info = nullptr) { return {std::move(id), std::move(info)}; }

TEST(PresenceChannel, OneUserInTwoSocketsIsOneMember) {
  PresenceChannel channel;
  EXPECT_EQ(channel.add(1, member("ann", {{"name", "Ann"}})), PresenceChannel::Join::new_member);
  EXPECT_EQ(channel.add(2, member("ann", {{"name", "Ann again"}})), PresenceChannel::Join::new_connection);
  EXPECT_EQ(channel.user_count(), 1u);
  EXPECT_EQ(channel.connection_count(), 2u);
  EXPECT_EQ(channel.user_info("ann")->at("name"), "Ann") << "the first connection's user_info stays";
  ASSERT_NE(channel.user_of(2), nullptr);
  EXPECT_EQ(*channel.user_of(2), "ann");

  EXPECT_EQ(channel.remove(1), std::nullopt) << "ann is still here through connection 2";
  EXPECT_EQ(channel.user_count(), 1u);
  EXPECT_EQ(channel.remove(2), std::optional<std::string>("ann")) << "last connection: member_removed";
  EXPECT_TRUE(channel.empty());
  EXPECT_EQ(channel.user_of(2), nullptr);
}

TEST(PresenceChannel, RepeatsAndStrangersChangeNothing) {
  PresenceChannel channel;
  EXPECT_EQ(channel.add(1, member("ann")), PresenceChannel::Join::new_member);
  EXPECT_EQ(channel.add(1, member("ann")), PresenceChannel::Join::already_subscribed);
  EXPECT_EQ(channel.add(1, member("bob")), PresenceChannel::Join::already_subscribed);
  EXPECT_EQ(channel.connection_count(), 1u);
  EXPECT_EQ(channel.remove(99), std::nullopt);
  EXPECT_EQ(channel.remove(1), std::optional<std::string>("ann"));
  EXPECT_EQ(channel.remove(1), std::nullopt);
}

TEST(PresenceChannel, SnapshotListsMembersInJoinOrder) {
  PresenceChannel channel;
  channel.add(5, member("zed", {{"n", 1}}));
  channel.add(6, member("amy"));
  channel.add(7, member("zed"));
  channel.add(8, member("kim", {{"n", 3}}));
  const PresenceSnapshot snapshot = channel.snapshot();
  EXPECT_EQ(snapshot.ids, (std::vector<std::string>{"zed", "amy", "kim"}));
  EXPECT_EQ(snapshot.count, 3u);
  EXPECT_EQ(snapshot.hash.dump(), R"({"zed":{"n":1},"amy":null,"kim":{"n":3}})");
  EXPECT_EQ(PresenceChannel().snapshot().hash.dump(), "{}");
}

TEST(PresenceChannel, MemberLimitAtAndPastIt) {
  PresenceChannel channel(2);
  EXPECT_EQ(channel.add(1, member("a")), PresenceChannel::Join::new_member);
  EXPECT_EQ(channel.add(2, member("b")), PresenceChannel::Join::new_member);
  EXPECT_EQ(channel.add(3, member("c")), PresenceChannel::Join::full);
  EXPECT_EQ(channel.add(4, member("a")), PresenceChannel::Join::new_connection) << "a member's next tab still fits";
  EXPECT_EQ(channel.user_of(3), nullptr);
  channel.remove(2);
  EXPECT_EQ(channel.add(3, member("c")), PresenceChannel::Join::new_member);
}

}  // namespace
}  // namespace herald::pusher
