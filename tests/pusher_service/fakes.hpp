// In-memory ports for PusherService: frames and closes per connection, a
// settable clock, and the webhook requests it posts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "herald/pusher_service/pusher_service.hpp"

namespace herald::pusher_service::test {

struct RecordingOutbound final : runtime::Outbound {
  std::map<runtime::ConnectionId, std::vector<std::string>> frames;
  std::map<runtime::ConnectionId, std::uint16_t> closed;

  void send(runtime::ConnectionId id, const runtime::Frame& frame) override { frames[id].push_back(*frame); }
  void close(runtime::ConnectionId id, std::uint16_t code, const std::string&) override { closed[id] = code; }

  /// The frames of `id` since the last call, parsed.
  std::vector<nlohmann::json> take(runtime::ConnectionId id) {
    std::vector<nlohmann::json> out;
    for (const auto& text : frames[id]) out.push_back(nlohmann::json::parse(text));
    frames[id].clear();
    return out;
  }
};

struct ManualClock final : runtime::Clock {
  protocol::Timestamp now = 1'764'000'000'000;
  protocol::Timestamp now_ms() const override { return now; }
};

struct RecordingPoster final : WebhookPoster {
  std::vector<pusher::WebhookRequest> requests;
  void post(pusher::WebhookRequest request) override { requests.push_back(std::move(request)); }
};

}  // namespace herald::pusher_service::test
