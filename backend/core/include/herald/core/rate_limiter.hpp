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
  /// True when the bucket would be full at `now_ms` (it carries no state).
  bool full(const RateLimit& limit, protocol::Timestamp now_ms) const;

 private:
  double level(const RateLimit& limit, protocol::Timestamp now_ms) const;

  double tokens_ = -1;  // < 0: never used
  protocol::Timestamp updated_ = 0;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, std::size_t max_keys = 100000) : limit_(limit), max_keys_(max_keys) {}

  /// Takes one token for `key` if there is one.
  bool allow(const std::string& key, protocol::Timestamp now_ms);
  std::size_t tracked_keys() const { return buckets_.size(); }

 private:
  void prune(protocol::Timestamp now_ms);

  RateLimit limit_;
  std::size_t max_keys_;
  std::unordered_map<std::string, TokenBucket> buckets_;
};

}  // namespace herald::core
