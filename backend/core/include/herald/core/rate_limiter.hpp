// Token buckets keyed by a string (RateLimiter: usernames, addresses); one
// bucket alone is runtime::TokenBucket.
// Single-threaded; time comes from the caller so tests control it.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "herald/protocol/records.hpp"
#include "herald/runtime/token_bucket.hpp"

namespace herald::core {

using runtime::RateLimit;
using runtime::TokenBucket;

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
