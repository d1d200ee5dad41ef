#include "herald/webhooks/retry_policy.hpp"

#include <gtest/gtest.h>

namespace herald::webhooks {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicy, TwoHundredsDeliver) {
  for (unsigned status : {200u, 201u, 202u, 204u, 299u}) {
    EXPECT_EQ(classify_status(status), Verdict::delivered) << status;
  }
}

TEST(RetryPolicy, ServerErrorsTimeoutAndTooManyRequestsRetry) {
  for (unsigned status : {500u, 502u, 503u, 504u, 599u, 408u, 429u}) {
    EXPECT_EQ(classify_status(status), Verdict::retry) << status;
  }
}

TEST(RetryPolicy, EverythingElseGivesUp) {
  for (unsigned status :
       {100u, 199u, 301u, 302u, 304u, 400u, 401u, 403u, 404u, 405u, 409u, 410u, 413u, 422u, 600u, 0u}) {
    EXPECT_EQ(classify_status(status), Verdict::give_up) << status;
  }
}

TEST(RetryPolicy, BackoffDoublesFromTheFirstDelay) {
  const milliseconds first{1000}, max{60000};
  EXPECT_EQ(backoff_delay(first, max, 1), milliseconds(1000));
  EXPECT_EQ(backoff_delay(first, max, 2), milliseconds(2000));
  EXPECT_EQ(backoff_delay(first, max, 3), milliseconds(4000));
  EXPECT_EQ(backoff_delay(first, max, 6), milliseconds(32000));
}

TEST(RetryPolicy, BackoffStopsAtTheMaximum) {
  const milliseconds first{1000}, max{60000};
  EXPECT_EQ(backoff_delay(first, max, 7), max);
  EXPECT_EQ(backoff_delay(first, max, 1000000), max);
  EXPECT_EQ(backoff_delay(milliseconds(5000), milliseconds(3000), 1), milliseconds(3000));
  const milliseconds huge{milliseconds::max()};
  EXPECT_EQ(backoff_delay(huge / 3, huge, 1000), huge);
}

TEST(RetryPolicy, BackoffOddInputs) {
  EXPECT_EQ(backoff_delay(milliseconds(0), milliseconds(100), 5), milliseconds(0));
  EXPECT_EQ(backoff_delay(milliseconds(-5), milliseconds(100), 3), milliseconds(0));
  EXPECT_EQ(backoff_delay(milliseconds(10), milliseconds(100), 0), milliseconds(10));
  EXPECT_EQ(backoff_delay(milliseconds(10), milliseconds(-1), 2), milliseconds(0));
}

}  // namespace
}  // namespace herald::webhooks
