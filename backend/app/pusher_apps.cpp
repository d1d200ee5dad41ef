#include "pusher_apps.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include <CLI/CLI.hpp>

namespace herald::app {
namespace {

constexpr std::string_view kSection = "pusher_app";

std::invalid_argument setting_error(const std::string& id, const std::string& key, const std::string& why) {
  return std::invalid_argument("[pusher_app." + id + "] " + key + ": " + why);
}

bool to_bool(const std::string& id, const std::string& key, const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  throw setting_error(id, key, "must be true or false");
}

template <class Number>
Number to_number(const std::string& id, const std::string& key, const std::string& value) {
  Number number{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || number < 0)
    throw setting_error(id, key, "must be a non-negative number");
  return number;
}

pusher::WebhookEvent to_webhook_event(const std::string& id, const std::string& name) {
  using pusher::WebhookEvent;
  for (const auto event : {WebhookEvent::channel_occupied, WebhookEvent::channel_vacated, WebhookEvent::member_added,
                           WebhookEvent::member_removed, WebhookEvent::client_event,
                           WebhookEvent::subscription_count, WebhookEvent::cache_miss})
    if (pusher::to_string(event) == name) return event;
  throw setting_error(id, "webhook_events", "unknown event \"" + name + "\"");
}

/// The settings of an app's section that map to one member of pusher::App,
/// parsed by the member's type. docs/pusher.md lists them.
struct Setting {
  std::string_view name;
  std::variant<std::string pusher::App::*, bool pusher::App::*, std::uint32_t pusher::App::*,
               std::size_t pusher::App::*, double pusher::App::*>
      member;
};

const Setting kSettings[] = {
    {"key", &pusher::App::key},
    {"secret", &pusher::App::secret},
    {"enabled", &pusher::App::enabled},
    {"enable_client_messages", &pusher::App::enable_client_messages},
    {"user_authentication_required", &pusher::App::user_authentication_required},
    {"user_authentication_timeout", &pusher::App::user_authentication_timeout_seconds},
    {"max_connections", &pusher::App::max_connections},
    {"max_client_events_per_second", &pusher::App::max_client_events_per_second},
    {"max_event_data_bytes", &pusher::App::max_event_data_bytes},
    {"max_channels_per_connection", &pusher::App::max_channels_per_connection},
    {"max_frames_per_second", &pusher::App::max_frames_per_second},
    {"max_presence_members", &pusher::App::max_presence_members},
    {"activity_timeout", &pusher::App::activity_timeout_seconds},
    {"history_seconds", &pusher::App::history_seconds},
    {"history_max_events", &pusher::App::history_max_events},
    {"herald_users", &pusher::App::herald_users},
    {"subscription_count", &pusher::App::subscription_count},
};

/// Applies one `key = value` of an app's section.
void apply(pusher::App& app, const std::string& key, const std::vector<std::string>& inputs) {
  const std::string& id = app.id;
  if (inputs.empty()) throw setting_error(id, key, "has no value");
  const std::string& value = inputs.front();
  if (key == "webhook_events") {
    app.webhook.events.clear();
    for (const auto& name : inputs) app.webhook.events.push_back(to_webhook_event(id, name));
    return;
  }
  if (inputs.size() != 1) throw setting_error(id, key, "takes one value");
  if (key == "webhook_url") {
    app.webhook.url = value;
    return;
  }
  const auto* setting = std::find_if(std::begin(kSettings), std::end(kSettings),
                                     [&](const Setting& s) { return s.name == key; });
  if (setting == std::end(kSettings)) throw setting_error(id, key, "unknown setting (docs/pusher.md lists them)");
  std::visit(
      [&](auto member) {
        using Value = std::remove_reference_t<decltype(app.*member)>;
        if constexpr (std::is_same_v<Value, std::string>)
          app.*member = value;
        else if constexpr (std::is_same_v<Value, bool>)
          app.*member = to_bool(id, key, value);
        else
          app.*member = to_number<Value>(id, key, value);
      },
      setting->member);
}

}  // namespace

std::vector<pusher::App> pusher_apps_from_config(const std::string& config_path) {
  std::map<std::string, pusher::App> by_id;
  for (const auto& item : CLI::ConfigTOML().from_file(config_path)) {
    if (item.parents.empty() || item.parents.front() != kSection) continue;
    if (item.name == "++" || item.name == "--") continue;  // CLI11's section markers
    if (item.parents.size() != 2)
      throw std::invalid_argument("[pusher_app...] sections are [pusher_app.ID], ID without dots");
    const std::string& id = item.parents[1];
    auto [it, added] = by_id.try_emplace(id);
    if (added) it->second.id = id;
    apply(it->second, item.name, item.inputs);
  }
  std::vector<pusher::App> apps;
  for (auto& [id, app] : by_id) {
    // The same rules as a command-line spec: checked by its parser.
    auto checked = pusher::parse_app_spec(id + ":" + app.key + ":" + app.secret);
    if (!checked) throw std::invalid_argument("[pusher_app." + id + "]: " + checked.error().message);
    const auto& events = app.webhook.events;
    if (!app.subscription_count &&
        std::find(events.begin(), events.end(), pusher::WebhookEvent::subscription_count) != events.end())
      throw setting_error(id, "webhook_events",
                          "lists subscription_count, which needs subscription_count = true in the same section");
    apps.push_back(std::move(app));
  }
  return apps;
}

pusher::AppDirectory pusher_app_directory(const std::vector<std::string>& specs,
                                          const std::vector<pusher::App>& configured, bool herald_users) {
  pusher::AppDirectory directory;
  auto add = [&directory](pusher::App app) {
    if (auto added = directory.add(std::move(app)); !added) throw std::invalid_argument(added.error().message);
  };
  for (const auto& spec : specs) {
    auto app = pusher::parse_app_spec(spec);
    if (!app) throw std::invalid_argument("--pusher-app: " + app.error().message);
    app.value().herald_users = herald_users && directory.apps().empty();
    add(std::move(app).value());
  }
  for (const auto& app : configured) add(app);
  return directory;
}

}  // namespace herald::app
