// herald-server's command line: every flag also reads an environment
// variable (HERALD_<FLAG>) and a key of the --config file (TOML/INI).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "admin_commands.hpp"
#include "herald/core/service_config.hpp"
#include "herald/pusher/app_config.hpp"
#include "herald/storage/database_url.hpp"
#include "herald/transport/websocket_server.hpp"

namespace herald::app {

struct ServerOptions {
  transport::ServerOptions transport;
  core::ServiceConfig service;
  storage::DatabaseUrl database;
  /// Pusher apps (--pusher-app and the config file's [pusher_app.ID]); none: Pusher is off.
  pusher::AppDirectory pusher_apps;
  std::string log_level = "info";
  std::string log_file;       // empty: stderr
  bool check_config = false;  // validate and exit
  /// Set when the command line is `herald-server admin ...`.
  std::optional<AdminCommand> admin;
};

/// Parses argv. Returns the exit code when the program should stop now
/// (--help, --version, a bad flag: CLI11 printed why), nullopt to run.
std::optional<int> parse_server_options(int argc, char** argv, ServerOptions& out);

}  // namespace herald::app
