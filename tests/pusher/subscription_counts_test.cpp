// SubscriptionCounts: quiet channels are announced on every change; busy
// ones (over 100 subscribers) at most once per 5 s, with held-back changes
// handed back by due().
#include "herald/pusher/subscription_counts.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

using Strings = std::vector<std::string>;

TEST(SubscriptionCounts, QuietChannelsAreAnnouncedOnEveryChangeAndNotRemembered) {
  SubscriptionCounts counts;
  for (std::size_t n = 1; n <= 100; ++n) EXPECT_TRUE(counts.changed("news", n, 1000)) << n;
  EXPECT_TRUE(counts.changed("news", 0, 1000)) << "the drop to zero is announced too (webhook)";
  EXPECT_EQ(counts.tracked(), 0u);
  EXPECT_TRUE(counts.due(1'000'000).empty());
}

TEST(SubscriptionCounts, BusyChannelsAreAnnouncedAtMostOncePerInterval) {
  SubscriptionCounts counts;
  EXPECT_TRUE(counts.changed("busy", 101, 10'000)) << "the first change past 100 is announced";
  EXPECT_FALSE(counts.changed("busy", 102, 10'001));
  EXPECT_FALSE(counts.changed("busy", 103, 14'999));
  EXPECT_EQ(counts.tracked(), 1u);
  EXPECT_TRUE(counts.due(14'999).empty()) << "the interval has not passed";
  EXPECT_EQ(counts.due(15'000), Strings{"busy"});
  EXPECT_TRUE(counts.due(15'001).empty()) << "handed back once";
  EXPECT_FALSE(counts.changed("busy", 104, 19'999)) << "due() counted as an announcement at 15'000";
  EXPECT_TRUE(counts.changed("busy", 105, 20'000 + 1)) << "a change after the interval goes at once";
}

TEST(SubscriptionCounts, NothingHeldBackMeansNothingDue) {
  SubscriptionCounts counts;
  EXPECT_TRUE(counts.changed("busy", 150, 0));
  EXPECT_TRUE(counts.due(60'000).empty());
}

TEST(SubscriptionCounts, ABusyChannelThatQuietsDownStaysPacedForAnInterval) {
  SubscriptionCounts counts;
  EXPECT_TRUE(counts.changed("busy", 101, 0));
  EXPECT_FALSE(counts.changed("busy", 102, 1));
  EXPECT_FALSE(counts.changed("busy", 100, 2)) << "back to 100, but announced 2 ms ago";
  EXPECT_EQ(counts.due(5'000), Strings{"busy"});
  EXPECT_TRUE(counts.changed("busy", 99, 10'000)) << "quiet for an interval: at once";
  EXPECT_EQ(counts.tracked(), 0u) << "and forgotten";
}

TEST(SubscriptionCounts, ChurnAcrossTheThresholdIsPaced) {
  SubscriptionCounts counts;
  int announced = 0;
  for (std::int64_t t = 0; t < 10'000; ++t) {
    announced += counts.changed("edge", t % 2 == 0 ? 101 : 100, t) ? 1 : 0;
    announced += static_cast<int>(counts.due(t).size());
  }
  EXPECT_LE(announced, 3) << "10,000 changes in 10 s, once per 5 s";
  EXPECT_GE(announced, 2);
}

TEST(SubscriptionCounts, AVacatedChannelIsAnnouncedAtOnceAndForgotten) {
  SubscriptionCounts counts;
  EXPECT_TRUE(counts.changed("busy", 101, 0));
  EXPECT_TRUE(counts.changed("busy", 0, 1));
  EXPECT_EQ(counts.tracked(), 0u);
  EXPECT_TRUE(counts.due(10'000).empty());
}

TEST(SubscriptionCounts, ChannelsArePacedIndependently) {
  SubscriptionCounts counts;
  EXPECT_TRUE(counts.changed("a", 200, 0));
  EXPECT_TRUE(counts.changed("b", 200, 1));
  EXPECT_FALSE(counts.changed("a", 201, 2));
  EXPECT_TRUE(counts.changed("c", 5, 3));
  EXPECT_EQ(counts.due(5'000), Strings{"a"});
  EXPECT_FALSE(counts.changed("b", 202, 5'000)) << "b was announced at 1";
  EXPECT_EQ(counts.due(5'001), Strings{"b"});
}

TEST(SubscriptionCounts, PacingIsConfigurable) {
  SubscriptionCounts counts(SubscriptionCountPacing{2, 100});
  EXPECT_TRUE(counts.changed("x", 2, 0));
  EXPECT_TRUE(counts.changed("x", 3, 0));
  EXPECT_FALSE(counts.changed("x", 4, 99));
  EXPECT_EQ(counts.due(100), Strings{"x"});
}

}  // namespace
}  // namespace herald::pusher
