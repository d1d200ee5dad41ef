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
  /// `excluded_socket`: the socket id the event was not sent to (the sender
  /// of a client event, an HTTP API socket_id), "" for none.
  Frame record(std::string_view channel, std::int64_t now_ms, std::string frame,
               std::string_view excluded_socket = {});

  /// The position of the app's latest event (what a subscriber has "seen"
  /// when it subscribes): subscription_succeeded carries it.
  std::string latest_position() const;

  /// The kept events of `channel` after `position`, oldest first, except
  /// those that were not sent to `previous_socket` (the resuming client's
  /// socket id before it reconnected; "" to skip none): Pusher never sends a
  /// client its own client events. Errors (resume_failed, with the reason):
  /// a malformed position, one from another server run or from the future,
  /// or one after which events of the channel were dropped.
  Result<std::vector<Frame>> events_after(std::string_view channel, std::string_view position, std::int64_t now_ms,
                                          std::string_view previous_socket = {});

  /// Drops what is older than the window (call it now and then).
  void expire(std::int64_t now_ms);

  std::size_t event_count() const noexcept { return order_.size() - stale_; }
  /// Entries of the app-wide order, stale ones included (bounded by twice
  /// the events kept, plus one).
  std::size_t order_size() const noexcept { return order_.size(); }
  std::size_t byte_count() const noexcept { return bytes_; }

 private:
  struct Entry {
    std::uint64_t serial;
    std::int64_t time_ms;
    Frame frame;
    std::string excluded_socket;
  };
  struct Channel {
    std::deque<Entry> events;  // oldest first
    /// The highest serial this channel has lost (any reason); a resume from
    /// before it would skip events. A new channel starts at forgotten_through_.
    std::uint64_t dropped_through = 0;
  };
  /// One kept event in app-wide order. Entries whose event the per-channel
  /// cap already dropped stay until they reach the front ("stale").
  struct Kept {
    std::uint64_t serial;
    std::string channel;
  };

  std::string position(std::uint64_t serial) const;
  /// Whether `kept` still names an event its channel keeps.
  bool is_live(const Kept& kept) const;
  /// Pops the front of order_, dropping its event when still kept.
  void drop_oldest();
  /// Rebuilds order_ without stale entries once they outnumber live ones.
  void compact();

  std::uint64_t epoch_;
  HistoryLimits limits_;
  std::uint64_t last_serial_ = 0;
  /// The highest dropped_through of channels forgotten (erased when they had
  /// nothing kept): covers any channel not in channels_.
  std::uint64_t forgotten_through_ = 0;
  std::size_t bytes_ = 0;
  std::size_t stale_ = 0;  // entries of order_ whose event is gone
  std::map<std::string, Channel, std::less<>> channels_;
  std::deque<Kept> order_;  // every kept event (and the stale ones), oldest first
};

/// `frame` (a JSON object) with `"herald_position":"<position>"` added as its
/// last field. `position` must be "<digits>-<digits>".
std::string with_position(std::string frame, std::string_view position);

}  // namespace herald::pusher
