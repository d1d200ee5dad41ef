#include "herald/storage/database_url.hpp"

#include <charconv>
#include <stdexcept>

#include "herald/protocol/percent_encoding.hpp"

namespace herald::storage {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kMysqlPrefixes[] = {"mysql://", "mariadb://"};

[[noreturn]] void fail(const std::string& why) {
  throw std::invalid_argument("database URL: " + why +
                              " (expected sqlite:/path/file.db, sqlite::memory: or "
                              "mysql://user:pass@host[:port]/db[?socket=/path])");
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// `what` names the part for the error message; the value itself is never
// echoed (it may be the password).
std::string percent_decode(std::string_view s, const char* what) {
  auto decoded = protocol::percent_decode(s);
  if (!decoded) fail(std::string("bad percent-encoding in the ") + what);
  return std::move(*decoded);
}

int parse_int(std::string_view s, int min, int max, const char* what) {
  int value = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (s.empty() || ec != std::errc() || ptr != end || value < min || value > max)
    fail(std::string(what) + " must be a number from " + std::to_string(min) + " to " + std::to_string(max));
  return value;
}

DatabaseUrl parse_sqlite(std::string_view rest) {
  DatabaseUrl url;
  url.backend = Backend::sqlite;
  if (starts_with(rest, "//")) rest.remove_prefix(2);  // sqlite:///abs/path.db
  if (rest.empty()) fail("sqlite: needs a file path or :memory:");
  // SOCI's SQLite backend reads the connect string as the file name only
  // when it holds no '='.
  if (rest.find('=') != std::string_view::npos) fail("sqlite file paths must not contain '='");
  url.path = std::string(rest);
  return url;
}

void apply_mysql_option(DatabaseUrl& url, std::string_view key, const std::string& value) {
  if (key == "socket")
    url.socket = value;
  else if (key == "connect_timeout")
    url.connect_timeout_s = parse_int(value, 1, 3600, "connect_timeout");
  else if (key == "read_timeout")
    url.read_timeout_s = parse_int(value, 1, 86400, "read_timeout");
  else if (key == "write_timeout")
    url.write_timeout_s = parse_int(value, 1, 86400, "write_timeout");
  else
    fail("unknown option '" + std::string(key) +
         "' (known: socket, connect_timeout, read_timeout, write_timeout)");
}

DatabaseUrl parse_mysql(std::string_view rest) {
  DatabaseUrl url;
  url.backend = Backend::mysql;
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) fail("mysql: needs a database name (/db)");
  std::string_view authority = rest.substr(0, slash);
  url.database = percent_decode(rest.substr(slash + 1), "database name");
  if (url.database.find('/') != std::string::npos) fail("the database name must not contain '/'");

  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    url.user = percent_decode(userinfo.substr(0, colon), "user name");
    if (colon != std::string_view::npos)
      url.password = percent_decode(userinfo.substr(colon + 1), "password");
  }
  if (url.user.empty()) fail("mysql: needs a user (mysql://user:pass@host/db)");

  std::string_view host = authority;
  std::string_view port;
  if (starts_with(authority, "[")) {  // [::1]:3306
    const auto close = authority.find(']');
    if (close == std::string_view::npos) fail("unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') fail("unexpected text after ']' in the host");
      port = after.substr(1);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) fail("mysql: needs a host");
  url.host = std::string(host);
  if (!port.empty()) url.port = parse_int(port, 1, 65535, "port");

  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) fail("option '" + std::string(pair) + "' needs a value");
    apply_mysql_option(url, pair.substr(0, eq), percent_decode(pair.substr(eq + 1), "option value"));
  }
  return url;
}

// SOCI's MySQL connect string: name='value' pairs; backslash escapes.
std::string quoted(const std::string& value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

DatabaseUrl parse_database_url(std::string_view text) {
  if (starts_with(text, kSqlitePrefix)) return parse_sqlite(text.substr(kSqlitePrefix.size()));
  for (const auto prefix : kMysqlPrefixes)
    if (starts_with(text, prefix)) return parse_mysql(text.substr(prefix.size()));
  fail("unknown scheme");
}

DatabaseUrl sqlite_in_data_dir(const std::string& data_dir) {
  DatabaseUrl url;
  url.backend = Backend::sqlite;
  url.path = (data_dir.empty() ? std::string(".") : data_dir) + "/herald.db";
  return url;
}

std::string DatabaseUrl::redacted() const {
  if (backend == Backend::sqlite) return "sqlite:" + path;
  std::string out = "mysql://" + user + (password.empty() ? "" : ":***") + "@";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ":" + std::to_string(port) + "/" + database;
  char sep = '?';
  if (!socket.empty()) {
    out += sep + std::string("socket=") + socket;
    sep = '&';
  }
  out += sep + std::string("connect_timeout=") + std::to_string(connect_timeout_s);
  return out;
}

std::string DatabaseUrl::soci_connect_string() const {
  if (backend == Backend::sqlite) return path;
  std::string out;
  // Without a host the client library uses the socket.
  if (socket.empty()) out += "host=" + quoted(host) + " port=" + std::to_string(port) + " ";
  if (!socket.empty()) out += "unix_socket=" + quoted(socket) + " ";
  out += "user=" + quoted(user) + " ";
  if (!password.empty()) out += "password=" + quoted(password) + " ";
  out += "db=" + quoted(database) + " charset='utf8mb4'";
  out += " connect_timeout=" + std::to_string(connect_timeout_s);
  out += " read_timeout=" + std::to_string(read_timeout_s);
  out += " write_timeout=" + std::to_string(write_timeout_s);
  return out;
}

}  // namespace herald::storage
