// The resume extension's memory: positions, what a resume returns, and
// every way a resume must be refused rather than silently skip events.
#include "herald/pusher/channel_history.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace herald::pusher {
namespace {

constexpr std::uint64_t kEpoch = 77;

std::string event_frame(int n) {
  return R"({"event":"e","channel":"c","data":")" + std::to_string(n) + "\"}";
}

std::string position_of(const ChannelHistory::Frame& frame) {
  return nlohmann::json::parse(*frame).at("herald_position").get<std::string>();
}

std::vector<std::string> data_of(const std::vector<ChannelHistory::Frame>& frames) {
  std::vector<std::string> out;
  for (const auto& frame : frames) out.push_back(nlohmann::json::parse(*frame).at("data").get<std::string>());
  return out;
}

TEST(ChannelHistory, PositionIsAddedAsTheLastFieldOfTheFrame) {
  ChannelHistory history(kEpoch, {});
  const auto frame = history.record("c", 1000, event_frame(1));
  const auto json = nlohmann::json::parse(*frame);
  EXPECT_EQ(json.at("herald_position"), "77-1");
  EXPECT_EQ(json.at("data"), "1");
  EXPECT_EQ(history.latest_position(), "77-1");
}

TEST(ChannelHistory, ResumeReturnsExactlyTheEventsAfterThePositionInOrder) {
  ChannelHistory history(kEpoch, {});
  const auto first = history.record("c", 1000, event_frame(1));
  history.record("other", 1001, event_frame(99));
  history.record("c", 1002, event_frame(2));
  history.record("c", 1003, event_frame(3));
  const auto missed = history.events_after("c", position_of(first), 1004);
  ASSERT_TRUE(missed) << missed.error().message;
  EXPECT_EQ(data_of(missed.value()), (std::vector<std::string>{"2", "3"}));
  const auto none = history.events_after("c", history.latest_position(), 1004);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none.value().empty());
}

TEST(ChannelHistory, AChannelWithNoEventsResumesToNothing) {
  ChannelHistory history(kEpoch, {});
  history.record("c", 1000, event_frame(1));
  const auto missed = history.events_after("quiet", history.latest_position(), 1001);
  ASSERT_TRUE(missed);
  EXPECT_TRUE(missed.value().empty());
}

TEST(ChannelHistory, PositionsOfAnotherRunMalformedOrFromTheFutureAreRefused) {
  ChannelHistory history(kEpoch, {});
  history.record("c", 1000, event_frame(1));
  for (const std::string bad : {"78-1", "77-2", "garbage", "77-", "-1", "77-1x", ""}) {
    const auto result = history.events_after("c", bad, 1001);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().code, Errc::resume_failed);
  }
}

TEST(ChannelHistory, EventsOlderThanTheWindowAreDroppedAndAResumeBeforeThemFails) {
  HistoryLimits limits;
  limits.window_ms = 1000;
  ChannelHistory history(kEpoch, limits);
  const auto first = history.record("c", 0, event_frame(1));
  history.record("c", 500, event_frame(2));
  history.record("c", 1200, event_frame(3));  // event 1 (t=0) is now out of the window
  const auto from_first = history.events_after("c", position_of(first), 1200);
  ASSERT_TRUE(from_first) << "event 2 is still kept, and it is the next after event 1";
  EXPECT_EQ(data_of(from_first.value()), (std::vector<std::string>{"2", "3"}));
  const auto from_start = history.events_after("c", "77-0", 1200);
  ASSERT_FALSE(from_start) << "event 1 was dropped: resuming from before it would skip it";
  EXPECT_EQ(history.event_count(), 2u);
}

