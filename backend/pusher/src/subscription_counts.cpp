#include "herald/pusher/subscription_counts.hpp"

namespace herald::pusher {

bool SubscriptionCounts::changed(std::string_view channel, std::size_t count, std::int64_t now_ms) {
  auto it = busy_.find(channel);
  if (count == 0) {
    // Vacated: announced (the webhook's 0), nothing left to pace.
    if (it != busy_.end()) busy_.erase(it);
    return true;
  }
  if (it == busy_.end()) {
    // Quiet channels are announced at once and need no memory.
    if (count > pacing_.busy_channel) busy_.emplace(std::string(channel), Busy{now_ms, false});
    return true;
  }
  // Busy, or busy less than an interval ago: a channel going back and forth
  // across the threshold stays paced.
  if (now_ms - it->second.announced_ms >= pacing_.busy_interval_ms) {
    if (count > pacing_.busy_channel)
      it->second = Busy{now_ms, false};
    else
      busy_.erase(it);
    return true;
  }
  it->second.held_back = true;
  return false;
}

std::vector<std::string> SubscriptionCounts::due(std::int64_t now_ms) {
  std::vector<std::string> ready;
  for (auto& [channel, busy] : busy_) {
    if (!busy.held_back || now_ms - busy.announced_ms < pacing_.busy_interval_ms) continue;
    busy = Busy{now_ms, false};
    ready.push_back(channel);
  }
  return ready;
}

}  // namespace herald::pusher
