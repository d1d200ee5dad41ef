#include "errors.hpp"

#include <soci/soci-backend.h>

#include "backends.hpp"

namespace herald::storage::detail {
namespace {

struct MysqlCode {
  unsigned code;
  const char* description;
  bool retryable;
  bool connection_lost;
  bool out_of_space = false;
};

// MySQL's own messages quote the offending values ("Duplicate entry 'x' for
// key ..."), and SOCI's MySQL backend substitutes bound values into the
// query text, so errors are described by code instead.
constexpr MysqlCode kMysqlCodes[] = {
    {1040, "too many connections", true, true},
    {1045, "access denied (check the user and password in the database URL)", false, true},
    {1048, "a required column got NULL", false, false},
    {1021, "the disk is full", true, false, true},
    {1049, "unknown database (create it, or fix the database URL)", false, true},
    {1053, "the server is shutting down", true, true},
    {1054, "unknown column (is the schema up to date?)", false, false},
    {1062, "duplicate key (a unique value already exists)", false, false},
    {1064, "SQL syntax error", false, false},
    {1114, "a table is full (is the disk or the tablespace full?)", true, false, true},
    {1146, "table does not exist (is the schema up to date?)", false, false},
    {1205, "lock wait timeout", true, false},
    {1213, "deadlock, transaction rolled back", true, false},
    {1264, "value out of range for its column", false, false},
    {1292, "incorrect value for its column", false, false},
    {1366, "incorrect string value (is the table utf8mb4?)", false, false},
    {1406, "value too long for its column", false, false},
    {1451, "foreign key constraint: the row is still referenced", false, false},
    {1452, "foreign key constraint: the referenced row does not exist", false, false},
    {1927, "connection killed by the server", true, true},
    {2002, "cannot connect to the server (socket or TCP)", true, true},
    {2003, "cannot connect to the server", true, true},
    {2005, "unknown server host", true, true},
    {2006, "the server has gone away", true, true},
    {2013, "lost connection to the server during a query", true, true},
    {2014, "commands out of sync", false, true},
    {2055, "lost connection to the server", true, true},
    {4031, "disconnected by the server for inactivity", true, true},
};

ErrorInfo classify_mysql(unsigned code) {
  for (const auto& known : kMysqlCodes)
    if (known.code == code)
      return {std::string(known.description) + " (MySQL error " + std::to_string(code) + ")", known.retryable,
              known.connection_lost, known.out_of_space};
  // Other client-side errors (2xxx) leave the connection in an unknown state.
  const bool client_error = code >= 2000 && code < 3000;
  return {"database error (MySQL error " + std::to_string(code) + ")", false, client_error};
}

constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;

const char* sqlite_description(int code) {
  switch (code) {
    case kSqliteBusy:
      return "the database is busy";
    case kSqliteLocked:
      return "a table is locked";
    case kSqliteIoErr:
      return "disk I/O error";
    case kSqliteCorrupt:
      return "the database file is corrupt";
    case kSqliteFull:
      return "the disk is full";
    case kSqliteCantOpen:
      return "cannot open the database file";
    case kSqliteConstraint:
      return "constraint violation (a unique value already exists, or a key is missing)";
    default:
      return "database error";
  }
}

}  // namespace

ErrorInfo classify_error(Backend backend, const soci::soci_error& error) {
  if (backend == Backend::mysql) {
    if (const auto code = mysql_error_number(error)) return classify_mysql(*code);
  } else if (const auto code = sqlite_result_code(error)) {
    // SQLite's messages name tables and columns, never values, but the
    // description by code is enough and keeps both backends alike.
    // A full disk is retryable: nothing was stored, and space may be freed.
    return {std::string(sqlite_description(*code)) + " (SQLite error " + std::to_string(*code) + ")",
            *code == kSqliteBusy || *code == kSqliteLocked || *code == kSqliteFull, false,
            *code == kSqliteFull};
  }
  // SOCI's own errors (no database code). get_error_message() leaves out the
  // context SOCI appends (the query and its bound values).
  const bool lost = error.get_error_category() == soci::soci_error::connection_error;
  return {"SOCI: " + error.get_error_message(), lost, lost};
}

core::StorageError storage_error(const char* operation, const ErrorInfo& info) {
  return core::StorageError(std::string(operation) + ": " + info.description, info.retryable);
}

}  // namespace herald::storage::detail
