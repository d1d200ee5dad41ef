// The Pusher apps herald-server hosts (docs/pusher.md, "Apps"): one or more
// from --pusher-app ID:KEY:SECRET (with --pusher-herald-users, Herald's users
// are served on the first),
// and any number from the --config file, one TOML section per app:
//
//   [pusher_app.chat]
//   key = "chat-key"
//   secret = "at-least-16-characters"
//   enable_client_messages = true
//   webhook_url = "https://example.com/pusher/webhooks"
//   ...every App setting by its name (docs/pusher.md lists them)
#pragma once

#include <string>
#include <vector>

#include "herald/pusher/app_config.hpp"

namespace herald::app {

/// The apps of `config_path`'s [pusher_app.ID] sections; none when the file
/// has none. Throws std::invalid_argument naming the section and key at
/// fault (never quoting a secret).
std::vector<pusher::App> pusher_apps_from_config(const std::string& config_path);

/// Every app in one directory: command-line specs first, then the config
/// file's. `herald_users`: the first command-line app serves Herald's users
/// (--pusher-herald-users). Throws std::invalid_argument.
pusher::AppDirectory pusher_app_directory(const std::vector<std::string>& specs,
                                          const std::vector<pusher::App>& configured, bool herald_users);

}  // namespace herald::app
