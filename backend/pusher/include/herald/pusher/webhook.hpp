// Webhooks Herald sends to an app's URL, built and signed without I/O:
// collect events as they happen, then finish() gives the POST body and
// headers (Pusher's webhooks docs: {"time_ms":..,"events":[..]}, headers
// X-Pusher-Key and X-Pusher-Signature = hex HMAC-SHA256 of the body).
// Events the app did not ask for (WebhookConfig::events) are dropped here.
// Sending, retrying and batching over time are the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "herald/pusher/app_config.hpp"

namespace herald::pusher {

struct WebhookRequest {
  std::string url;
  std::string body;  // Content-Type: application/json
  std::string key;        // X-Pusher-Key
  std::string signature;  // X-Pusher-Signature
};

class WebhookBatch {
 public:
  explicit WebhookBatch(WebhookConfig config) : config_(std::move(config)) {}

  void channel_occupied(std::string_view channel);
  void channel_vacated(std::string_view channel);
  void member_added(std::string_view channel, std::string_view user_id);
  void member_removed(std::string_view channel, std::string_view user_id);
  /// `user_id` only on presence channels.
  void client_event(std::string_view channel, std::string_view event, std::optional<std::string_view> data,
                    std::string_view socket_id, std::optional<std::string_view> user_id);
  void subscription_count(std::string_view channel, std::size_t count);
  void cache_miss(std::string_view channel);

  bool empty() const noexcept { return events_.empty(); }
  std::size_t size() const noexcept { return events_.size(); }
  /// The signed request for everything collected; the batch stays as it is.
  WebhookRequest finish(const App& app, std::int64_t time_ms) const;

 private:
  /// A new event object named `name`, or nullptr when the app does not want it.
  nlohmann::ordered_json* add(WebhookEvent name, std::string_view channel);

  WebhookConfig config_;  // a copy: the batch may outlive a reloaded App
  nlohmann::ordered_json events_ = nlohmann::ordered_json::array();
};

}  // namespace herald::pusher
