#include "server_options.hpp"

#include <algorithm>
#include <cctype>

#include <CLI/CLI.hpp>

namespace herald::app {
namespace {

std::string env_name(std::string flag) {
  std::transform(flag.begin(), flag.end(), flag.begin(),
                 [](unsigned char c) { return c == '-' ? '_' : static_cast<char>(std::toupper(c)); });
  return "HERALD_" + flag;
}

std::string dashed(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

}  // namespace

std::optional<int> parse_server_options(int argc, char** argv, ServerOptions& out) {
  CLI::App app{
      "Herald: self-hosted real-time chat and notifications over WebSocket.\n"
      "Every flag can also be set with the environment variable HERALD_<FLAG>\n"
      "(e.g. HERALD_PORT) or as a key in the --config file.",
      "herald-server"};
  app.set_version_flag("--version", std::string(out.service.server_name));
  app.set_config("--config", "", "Read options from this TOML or INI file");

  auto add = [&](const std::string& flag, auto& value, const std::string& help) {
    return app.add_option("--" + flag, value, help)->envname(env_name(flag))->capture_default_str();
  };

  std::string data_dir = "data";
  std::string db_url;
  std::string web_root;
  std::string password_cost = "interactive";
  double session_ttl_hours = static_cast<double>(out.service.session_ttl_ms) / 3'600'000.0;

  add("port", out.transport.port, "TCP port for WebSocket, HTTP API and the web client (0: any free port)");
  add("bind", out.transport.bind_address, "Address to listen on (0.0.0.0 for every interface)");
  add("data-dir", data_dir, "Folder for the SQLite database (herald.db) when --db is not given");
  add("db", db_url,
      "Database URL: sqlite:PATH, mysql://USER:PASS@HOST:PORT/DB or "
      "mysql://USER:PASS@localhost/DB?socket=PATH (default: SQLite under --data-dir)");
  add("web-root", web_root, "Folder with index.html and the web client's .js/.wasm, served at /");
  add("api-key", out.transport.api_key, "Bearer key for POST /api/v1/notifications (empty: API disabled)");
  app.add_option("--admin", out.service.admin_usernames,
                 "Username with the admin role (repeat the flag for more)")
      ->envname("HERALD_ADMINS")
      ->delimiter(',');
  add("session-ttl-hours", session_ttl_hours, "How long a session token stays valid");
  add("password-cost", password_cost,
      "Argon2id cost: 'interactive' (64 MiB, the default) or 'minimal' (tests and benchmarks only)")
      ->check(CLI::IsMember({"interactive", "minimal"}));
  add("log-level", out.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  app.add_flag("--check-config", out.check_config,
               "Validate the options (and reach the database), then exit");
  bool no_offline_notifications = false;
  app.add_flag("--no-offline-notifications", no_offline_notifications,
               "Do not notify users of direct messages that arrive while they are offline")
      ->envname("HERALD_NO_OFFLINE_NOTIFICATIONS");

  for (const auto& limit : protocol::kLimitFields)
    add(dashed(limit.name), out.service.limits.*limit.member, "Limit: " + std::string(limit.meaning))
        ->check(CLI::PositiveNumber)
        ->group("Limits");

  try {
    app.parse(argc, argv);
    if (out.service.limits.default_page_size > out.service.limits.max_page_size)
      throw CLI::ValidationError("--default-page-size", "must not exceed --max-page-size");
    out.database =
        db_url.empty() ? storage::sqlite_in_data_dir(data_dir) : storage::parse_database_url(db_url);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "--db: %s\n", e.what());
    return 2;
  }
  out.transport.web_root = web_root;
  out.transport.max_frame_bytes = out.service.limits.max_frame_bytes;
  out.service.session_ttl_ms = static_cast<protocol::Timestamp>(session_ttl_hours * 3'600'000.0);
  out.service.password_cost =
      password_cost == "minimal" ? core::PasswordCost::minimal() : core::PasswordCost::interactive();
  out.service.notify_offline_recipients = !no_offline_notifications;
  return std::nullopt;
}

}  // namespace herald::app
