// ChannelCache: the last event of a cache channel, its 30-minute life, the
// byte bound (oldest dropped first) and one cache_miss report per channel
// per minute.
#include "herald/pusher/channel_cache.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

ChannelCache::Frame frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

TEST(ChannelCache, TheFourCachePrefixes) {
  for (const char* name : {"cache-score", "private-cache-x", "private-encrypted-cache-x", "presence-cache-x"})
    EXPECT_TRUE(is_cache_channel(name)) << name;
  for (const char* name : {"score", "private-x", "presence-x", "private-encrypted-x", "cachex", "xcache-", "#server-to-user-cache-1"})
    EXPECT_FALSE(is_cache_channel(name)) << name;
}

TEST(ChannelCache, KeepsTheLastEventForThirtyMinutes) {
  ChannelCache cache;
  EXPECT_EQ(cache.find("cache-score", 0), nullptr);
  cache.store("cache-score", frame("1-0"), 1000);
  cache.store("cache-score", frame("2-0"), 2000);
  ASSERT_NE(cache.find("cache-score", 2000), nullptr);
  EXPECT_EQ(*cache.find("cache-score", 2000), "2-0") << "only the last one";
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.find("cache-score", 2000 + 30 * 60 * 1000 - 1), nullptr);
  EXPECT_EQ(cache.find("cache-score", 2000 + 30 * 60 * 1000), nullptr) << "expired, even before expire()";
  cache.expire(2000 + 30 * 60 * 1000);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(ChannelCache, OverItsBytesTheOldestEventsGoFirst) {
  ChannelCache cache(ChannelCacheLimits{60'000, 30, 1000});
  cache.store("cache-a", frame("aaaaaaaa"), 1);  // 7 + 8 = 15 bytes
  cache.store("cache-b", frame("bbbbbbbb"), 2);  // 30
  EXPECT_EQ(cache.bytes(), 30u);
  cache.store("cache-c", frame("cc"), 3);  // 9 more: a goes
  EXPECT_EQ(cache.find("cache-a", 3), nullptr);
  EXPECT_NE(cache.find("cache-b", 3), nullptr);
  EXPECT_NE(cache.find("cache-c", 3), nullptr);
  EXPECT_EQ(cache.bytes(), 24u);
  cache.store("cache-huge", frame(std::string(100, 'x')), 4);
  EXPECT_EQ(cache.find("cache-huge", 4), nullptr) << "larger than the whole bound: not kept";
  EXPECT_NE(cache.find("cache-b", 4), nullptr) << "and nothing dropped for it";
}

TEST(ChannelCache, OneMissReportPerChannelPerMinuteUntilAValueArrives) {
  ChannelCache cache;
  EXPECT_TRUE(cache.report_miss("cache-a", 0));
  EXPECT_FALSE(cache.report_miss("cache-a", 59'999)) << "a second subscriber of the empty channel";
  EXPECT_TRUE(cache.report_miss("cache-b", 1)) << "per channel";
  EXPECT_TRUE(cache.report_miss("cache-a", 60'000));
  cache.store("cache-a", frame("v"), 60'001);
  EXPECT_TRUE(cache.report_miss("cache-a", 60'002)) << "a value arrived since: a new miss is news";
  cache.expire(10 * 60 * 1000);
  EXPECT_TRUE(cache.report_miss("cache-b", 10 * 60 * 1000));
}

TEST(ChannelCache, MissRecordsAreBoundedAndReplacingAValueKeepsTheByteCount) {
  ChannelCache cache(ChannelCacheLimits{60'000, 1000, 1000, 2});
  EXPECT_TRUE(cache.report_miss("cache-a", 0));
  EXPECT_TRUE(cache.report_miss("cache-b", 0));
  EXPECT_FALSE(cache.report_miss("cache-c", 0)) << "two channels remembered: the third goes unreported";
  cache.expire(1000);
  EXPECT_TRUE(cache.report_miss("cache-c", 1000)) << "old records forgotten";
  cache.store("cache-v", frame("12345"), 0);
  cache.store("cache-v", frame("123"), 1);
  EXPECT_EQ(cache.bytes(), std::string("cache-v").size() + 3);
}

}  // namespace
}  // namespace herald::pusher
