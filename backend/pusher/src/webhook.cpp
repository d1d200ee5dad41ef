#include "herald/pusher/webhook.hpp"

#include "herald/pusher/http_signature.hpp"
#include "json_text.hpp"

namespace herald::pusher {

nlohmann::ordered_json* WebhookBatch::add(WebhookEvent name, std::string_view channel) {
  if (!config_.wants(name)) return nullptr;
  nlohmann::ordered_json event = nlohmann::ordered_json::object();
  event["name"] = to_string(name);
  event["channel"] = channel;
  events_.push_back(std::move(event));
  return &events_.back();
}

void WebhookBatch::channel_occupied(std::string_view channel) { add(WebhookEvent::channel_occupied, channel); }

void WebhookBatch::channel_vacated(std::string_view channel) { add(WebhookEvent::channel_vacated, channel); }

void WebhookBatch::member_added(std::string_view channel, std::string_view user_id) {
  if (auto* event = add(WebhookEvent::member_added, channel)) (*event)["user_id"] = user_id;
}

void WebhookBatch::member_removed(std::string_view channel, std::string_view user_id) {
  if (auto* event = add(WebhookEvent::member_removed, channel)) (*event)["user_id"] = user_id;
}

void WebhookBatch::client_event(std::string_view channel, std::string_view event_name,
                                std::optional<std::string_view> data, std::string_view socket_id,
                                std::optional<std::string_view> user_id) {
  auto* event = add(WebhookEvent::client_event, channel);
  if (!event) return;
  (*event)["event"] = event_name;
  if (data) (*event)["data"] = *data;
  (*event)["socket_id"] = socket_id;
  if (user_id) (*event)["user_id"] = *user_id;
}

void WebhookBatch::subscription_count(std::string_view channel, std::size_t count) {
  if (auto* event = add(WebhookEvent::subscription_count, channel)) (*event)["subscription_count"] = count;
}

void WebhookBatch::cache_miss(std::string_view channel) { add(WebhookEvent::cache_miss, channel); }

WebhookRequest WebhookBatch::finish(const App& app, std::int64_t time_ms) const {
  nlohmann::ordered_json body = nlohmann::ordered_json::object();
  body["time_ms"] = time_ms;
  body["events"] = events_;
  WebhookRequest request{config_.url, detail::to_text(body), app.key, {}};
  request.signature = webhook_signature(app.keys(), request.body);
  return request;
}

}  // namespace herald::pusher
