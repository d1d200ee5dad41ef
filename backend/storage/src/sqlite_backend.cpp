#include <soci/session.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "backends.hpp"

namespace herald::storage::detail {

const soci::backend_factory& sqlite_factory() {
  return soci::sqlite3;
}

std::optional<int> sqlite_result_code(const soci::soci_error& error) {
  if (const auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) return e->result() & 0xff;
  return std::nullopt;
}

bool sqlite_in_transaction(soci::session& sql) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  return sqlite3_get_autocommit(backend->conn_) == 0;
}

}  // namespace herald::storage::detail
