// soci::soci_error -> core::StorageError, at the boundary of every Storage
// method. Messages never contain bound values.
#pragma once

#include <string>

#include "herald/core/storage.hpp"
#include "herald/storage/database_url.hpp"

namespace soci {
class soci_error;
}

namespace herald::storage::detail {

struct ErrorInfo {
  std::string description;  // safe to log: no bound values
  bool retryable = false;   // the same request may succeed later
  bool connection_lost = false;
  /// The database could not store for lack of space (a full disk or
  /// tablespace). Retryable: space may be freed; /readyz reports it.
  bool out_of_space = false;
};

ErrorInfo classify_error(Backend backend, const soci::soci_error& error);

/// "<operation>: <description>".
core::StorageError storage_error(const char* operation, const ErrorInfo& info);

}  // namespace herald::storage::detail
