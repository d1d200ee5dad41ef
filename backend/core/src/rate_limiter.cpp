#include "herald/core/rate_limiter.hpp"

#include <algorithm>

namespace herald::core {

bool RateLimiter::allow(const std::string& key, protocol::Timestamp now_ms) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_ && !make_room(now_ms)) return false;
    it = buckets_.emplace(key, TokenBucket{}).first;
  }
  return it->second.take(limit_, now_ms);
}

void RateLimiter::refund(const std::string& key, protocol::Timestamp now_ms) {
  const auto it = buckets_.find(key);
  if (it != buckets_.end()) it->second.refund(limit_, now_ms);
}

bool RateLimiter::limiting(const std::string& key, protocol::Timestamp now_ms) const {
  const auto it = buckets_.find(key);
  return it != buckets_.end() && it->second.empty(limit_, now_ms);
}

// Forgets the buckets that have refilled completely; true if that left room.
// A bucket that is not full still limits (or will, sooner than a new one),
// so it is never dropped.
bool RateLimiter::make_room(protocol::Timestamp now_ms) {
  if (now_ms < next_scan_ms_) return false;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (it->second.full(limit_, now_ms))
      it = buckets_.erase(it);
    else
      ++it;
  }
  if (buckets_.size() < max_keys_) return true;
  next_scan_ms_ = now_ms + 1000;
  return false;
}

}  // namespace herald::core
