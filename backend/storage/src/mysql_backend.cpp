#include <soci/mysql/soci-mysql.h>

#include "backends.hpp"

namespace herald::storage::detail {

const soci::backend_factory& mysql_factory() {
  return soci::mysql;
}

std::optional<unsigned> mysql_error_number(const soci::soci_error& error) {
  if (const auto* e = dynamic_cast<const soci::mysql_soci_error*>(&error)) return e->err_num_;
  return std::nullopt;
}

}  // namespace herald::storage::detail
