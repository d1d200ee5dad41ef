#include "herald/pusher/channel_history.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace herald::pusher {
namespace {

/// "<epoch>-<serial>" -> both numbers; nullopt for anything else.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_position(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == text.size()) return std::nullopt;
  std::uint64_t epoch = 0;
  std::uint64_t serial = 0;
  const auto* first = text.data();
  const auto* middle = first + dash;
  const auto* last = first + text.size();
  if (auto [end, ec] = std::from_chars(first, middle, epoch); ec != std::errc() || end != middle) return std::nullopt;
  if (auto [end, ec] = std::from_chars(middle + 1, last, serial); ec != std::errc() || end != last)
    return std::nullopt;
  return std::pair{epoch, serial};
}

Error resume_error(std::string message) {
  return Error{Errc::resume_failed, std::move(message)};
}

}  // namespace

std::string with_position(std::string frame, std::string_view position) {
  // Every server frame is one JSON object ending in '}'; the position is
  // digits and '-', so it needs no escaping.
  frame.pop_back();
  frame += R"(,"herald_position":")";
  frame += position;
  frame += "\"}";
  return frame;
}

std::string ChannelHistory::position(std::uint64_t serial) const {
  return std::to_string(epoch_) + "-" + std::to_string(serial);
}

std::string ChannelHistory::latest_position() const {
  return position(last_serial_);
}

ChannelHistory::Frame ChannelHistory::record(std::string_view channel, std::int64_t now_ms, std::string frame) {
  const std::uint64_t serial = ++last_serial_;
  auto sent = std::make_shared<const std::string>(with_position(std::move(frame), position(serial)));
  expire(now_ms);
  auto it = channels_.find(channel);
  if (it == channels_.end()) it = channels_.emplace(std::string(channel), Channel{}).first;
  Channel& kept = it->second;
  // The per-channel cap drops this channel's oldest event; it stays in
  // order_ (as a stale entry, skipped by drop_oldest) until its turn.
  if (kept.events.size() >= limits_.max_per_channel && !kept.events.empty()) {
    bytes_ -= kept.events.front().frame->size();
    kept.dropped_through = kept.events.front().serial;
    kept.events.pop_front();
  }
  if (limits_.max_per_channel > 0) {
    kept.events.push_back(Entry{serial, now_ms, sent});
    bytes_ += sent->size();
    order_.push_back(Kept{serial, std::string(channel)});
  } else {
    kept.dropped_through = serial;
  }
  while (bytes_ > limits_.max_bytes && !order_.empty()) drop_oldest();
  return sent;
}

void ChannelHistory::drop_oldest() {
  const Kept oldest = std::move(order_.front());
  order_.pop_front();
  evicted_through_ = std::max(evicted_through_, oldest.serial);
  auto it = channels_.find(oldest.channel);
  if (it == channels_.end()) return;
  auto& events = it->second.events;
  if (!events.empty() && events.front().serial == oldest.serial) {
    bytes_ -= events.front().frame->size();
    events.pop_front();
  }
  // A channel with nothing kept is forgotten: every event it had is at or
  // below evicted_through_ now, which is all a later resume needs to know.
  if (events.empty() && it->second.dropped_through <= evicted_through_) channels_.erase(it);
}

void ChannelHistory::expire(std::int64_t now_ms) {
  const std::int64_t cutoff = now_ms - limits_.window_ms;
  while (!order_.empty()) {
    auto it = channels_.find(order_.front().channel);
    const bool stale = it == channels_.end() || it->second.events.empty() ||
                       it->second.events.front().serial != order_.front().serial;
    if (!stale && it->second.events.front().time_ms >= cutoff) break;
    drop_oldest();
  }
}

Result<std::vector<ChannelHistory::Frame>> ChannelHistory::events_after(std::string_view channel,
                                                                        std::string_view from, std::int64_t now_ms) {
  const auto parsed = parse_position(from);
  if (!parsed) return resume_error("herald_resume_from is not a position (\"<epoch>-<serial>\")");
  const auto [epoch, serial] = *parsed;
  if (epoch != epoch_) return resume_error("the position is from another run of the server");
  if (serial > last_serial_) return resume_error("the position is ahead of the channel");
  expire(now_ms);
  if (serial < evicted_through_) return resume_error("events after the position are no longer kept");
  std::vector<Frame> missed;
  const auto it = channels_.find(channel);
  if (it == channels_.end()) return missed;
  if (serial < it->second.dropped_through)
    return resume_error("more events were published after the position than the channel keeps");
  for (const auto& entry : it->second.events)
    if (entry.serial > serial) missed.push_back(entry.frame);
  return missed;
}

}  // namespace herald::pusher
