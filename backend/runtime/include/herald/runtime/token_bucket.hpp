// A token bucket: a burst, then a steady rate. One per connection (frames,
// client events) or many keyed by a string (core's RateLimiter).
// Single-threaded; time comes from the caller so tests control it.
#pragma once

#include "herald/protocol/records.hpp"

namespace herald::runtime {

struct RateLimit {
  double burst = 10;        // bucket size: requests allowed at once
  double per_second = 1.0;  // refill rate
};

class TokenBucket {
 public:
  /// Takes one token if there is one. A new bucket starts full.
  bool take(const RateLimit& limit, protocol::Timestamp now_ms);
  /// Gives one token back (never past the burst).
  void refund(const RateLimit& limit, protocol::Timestamp now_ms);
  /// True when the bucket would be full at `now_ms` (it carries no state).
  bool full(const RateLimit& limit, protocol::Timestamp now_ms) const;
  /// True when the next take() at `now_ms` would be refused.
  bool empty(const RateLimit& limit, protocol::Timestamp now_ms) const { return level(limit, now_ms) < 1.0; }

 private:
  double level(const RateLimit& limit, protocol::Timestamp now_ms) const;

  double tokens_ = -1;  // < 0: never used
  protocol::Timestamp updated_ = 0;
};

}  // namespace herald::runtime
