// What one attempt's outcome means for a webhook, and how long to wait before
// the next attempt. Pure functions: the sender applies them.
#pragma once

#include <chrono>

namespace herald::webhooks {

enum class Verdict {
  delivered,  ///< 2xx
  retry,      ///< worth another attempt: 5xx, 408, 429 (and any connection error or timeout)
  give_up,    ///< the receiver refused for good: every other status (400, 401, 404, 410, 3xx, ...)
};

/// The verdict for a response status.
Verdict classify_status(unsigned status) noexcept;

/// The wait after the `attempts_done`-th failed attempt (1 for the first):
/// first * 2^(attempts_done - 1), never more than `max` (nor less than zero),
/// without overflow for any attempts_done.
std::chrono::milliseconds backoff_delay(std::chrono::milliseconds first, std::chrono::milliseconds max,
                                        int attempts_done) noexcept;

}  // namespace herald::webhooks
