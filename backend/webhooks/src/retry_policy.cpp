#include "herald/webhooks/retry_policy.hpp"

#include <algorithm>

namespace herald::webhooks {

Verdict classify_status(unsigned status) noexcept {
  if (status >= 200 && status < 300) return Verdict::delivered;
  if (status >= 500 && status < 600) return Verdict::retry;
  if (status == 408 || status == 429) return Verdict::retry;
  return Verdict::give_up;
}

std::chrono::milliseconds backoff_delay(std::chrono::milliseconds first, std::chrono::milliseconds max,
                                        int attempts_done) noexcept {
  const std::chrono::milliseconds zero{0};
  max = std::max(max, zero);
  auto delay = std::clamp(first, zero, max);
  // Doubling stops at max, so the loop is short and never overflows.
  for (int i = 1; i < attempts_done && delay < max; ++i) {
    delay = delay > max / 2 ? max : delay * 2;
  }
  return delay;
}

}  // namespace herald::webhooks
