#include "herald/core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace herald::core {
namespace {

TEST(TokenBucket, BurstThenRefillAtTheRate) {
  const RateLimit limit{3, 2};  // 3 at once, 2 per second
  TokenBucket bucket;
  EXPECT_TRUE(bucket.take(limit, 0));
  EXPECT_TRUE(bucket.take(limit, 0));
  EXPECT_TRUE(bucket.take(limit, 0));
  EXPECT_FALSE(bucket.take(limit, 0)) << "one past the burst";
  EXPECT_FALSE(bucket.take(limit, 499));
  EXPECT_TRUE(bucket.take(limit, 500)) << "half a second refills one token";
  EXPECT_FALSE(bucket.take(limit, 500));
  EXPECT_TRUE(bucket.take(limit, 10'000));
  EXPECT_TRUE(bucket.take(limit, 10'000));
  EXPECT_TRUE(bucket.take(limit, 10'000));
  EXPECT_FALSE(bucket.take(limit, 10'000)) << "refill is capped at the burst";
}

TEST(RateLimiter, KeysAreIndependent) {
  RateLimiter limiter({1, 0.001});
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_FALSE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("b", 0));
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyKeys) {
  RateLimiter limiter({1, 1}, 100);
  for (int i = 0; i < 10'000; ++i) limiter.allow("k" + std::to_string(i), i);
  EXPECT_LE(limiter.tracked_keys(), 100u);
}

// Issue #12: a flood of new keys must not make the table forget a bucket
// that is still limiting; while every slot limits, new keys are refused.
TEST(RateLimiter, FillingTheTableCannotResetALimitingBucket) {
  RateLimiter limiter({1, 0.001}, 10);
  EXPECT_TRUE(limiter.allow("victim", 0));
  EXPECT_FALSE(limiter.allow("victim", 0));
  for (int i = 0; i < 100; ++i) limiter.allow("k" + std::to_string(i), i);
  EXPECT_LE(limiter.tracked_keys(), 10u);
  EXPECT_FALSE(limiter.allow("victim", 200)) << "the victim's empty bucket was forgotten";
  EXPECT_FALSE(limiter.allow("new-key", 200)) << "no room: unknown keys fail closed";
}

TEST(RateLimiter, RefilledBucketsMakeRoomForNewKeys) {
  RateLimiter limiter({1, 1}, 2);
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("b", 0));
  EXPECT_FALSE(limiter.allow("c", 0));
  EXPECT_TRUE(limiter.allow("c", 2'000)) << "a and b have refilled and carry no information";
}

TEST(RateLimiter, RefundGivesBackATokenUpToTheBurst) {
  RateLimiter limiter({2, 0.001});
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.limiting("a", 0));
  limiter.refund("a", 0);
  EXPECT_FALSE(limiter.limiting("a", 0));
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_FALSE(limiter.allow("a", 0));
  EXPECT_FALSE(limiter.limiting("unknown", 0));
}

}  // namespace
}  // namespace herald::core