TEST(ChannelHistory, ThePerChannelCapRefusesResumesThatWouldSkipDroppedEvents) {
  HistoryLimits limits;
  limits.max_per_channel = 2;
  ChannelHistory history(kEpoch, limits);
  const auto first = history.record("c", 0, event_frame(1));
  const auto second = history.record("c", 1, event_frame(2));
  history.record("c", 2, event_frame(3));  // drops event 1
  history.record("c", 3, event_frame(4));  // drops event 2
  EXPECT_FALSE(history.events_after("c", position_of(first), 4));
  const auto from_second = history.events_after("c", position_of(second), 4);
  ASSERT_TRUE(from_second);
  EXPECT_EQ(data_of(from_second.value()), (std::vector<std::string>{"3", "4"}));
}

TEST(ChannelHistory, TheByteCapBoundsMemoryAcrossChannels) {
  HistoryLimits limits;
  limits.max_bytes = 400;
  ChannelHistory history(kEpoch, limits);
  for (int i = 0; i < 100; ++i) history.record("c" + std::to_string(i % 7), i, event_frame(i));
  EXPECT_LE(history.byte_count(), 400u);
  EXPECT_GT(history.event_count(), 0u);
  EXPECT_FALSE(history.events_after("c0", "77-0", 100)) << "the oldest events are gone";
}

TEST(ChannelHistory, ExpiryEmptiesTheHistoryWhenEverythingIsOld) {
  HistoryLimits limits;
  limits.window_ms = 10;
  ChannelHistory history(kEpoch, limits);
  for (int i = 0; i < 5; ++i) history.record("c" + std::to_string(i), 0, event_frame(i));
  history.expire(1000);
  EXPECT_EQ(history.event_count(), 0u);
  EXPECT_EQ(history.byte_count(), 0u);
  const auto latest = history.events_after("c1", history.latest_position(), 1000);
  ASSERT_TRUE(latest) << "nothing was published after the latest position";
}

TEST(ChannelHistory, ABusyChannelOverItsCapDoesNotSpoilResumesOnOtherChannels) {
  HistoryLimits limits;
  limits.max_per_channel = 3;
  ChannelHistory history(kEpoch, limits);
  const std::string quiet_seen = history.latest_position();
  history.record("quiet", 0, event_frame(0));
  const std::string before_busy = history.latest_position();
  for (int i = 1; i <= 50; ++i) history.record("busy", i, event_frame(i));
  history.expire(60);
  const auto quiet = history.events_after("quiet", before_busy, 60);
  ASSERT_TRUE(quiet) << quiet.error().message;
  EXPECT_TRUE(quiet.value().empty());
  const auto quiet_all = history.events_after("quiet", quiet_seen, 60);
  ASSERT_TRUE(quiet_all) << quiet_all.error().message;
  EXPECT_EQ(data_of(quiet_all.value()), (std::vector<std::string>{"0"}));
  EXPECT_FALSE(history.events_after("busy", before_busy, 60)) << "busy lost events 1-47";
  EXPECT_LE(history.order_size(), 2 * history.event_count() + 1) << "stale entries are compacted";
}

TEST(ChannelHistory, AForgottenChannelRecreatedLaterStillRefusesOldPositions) {
  HistoryLimits limits;
  limits.window_ms = 10;
  ChannelHistory history(kEpoch, limits);
  const auto first = history.record("c", 0, event_frame(1));
  history.record("c", 1, event_frame(2));
  history.expire(100);  // both gone, "c" forgotten
  history.record("c", 100, event_frame(3));
  EXPECT_FALSE(history.events_after("c", position_of(first), 100)) << "event 2 was lost";
}

TEST(ChannelHistory, AResumeSkipsEventsThatWereNotSentToThePreviousSocket) {
  ChannelHistory history(kEpoch, {});
  const std::string seen = history.latest_position();
  history.record("c", 0, event_frame(1), "111.1");  // the resuming client's own client event
  history.record("c", 1, event_frame(2), "111.2");
  history.record("c", 2, event_frame(3));
  const auto missed = history.events_after("c", seen, 3, "111.1");
  ASSERT_TRUE(missed);
  EXPECT_EQ(data_of(missed.value()), (std::vector<std::string>{"2", "3"}));
}

}  // namespace
}  // namespace herald::pusher
