// Pusher's cache channels: names starting with cache-, private-cache-,
// private-encrypted-cache- or presence-cache-. The last event the app
// server published on one (HTTP API; client events are never kept) is kept
// for up to 30 minutes and sent as the first event to every new subscriber.
// A subscriber that finds nothing kept gets pusher:cache_miss on the
// channel, and the app's webhook a cache_miss event, at most once per
// channel per minute however many subscribers miss (the app server answers
// one by publishing the value). Pusher's docs: "Cache channels".
//
// Memory is bounded: past max_bytes the oldest kept events are dropped
// first (their next subscribers miss). No I/O, no clock: the caller passes
// the time and calls expire() now and then.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace herald::pusher {

/// True for the four cache prefixes.
bool is_cache_channel(std::string_view name) noexcept;

struct ChannelCacheLimits {
  std::int64_t ttl_ms = 30 * 60 * 1000;
  std::size_t max_bytes = 16 * 1024 * 1024;  // kept frames, all channels of one app
  std::int64_t miss_report_interval_ms = 60 * 1000;
  /// Channels whose last miss is remembered; past it misses go unreported
  /// (anyone may subscribe to public cache- names of their choosing).
  std::size_t max_miss_records = 10000;
};

class ChannelCache {
 public:
  using Frame = std::shared_ptr<const std::string>;

  explicit ChannelCache(ChannelCacheLimits limits = {}) : limits_(limits) {}

  /// `frame` (the channel event as sent) is now the kept event of `channel`.
  void store(std::string_view channel, Frame frame, std::int64_t now_ms);
  /// The kept event of `channel`; nullptr when there is none or it expired.
  Frame find(std::string_view channel, std::int64_t now_ms) const;
  /// A subscriber found nothing kept: true when this miss should be
  /// reported (the cache_miss webhook), false within an interval of the
  /// last report for `channel` (or when max_miss_records channels missed
  /// within the interval).
  bool report_miss(std::string_view channel, std::int64_t now_ms);
  /// Forgets expired events and old miss reports.
  void expire(std::int64_t now_ms);

  std::size_t bytes() const noexcept { return bytes_; }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    Frame frame;
    std::int64_t stored_ms = 0;
  };
  void erase(std::map<std::string, Entry, std::less<>>::iterator it);

  ChannelCacheLimits limits_;
  std::map<std::string, Entry, std::less<>> entries_;
  std::set<std::pair<std::int64_t, std::string>> by_age_;  // (stored_ms, channel)
  std::map<std::string, std::int64_t, std::less<>> misses_;  // channel -> last reported
  std::size_t bytes_ = 0;
};

}  // namespace herald::pusher
