// Database URLs: what the operator configures, parsed into what SOCI needs.
//
//   sqlite:/var/lib/herald/herald.db       a file (parent directories are created)
//   sqlite::memory:                        a private in-memory database (tests)
//   mysql://user:pass@host:3306/db         MariaDB/MySQL over TCP (port defaults to 3306)
//   mysql://user:pass@localhost/db?socket=/run/mysqld/mysqld.sock
//
// MySQL query options: socket, connect_timeout, read_timeout, write_timeout
// (seconds). User, password and database may be percent-encoded.
#pragma once

#include <string>
#include <string_view>

namespace herald::storage {

enum class Backend { sqlite, mysql };

struct DatabaseUrl {
  Backend backend = Backend::sqlite;

  // sqlite
  std::string path;  // a file path, or ":memory:"

  // mysql
  std::string user;
  std::string password;
  std::string host;
  int port = 3306;
  std::string database;
  std::string socket;         // when set, the client connects through it, not TCP
  int connect_timeout_s = 3;  // a down server fails jobs fast instead of hanging
  int read_timeout_s = 30;
  int write_timeout_s = 30;

  /// The URL with the password replaced by "***": safe for logs.
  std::string redacted() const;
  /// SOCI's connection string. Contains the password: never log it.
  std::string soci_connect_string() const;
};

/// Parses a database URL. Throws std::invalid_argument with a message that
/// names the problem and never contains the password.
DatabaseUrl parse_database_url(std::string_view url);

/// "sqlite:<data_dir>/herald.db": the default database under a data directory.
DatabaseUrl sqlite_in_data_dir(const std::string& data_dir);

}  // namespace herald::storage
