#include "herald/pusher/channel_cache.hpp"

#include "ascii.hpp"

namespace herald::pusher {

bool is_cache_channel(std::string_view name) noexcept {
  using detail::starts_with;
  return starts_with(name, "cache-") || starts_with(name, "private-cache-") ||
         starts_with(name, "private-encrypted-cache-") || starts_with(name, "presence-cache-");
}

void ChannelCache::erase(std::map<std::string, Entry, std::less<>>::iterator it) {
  bytes_ -= it->first.size() + it->second.frame->size();
  by_age_.erase({it->second.stored_ms, it->first});
  entries_.erase(it);
}

void ChannelCache::store(std::string_view channel, Frame frame, std::int64_t now_ms) {
  if (auto it = entries_.find(channel); it != entries_.end()) erase(it);
  misses_.erase(std::string(channel));  // a value again: the next miss is news
  const std::size_t size = channel.size() + frame->size();
  if (size > limits_.max_bytes) return;
  while (bytes_ + size > limits_.max_bytes && !by_age_.empty()) erase(entries_.find(by_age_.begin()->second));
  entries_.emplace(std::string(channel), Entry{std::move(frame), now_ms});
  by_age_.emplace(now_ms, std::string(channel));
  bytes_ += size;
}

ChannelCache::Frame ChannelCache::find(std::string_view channel, std::int64_t now_ms) const {
  const auto it = entries_.find(channel);
  if (it == entries_.end() || now_ms - it->second.stored_ms >= limits_.ttl_ms) return nullptr;
  return it->second.frame;
}

bool ChannelCache::report_miss(std::string_view channel, std::int64_t now_ms) {
  auto it = misses_.find(channel);
  if (it != misses_.end()) {
    if (now_ms - it->second < limits_.miss_report_interval_ms) return false;
    it->second = now_ms;
    return true;
  }
  if (misses_.size() >= limits_.max_miss_records) return false;
  misses_.emplace(std::string(channel), now_ms);
  return true;
}

void ChannelCache::expire(std::int64_t now_ms) {
  while (!by_age_.empty() && now_ms - by_age_.begin()->first >= limits_.ttl_ms)
    erase(entries_.find(by_age_.begin()->second));
  for (auto it = misses_.begin(); it != misses_.end();)
    it = now_ms - it->second >= limits_.miss_report_interval_ms ? misses_.erase(it) : std::next(it);
}

}  // namespace herald::pusher
