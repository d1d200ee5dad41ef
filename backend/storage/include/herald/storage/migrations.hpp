// Schema migrations, embedded at build time from sql/<dialect>/NNN_name.sql
// (backend/storage/embed_sql.cmake generates the table), so the server never
// looks for SQL files at run time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "herald/storage/database_url.hpp"

namespace herald::storage {

struct Migration {
  int version = 0;        // NNN of the file name
  std::string_view name;  // the file name
  std::string_view sql;   // the file's text
};

/// The dialect's migrations in version order.
const std::vector<Migration>& embedded_migrations(Backend backend);

/// Splits a migration into statements at semicolons outside quotes and
/// comments; drops comments and empty statements.
std::vector<std::string> split_sql_statements(std::string_view sql);

}  // namespace herald::storage
