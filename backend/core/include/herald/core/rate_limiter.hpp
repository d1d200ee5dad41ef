// Token buckets: one per connection (TokenBucket inside the connection) or
// many keyed by a string (RateLimiter: usernames, addresses).
// Single-threaded; time comes from the caller so tests control it.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "herald/protocol/records.hpp"

namespace herald::core {

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

/// Buckets keyed by a string, at most `max_keys` of them. Only buckets that
/// have refilled completely are ever forgotten (they carry no information),
/// so no flood of new keys can reset a bucket that is still limiting: while
/// every slot holds a limiting bucket, new keys are refused (fail closed).
class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100000) : limit_(limit), max_keys_(max_keys) {}

  /// Takes one token for `key` if there is one (and, for a new key, room).
  bool allow(const std::string& key, protocol::Timestamp now_ms);
  /// Gives back a token allow() took, e.g. for an attempt that succeeded.
  void refund(const std::string& key, protocol::Timestamp now_ms);
  /// True when `key`'s bucket is tracked and would refuse the next allow().
  bool limiting(const std::string& key, protocol::Timestamp now_ms) const;
  std::size_t tracked_keys() const { return buckets_.size(); }

 private:
  bool make_room(protocol::Timestamp now_ms);

  RateLimit limit_;
  std::size_t max_keys_;
  std::unordered_map<std::string, TokenBucket> buckets_;
  // A scan that found nothing to forget is not repeated for a second, so a
  // flood of new keys against a full table costs one scan a second, not one
  // per key.
  protocol::Timestamp next_scan_ms_ = 0;
};

}  // namespace herald::core
