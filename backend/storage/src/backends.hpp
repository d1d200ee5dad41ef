// The two SOCI backends Herald links, behind functions so that only one file
// per backend includes its SOCI header (soci-mysql.h needs <mysql.h>).
#pragma once

#include <optional>
#include <string>

namespace soci {
class backend_factory;
class soci_error;
class session;
}  // namespace soci

namespace herald::storage::detail {

const soci::backend_factory& sqlite_factory();
const soci::backend_factory& mysql_factory();

/// The SQLite result code (primary code, without the extended bits) of an
/// error raised by SOCI's SQLite backend.
std::optional<int> sqlite_result_code(const soci::soci_error& error);
/// Whether a transaction is open on a SQLite session. SQLite rolls a
/// transaction back by itself after some errors (a full disk, I/O errors).
bool sqlite_in_transaction(soci::session& sql);
/// MySQL's errno of an error raised by SOCI's MySQL backend (server errors
/// 1xxx, client errors 2xxx).
std::optional<unsigned> mysql_error_number(const soci::soci_error& error);

}  // namespace herald::storage::detail
