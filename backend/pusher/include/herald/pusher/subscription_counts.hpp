// When a channel's new subscription count is announced, for apps that turn
// subscription counting on (`subscription_count = true`): the
// pusher_internal:subscription_count frame to the channel's subscribers
// (pusher-js: channel.subscriptionCount and "pusher:subscription_count") and
// the subscription_count webhook.
//
// Pusher's rule, kept here: a change is announced at once, except on busy
// channels (more than 100 subscribers), which are announced at most once
// every 5 seconds; a change held back is announced when the interval has
// passed, with the count of that moment. A busy channel stays paced until
// an interval has passed since its last announcement, even when it drops
// to 100 or fewer (else churn across the threshold would escape the
// pacing); only a vacated channel is announced at once regardless. Presence channels have member
// events instead and are never counted (the caller's check). No I/O, no
// clock: the caller passes the time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace herald::pusher {

struct SubscriptionCountPacing {
  std::size_t busy_channel = 100;       // more subscribers than this: paced
  std::int64_t busy_interval_ms = 5000;  // at most one announcement per interval
};

class SubscriptionCounts {
 public:
  explicit SubscriptionCounts(SubscriptionCountPacing pacing = {}) : pacing_(pacing) {}

  /// `channel` has `count` subscribers since a subscribe or unsubscribe at
  /// `now_ms`. True: announce `count` now. False: a busy channel announced
  /// less than an interval ago; due() hands it back later.
  bool changed(std::string_view channel, std::size_t count, std::int64_t now_ms);

  /// Busy channels whose held-back change may now be announced (with their
  /// current count); each counts as announced at `now_ms`.
  std::vector<std::string> due(std::int64_t now_ms);

  /// Channels remembered: those busy within the last interval (and at most
  /// the channels that are occupied), so this stays small.
  std::size_t tracked() const noexcept { return busy_.size(); }

 private:
  struct Busy {
    std::int64_t announced_ms = 0;
    bool held_back = false;
  };

  SubscriptionCountPacing pacing_;
  std::map<std::string, Busy, std::less<>> busy_;
};

}  // namespace herald::pusher
