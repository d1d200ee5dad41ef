#include "server_options.hpp"

#include <algorithm>
#include <cctype>

#include <CLI/CLI.hpp>

#include "pusher_apps.hpp"

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

/// `admin create-user | set-admin | notify | stats`. Each takes the server's
/// flags too (--db, --data-dir, --config, ...), before or after it.
const CLI::App* add_admin_commands(CLI::App& app, AdminCommand& command) {
  using Kind = AdminCommand::Kind;
  auto* admin =
      app.add_subcommand("admin", "Maintenance commands on the database (no running server needed)");
  admin->require_subcommand(1)->fallthrough();
  auto leaf = [&](const std::string& name, const std::string& help, Kind kind) {
    auto* sub = admin->add_subcommand(name, help)->fallthrough();
    sub->callback([&command, kind] { command.kind = kind; });
    return sub;
  };

  auto* create = leaf("create-user", "Create an account; the password is read from stdin", Kind::create_user);
  create->add_option("name", command.username, "Username")->required();
  create
      ->add_flag("--password-stdin", command.password_stdin,
                 "Read the password from the first line of stdin (the only way: argv is public)")
      ->required();

  auto* set_admin = leaf("set-admin", "Give a user the admin role (or take it with --off)", Kind::set_admin);
  set_admin->add_option("name", command.username, "Username")->required();
  set_admin->add_flag("--off", command.off, "Take the admin role away");

  auto* notify = leaf("notify", "Send a notification to users (--to ID...) or --everyone", Kind::notify);
  notify->add_option("--title", command.title, "Title")->required();
  notify->add_option("--body", command.body, "Body text")->required();
  auto* to = notify->add_option("--to", command.to, "Recipient user id (repeat for more)");
  auto* everyone = notify->add_flag("--everyone", command.everyone, "Every user");
  to->excludes(everyone);
  notify->callback([&command, to, everyone] {
    command.kind = Kind::notify;
    if (to->count() == 0 && everyone->count() == 0)
      throw CLI::RequiredError("notify needs --to ID... or --everyone");
  });

  leaf("stats", "Print the number of users, messages and notifications", Kind::stats);
  return admin;
}

}  // namespace

