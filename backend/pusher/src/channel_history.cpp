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

ChannelHistory::Frame ChannelHistory::record(std::string_view channel, std::int64_t now_ms, std::string frame,
                                             std::string_view excluded_socket) {
  const std::uint64_t serial = ++last_serial_;
  auto sent = std::make_shared<const std::string>(with_position(std::move(frame), position(serial)));
  expire(now_ms);
  if (limits_.max_per_channel == 0) {
    forgotten_through_ = serial;  // nothing is kept: no resume reaches past it
    return sent;
  }
  auto it = channels_.find(channel);
  if (it == channels_.end()) {
    Channel fresh;
    // Events of an earlier channel of this name may have been forgotten.
    fresh.dropped_through = forgotten_through_;
    it = channels_.emplace(std::string(channel), std::move(fresh)).first;
  }
  Channel& kept = it->second;
  // The per-channel cap drops this channel's oldest event; its entry in
  // order_ goes stale and is skipped (or compacted away) later.
  if (kept.events.size() >= limits_.max_per_channel) {
    bytes_ -= kept.events.front().frame->size();
    kept.dropped_through = kept.events.front().serial;
    kept.events.pop_front();
    ++stale_;
  }
  kept.events.push_back(Entry{serial, now_ms, sent, std::string(excluded_socket)});
  bytes_ += sent->size();
  order_.push_back(Kept{serial, std::string(channel)});
  while (bytes_ > limits_.max_bytes && !order_.empty()) drop_oldest();
  compact();
  return sent;
}

bool ChannelHistory::is_live(const Kept& kept) const {
  const auto it = channels_.find(kept.channel);
  return it != channels_.end() && !it->second.events.empty() && it->second.events.front().serial <= kept.serial;
}

void ChannelHistory::drop_oldest() {
  const Kept oldest = std::move(order_.front());
  order_.pop_front();
  if (!is_live(oldest)) {
    --stale_;  // its drop was recorded when the per-channel cap took it
    return;
  }
  auto it = channels_.find(oldest.channel);
  Channel& channel = it->second;
  bytes_ -= channel.events.front().frame->size();
  channel.dropped_through = std::max(channel.dropped_through, oldest.serial);
  channel.events.pop_front();
  if (channel.events.empty()) {
    forgotten_through_ = std::max(forgotten_through_, channel.dropped_through);
    channels_.erase(it);
  }
}

void ChannelHistory::compact() {
  if (stale_ <= order_.size() - stale_) return;
  std::deque<Kept> live;
  for (auto& kept : order_)
    if (is_live(kept)) live.push_back(std::move(kept));
  order_ = std::move(live);
  stale_ = 0;
}

void ChannelHistory::expire(std::int64_t now_ms) {
  const std::int64_t cutoff = now_ms - limits_.window_ms;
  while (!order_.empty()) {
    const Kept& front = order_.front();
    if (is_live(front)) {
      const auto& channel = channels_.find(front.channel)->second;
      if (channel.events.front().time_ms >= cutoff) break;
    }
    drop_oldest();
  }
}

Result<std::vector<ChannelHistory::Frame>> ChannelHistory::events_after(std::string_view channel,
                                                                        std::string_view from, std::int64_t now_ms,
                                                                        std::string_view previous_socket) {
  const auto parsed = parse_position(from);
  if (!parsed) return resume_error("herald_resume_from is not a position (\"<epoch>-<serial>\")");
  const auto [epoch, serial] = *parsed;
  if (epoch != epoch_) return resume_error("the position is from another run of the server");
  if (serial > last_serial_) return resume_error("the position is ahead of the channel");
  expire(now_ms);
  const auto it = channels_.find(channel);
  const std::uint64_t lost_through = it == channels_.end() ? forgotten_through_ : it->second.dropped_through;
  if (serial < lost_through) return resume_error("events after the position are no longer kept");
  std::vector<Frame> missed;
  if (it == channels_.end()) return missed;
  for (const auto& entry : it->second.events)
    if (entry.serial > serial && (previous_socket.empty() || entry.excluded_socket != previous_socket))
      missed.push_back(entry.frame);
  return missed;
}

}  // namespace herald::pusher
