#include "herald/pusher/app_config.hpp"

#include <algorithm>

namespace herald::pusher {
namespace {

constexpr std::size_t kMaxNameLength = 64;
constexpr std::string_view kSpecForm = "expected ID:KEY:SECRET";

bool name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

Error invalid(std::string detail) {
  return Error{Errc::app_spec_invalid, "--pusher-app: " + std::move(detail) + " (" + std::string(kSpecForm) + ")"};
}

/// Checks an app id or key; `what` names it in the message.
Status check_name(std::string_view value, std::string_view what) {
  if (value.empty()) return invalid(std::string(what) + " is empty");
  if (value.size() > kMaxNameLength)
    return invalid(std::string(what) + " has " + std::to_string(value.size()) + " characters; the limit is " +
                   std::to_string(kMaxNameLength));
  if (!std::all_of(value.begin(), value.end(), name_char))
    return invalid(std::string(what) + " '" + std::string(value) + "' may only use A-Z a-z 0-9 _ . -");
  return Ok{};
}

}  // namespace

std::string_view to_string(WebhookEvent event) noexcept {
  switch (event) {
    case WebhookEvent::channel_occupied:
      return "channel_occupied";
    case WebhookEvent::channel_vacated:
      return "channel_vacated";
    case WebhookEvent::member_added:
      return "member_added";
    case WebhookEvent::member_removed:
      return "member_removed";
    case WebhookEvent::client_event:
      return "client_event";
    case WebhookEvent::subscription_count:
      return "subscription_count";
    case WebhookEvent::cache_miss:
      return "cache_miss";
  }
  return "unknown";
}

bool WebhookConfig::wants(WebhookEvent event) const noexcept {
  return !url.empty() && std::find(events.begin(), events.end(), event) != events.end();
}

Result<App> parse_app_spec(std::string_view spec) {
  const auto first = spec.find(':');
  const auto second = first == std::string_view::npos ? first : spec.find(':', first + 1);
  if (second == std::string_view::npos)
    return invalid("the value has fewer than three ':'-separated parts");
  App app;
  app.id = std::string(spec.substr(0, first));
  app.key = std::string(spec.substr(first + 1, second - first - 1));
  app.secret = std::string(spec.substr(second + 1));
  if (auto ok = check_name(app.id, "the app id"); !ok) return ok.error();
  if (auto ok = check_name(app.key, "the app key"); !ok) return ok.error();
  if (app.secret.size() < kMinSecretLength)
    return invalid("the secret of app '" + app.id + "' has " + std::to_string(app.secret.size()) +
                   " characters; use at least " + std::to_string(kMinSecretLength) +
                   " (e.g. from `openssl rand -hex 16`)");
  if (!std::all_of(app.secret.begin(), app.secret.end(), [](char c) { return c > ' ' && c < 0x7f; }))
    return invalid("the secret of app '" + app.id + "' may only use printable ASCII without spaces");
  return app;
}

Status AppDirectory::add(App app) {
  if (find_by_id(app.id))
    return Error{Errc::app_duplicate, "two apps have the id '" + app.id + "'; each app needs its own id"};
  if (find_by_key(app.key))
    return Error{Errc::app_duplicate, "two apps have the key '" + app.key + "'; each app needs its own key"};
  apps_.push_back(std::move(app));
  return Ok{};
}

const App* AppDirectory::find_by_key(std::string_view key) const noexcept {
  const auto it = std::find_if(apps_.begin(), apps_.end(), [&](const App& app) { return app.key == key; });
  return it == apps_.end() ? nullptr : &*it;
}

const App* AppDirectory::find_by_id(std::string_view id) const noexcept {
  const auto it = std::find_if(apps_.begin(), apps_.end(), [&](const App& app) { return app.id == id; });
  return it == apps_.end() ? nullptr : &*it;
}

}  // namespace herald::pusher
