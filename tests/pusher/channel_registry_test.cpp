#include "herald/pusher/channel_registry.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

ChannelName channel(std::string_view name) { return parse_channel_name(name).value(); }

TEST(ChannelRegistry, OccupiedOnFirstSubscriberVacatedAfterLast) {
  ChannelRegistry registry;
  const auto first = registry.subscribe(channel("news"), 1);
  EXPECT_TRUE(first.subscribed);
  EXPECT_TRUE(first.occupied);
  const auto second = registry.subscribe(channel("news"), 2);
  EXPECT_TRUE(second.subscribed);
  EXPECT_FALSE(second.occupied);
  EXPECT_EQ(registry.subscription_count("news"), 2u);

  const auto again = registry.subscribe(channel("news"), 2);
  EXPECT_FALSE(again.subscribed) << "a repeated subscribe changes nothing";
  EXPECT_EQ(registry.subscription_count("news"), 2u);

  const auto one_left = registry.unsubscribe("news", 1);
  EXPECT_TRUE(one_left.unsubscribed);
  EXPECT_FALSE(one_left.vacated);
  const auto last = registry.unsubscribe("news", 2);
  EXPECT_TRUE(last.vacated);
  EXPECT_FALSE(registry.occupied("news"));
  EXPECT_EQ(registry.subscribers("news"), nullptr);
  EXPECT_EQ(registry.channel_count(), 0u);
  EXPECT_FALSE(registry.unsubscribe("news", 2).unsubscribed) << "not subscribed any more";
  EXPECT_EQ(registry.channels_of(2), nullptr);
}

TEST(ChannelRegistry, PresenceMembersAndCounts) {
  ChannelRegistry registry;
  const PresenceMember ann{"ann", {{"name", "Ann"}}};
  const PresenceMember bob{"bob", nullptr};
  const auto a1 = registry.subscribe(channel("presence-room"), 1, &ann);
  EXPECT_TRUE(a1.occupied);
  EXPECT_TRUE(a1.member_added);
  const auto a2 = registry.subscribe(channel("presence-room"), 2, &ann);
  EXPECT_FALSE(a2.member_added) << "ann's second tab";
  EXPECT_TRUE(registry.subscribe(channel("presence-room"), 3, &bob).member_added);
  EXPECT_EQ(registry.user_count("presence-room"), std::optional<std::size_t>(2));
  EXPECT_EQ(registry.subscription_count("presence-room"), 3u);
  EXPECT_EQ(registry.user_count("news"), std::nullopt);

  EXPECT_EQ(registry.unsubscribe("presence-room", 1).member_removed, std::nullopt);
  const auto ann_gone = registry.unsubscribe("presence-room", 2);
  EXPECT_EQ(ann_gone.member_removed, std::optional<std::string>("ann"));
  EXPECT_FALSE(ann_gone.vacated);
  const auto bob_gone = registry.unsubscribe("presence-room", 3);
  EXPECT_EQ(bob_gone.member_removed, std::optional<std::string>("bob"));
  EXPECT_TRUE(bob_gone.vacated);
}

TEST(ChannelRegistry, FullPresenceChannelRefusesWithoutSideEffects) {
  ChannelRegistry registry(1);
  const PresenceMember ann{"ann", nullptr};
  const PresenceMember bob{"bob", nullptr};
  registry.subscribe(channel("presence-room"), 1, &ann);
  const auto refused = registry.subscribe(channel("presence-room"), 2, &bob);
  EXPECT_FALSE(refused.subscribed);
  EXPECT_TRUE(refused.presence_full);
  EXPECT_FALSE(registry.is_subscribed("presence-room", 2));
  EXPECT_EQ(registry.channels_of(2), nullptr);
  EXPECT_EQ(registry.subscription_count("presence-room"), 1u);
}

TEST(ChannelRegistry, ClosingConnectionLeavesEverything) {
  ChannelRegistry registry;
  const PresenceMember ann{"ann", nullptr};
  registry.subscribe(channel("news"), 1);
  registry.subscribe(channel("news"), 2);
  registry.subscribe(channel("private-a"), 1);
  registry.subscribe(channel("presence-room"), 1, &ann);
  const auto left = registry.remove_connection(1);
  ASSERT_EQ(left.size(), 3u);
  EXPECT_EQ(left[0].first, "news");
  EXPECT_FALSE(left[0].second.vacated) << "connection 2 is still on news";
  EXPECT_EQ(left[1].first, "presence-room");
  EXPECT_TRUE(left[1].second.vacated);
  EXPECT_EQ(left[1].second.member_removed, std::optional<std::string>("ann"));
  EXPECT_EQ(left[2].first, "private-a");
  EXPECT_TRUE(left[2].second.vacated);
  EXPECT_EQ(registry.channel_count(), 1u);
  EXPECT_TRUE(registry.remove_connection(1).empty());
}

TEST(ChannelRegistry, FilterByPrefixListsOccupiedChannelsInOrder) {
  ChannelRegistry registry;
  const PresenceMember ann{"ann", nullptr};
  for (const char* name : {"private-b", "news", "presence-z", "private-a", "presenceless"}) {
    const ChannelName parsed = channel(name);
    registry.subscribe(parsed, 1, parsed.kind == ChannelKind::presence ? &ann : nullptr);
  }
  EXPECT_EQ(registry.channels_with_prefix("private-"), (std::vector<std::string>{"private-a", "private-b"}));
  EXPECT_EQ(registry.channels_with_prefix("presence-"), (std::vector<std::string>{"presence-z"}));
  EXPECT_EQ(registry.channels_with_prefix(), (std::vector<std::string>{"news", "presence-z", "presenceless",
                                                                       "private-a", "private-b"}));
  EXPECT_TRUE(registry.channels_with_prefix("zzz").empty());
  const auto* subscribed = registry.channels_of(1);
  ASSERT_NE(subscribed, nullptr);
  EXPECT_EQ(subscribed->size(), 5u);
}

TEST(ChannelRegistry, ServerToUserChannelsAreOrdinaryEntries) {
  ChannelRegistry registry;
  registry.subscribe(channel("#server-to-user-42"), 7);
  registry.subscribe(channel("#server-to-user-42"), 8);
  const auto* subscribers = registry.subscribers(server_to_user_channel("42"));
  ASSERT_NE(subscribers, nullptr);
  EXPECT_EQ(subscribers->size(), 2u) << "sendToUser reaches every signed-in tab";
}

}  // namespace
}  // namespace herald::pusher