std::optional<int> parse_server_options(int argc, char** argv, ServerOptions& out) {
  CLI::App app{
      "Herald: self-hosted real-time chat and notifications over WebSocket.\n"
      "Every flag can also be set with the environment variable HERALD_<FLAG>\n"
      "(e.g. HERALD_PORT) or as a key in the --config file.",
      "herald-server"};
  app.set_version_flag("--version", std::string(out.service.server_name));
  auto* config_file = app.set_config("--config", "", "Read options from this TOML or INI file");

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
  add("api-key", out.service.api_key, "Bearer key for POST /api/v1/notifications (empty: API disabled)");
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
  add("log-file", out.log_file, "Append the log to this file instead of stderr");
  std::string tls_cert;
  std::string tls_key;
  add("tls-cert", tls_cert, "PEM certificate chain: serve wss:// and https:// (needs --tls-key)")
      ->check(CLI::ExistingFile);
  add("tls-key", tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  app.add_option("--allowed-origin", out.transport.allowed_origins,
                 "Browser origin (scheme://host[:port]) allowed to open a WebSocket; repeat for more "
                 "(default: any). Others get HTTP 403")
      ->envname("HERALD_ALLOWED_ORIGINS")
      ->delimiter(',');
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

  add("presence-max-room-members", out.service.presence_max_room_members,
      "Share presence with fellow members of rooms up to this size only")
      ->check(CLI::NonNegativeNumber)
      ->group("Limits");
  add("max-send-queue-bytes", out.transport.max_send_queue_bytes,
      "Close a connection (1008) whose unsent data would exceed this many bytes (a slow reader)")
      ->check(CLI::PositiveNumber)
      ->group("Limits");
  add("max-connections", out.transport.max_connections,
      "Open WebSocket connections in total; more get HTTP 503")
      ->check(CLI::PositiveNumber)
      ->group("Limits");
  add("max-connections-per-address", out.transport.max_connections_per_address,
      "Open WebSocket connections from one remote address; more get HTTP 429")
      ->check(CLI::PositiveNumber)
      ->group("Limits");
  add("ping-interval-seconds", out.transport.ping_interval_seconds, "Ping every WebSocket this often")
      ->check(CLI::PositiveNumber)
      ->group("Limits");
  add("idle-timeout-seconds", out.transport.idle_timeout_seconds,
      "Close a WebSocket (1001) that sent nothing, not even a pong, for this long")
      ->check(CLI::PositiveNumber)
      ->group("Limits");

  std::vector<std::string> rate_limits;
  app.add_option("--rate-limit", rate_limits,
                 "NAME=BURST/PER_SECOND, repeatable: <type>.connection or <type>.user for any client "
                 "message type (e.g. message.send.user=60/20), frames.connection, sign_in.account, "
                 "sign_in.address, register.address. Defaults: docs/operations.md")
      ->envname("HERALD_RATE_LIMITS")
      ->delimiter(',')
      ->group("Limits");

  std::vector<std::string> pusher_app_specs;
  app.add_option("--pusher-app", pusher_app_specs,
                 "Host a Pusher Channels app, ID:KEY:SECRET (secret: 16+ characters); repeatable. Its "
                 "clients connect to /app/KEY, its server SDK calls /apps/ID. More apps, with settings: "
                 "[pusher_app.ID] sections of --config (docs/pusher.md)")
      ->envname("HERALD_PUSHER_APP")
      ->group("Pusher");
  bool pusher_herald_users = false;
  app.add_flag("--pusher-herald-users", pusher_herald_users,
               "The first --pusher-app serves Herald's own users: /pusher/auth signs their "
               "private-herald-user-{id} channels and their notifications are published there. Only for an "
               "app whose own auth endpoint does not sign private- channels for anyone (docs/pusher.md)")
      ->envname("HERALD_PUSHER_HERALD_USERS")
      ->group("Pusher");

  AdminCommand admin;
  const auto* admin_app = add_admin_commands(app, admin);

  try {
    app.parse(argc, argv);
    if ((tls_cert.empty()) != (tls_key.empty()))
      throw CLI::ValidationError("--tls-cert/--tls-key", "give both or neither");
    if (out.service.limits.default_page_size > out.service.limits.max_page_size)
      throw CLI::ValidationError("--default-page-size", "must not exceed --max-page-size");
    // A page, and a step of a replay, must fit well under the send queue
    // bound, or a fast reader would still be closed as a slow one.
    auto& page_bytes = out.service.limits.max_page_bytes;
    page_bytes = std::min(page_bytes, std::max<std::size_t>(1, out.transport.max_send_queue_bytes / 4));
    for (const auto& assignment : rate_limits)
      if (auto error = core::set_rate_limit(out.service, assignment); !error.empty())
        throw CLI::ValidationError("--rate-limit", error);
    if (out.transport.idle_timeout_seconds <= out.transport.ping_interval_seconds)
      throw CLI::ValidationError("--idle-timeout-seconds", "must exceed --ping-interval-seconds");
    try {
      const std::string config_path = config_file->as<std::string>();
      out.pusher_apps = pusher_app_directory(
          pusher_app_specs, config_path.empty() ? std::vector<pusher::App>{} : pusher_apps_from_config(config_path),
          pusher_herald_users);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--pusher-app", e.what());
    }
    out.database =
        db_url.empty() ? storage::sqlite_in_data_dir(data_dir) : storage::parse_database_url(db_url);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "--db: %s\n", e.what());
    return 2;
  }
  out.transport.web_root = web_root;
  out.transport.tls_cert = tls_cert;
  out.transport.tls_key = tls_key;
  if (admin_app->parsed()) out.admin = admin;
  out.transport.max_frame_bytes = out.service.limits.max_frame_bytes;
  out.service.session_ttl_ms = static_cast<protocol::Timestamp>(session_ttl_hours * 3'600'000.0);
  out.service.password_cost =
      password_cost == "minimal" ? core::PasswordCost::minimal() : core::PasswordCost::interactive();
  out.service.notify_offline_recipients = !no_offline_notifications;
  return std::nullopt;
}

}  // namespace herald::app
