// `herald-server admin ...`: maintenance commands for the people who run the
// service. They open the database with the server's own --db / --data-dir
// flags and SociStorage (no running server needed; SQLite in WAL mode and
// MariaDB both allow a running server meanwhile) and print one result.
//
// A notification sent here is committed to the users' inboxes and event
// logs; connected clients see it on their next reconnect (a running server
// is not told), every client on its next sign-in.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "herald/core/passwords.hpp"
#include "herald/protocol/limits.hpp"
#include "herald/storage/database_url.hpp"

namespace herald::app {

struct AdminCommand {
  enum class Kind { create_user, set_admin, notify, stats };
  Kind kind = Kind::stats;
  std::string username;          // create-user, set-admin
  bool password_stdin = false;   // create-user: read the password from stdin
  bool off = false;              // set-admin --off
  std::string title;             // notify
  std::string body;              // notify
  std::vector<std::int64_t> to;  // notify: user ids
  bool everyone = false;         // notify
};

/// Runs `command`; returns the process exit code (0 done, 1 refused or the
/// database failed, with the reason on `err`).
int run_admin(const AdminCommand& command, const storage::DatabaseUrl& database, core::PasswordCost cost,
              const protocol::Limits& limits, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace herald::app
