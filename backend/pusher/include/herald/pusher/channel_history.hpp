// Herald's resume extension to the Pusher protocol (docs/pusher.md,
// "Resume"): the recent events of an app's channels, kept in memory so that
// a client which reconnects soon gets what it missed.
//
// Every channel event gets a position, "<epoch>-<serial>": the serial counts
// the app's events (all channels), the epoch is random per server run, so a
// position from an earlier run is recognised as unknown. Events are kept
// for `window_ms`, at most `max_per_channel` per channel and `max_bytes` in
// total, oldest dropped first. A resume succeeds only when no event of the
// channel after the client's position has been dropped; otherwise the
// caller tells the client (herald:resume_failed) and it refetches.
//
// Single-threaded, no I/O, time from the caller.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "herald/pusher/error.hpp"

namespace herald::pusher {

struct HistoryLimits {
  std::int64_t window_ms = 120'000;
  std::size_t max_per_channel = 100;
  std::size_t max_bytes = 16 * 1024 * 1024;  // all channels of the app
};

class ChannelHistory {
 public:
  using Frame = std::shared_ptr<const std::string>;

  ChannelHistory(std::uint64_t epoch, HistoryLimits limits) : epoch_(epoch), limits_(limits) {}

  /// Gives `frame` (a channel event, a JSON object) the next position as its
  /// "herald_position" field, keeps it, and returns the frame to send.
  Frame record(std::string_view channel, std::int64_t now_ms, std::string frame);

  /// The position of the app's latest event (what a subscriber has "seen"
  /// when it subscribes): subscription_succeeded carries it.
  std::string latest_position() const;

  /// The kept events of `channel` after `position`, oldest first. Errors
  /// (resume_failed, with the reason): a malformed position, one from
  /// another server run or from the future, or one after which events of
  /// the channel were dropped.
  Result<std::vector<Frame>> events_after(std::string_view channel, std::string_view position, std::int64_t now_ms);

  /// Drops what is older than the window (call it now and then).
  void expire(std::int64_t now_ms);

  std::size_t event_count() const noexcept { return order_.size(); }
  std::size_t byte_count() const noexcept { return bytes_; }

 private:
  struct Entry {
    std::uint64_t serial;
    std::int64_t time_ms;
    Frame frame;
  };
  struct Channel {
    std::deque<Entry> events;
    std::uint64_t dropped_through = 0;  // highest serial dropped for the per-channel cap
  };
  struct Kept {
    std::uint64_t serial;
    std::string channel;
  };

  std::string position(std::uint64_t serial) const;
  /// Drops the oldest event of the app (front of order_).
  void drop_oldest();

  std::uint64_t epoch_;
  HistoryLimits limits_;
  std::uint64_t last_serial_ = 0;
  std::uint64_t evicted_through_ = 0;  // highest serial dropped by age or total size
  std::size_t bytes_ = 0;
  std::map<std::string, Channel, std::less<>> channels_;
  std::deque<Kept> order_;  // every kept event, oldest first
};

/// `frame` (a JSON object) with `"herald_position":"<position>"` added as its
/// last field. `position` must be "<digits>-<digits>".
std::string with_position(std::string frame, std::string_view position);

}  // namespace herald::pusher
