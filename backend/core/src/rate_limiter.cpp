#include "herald/core/rate_limiter.hpp"

#include <algorithm>

namespace herald::core {

double TokenBucket::level(const RateLimit& limit, protocol::Timestamp now_ms) const {
  if (tokens_ < 0) return limit.burst;
  const double elapsed_s = static_cast<double>(std::max<protocol::Timestamp>(0, now_ms - updated_)) / 1000.0;
  return std::min(limit.burst, tokens_ + elapsed_s * limit.per_second);
}

bool TokenBucket::take(const RateLimit& limit, protocol::Timestamp now_ms) {
  tokens_ = level(limit, now_ms);
  updated_ = now_ms;
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

bool TokenBucket::full(const RateLimit& limit, protocol::Timestamp now_ms) const {
  return level(limit, now_ms) >= limit.burst;
}

bool RateLimiter::allow(const std::string& key, protocol::Timestamp now_ms) {
  if (buckets_.size() >= max_keys_ && buckets_.find(key) == buckets_.end()) prune(now_ms);
  return buckets_[key].take(limit_, now_ms);
}

// Buckets that have refilled completely carry no information: drop them.
// If every key is still active (a flood of distinct keys), start over rather
// than grow without bound.
void RateLimiter::prune(protocol::Timestamp now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (it->second.full(limit_, now_ms))
      it = buckets_.erase(it);
    else
      ++it;
  }
  if (buckets_.size() >= max_keys_) buckets_.clear();
}

}  // namespace herald::core
