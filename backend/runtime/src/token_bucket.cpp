#include "herald/runtime/token_bucket.hpp"

#include <algorithm>

namespace herald::runtime {

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

void TokenBucket::refund(const RateLimit& limit, protocol::Timestamp now_ms) {
  tokens_ = std::min(limit.burst, level(limit, now_ms) + 1.0);
  updated_ = now_ms;
}

bool TokenBucket::full(const RateLimit& limit, protocol::Timestamp now_ms) const {
  return level(limit, now_ms) >= limit.burst;
}

}  // namespace herald::runtime
