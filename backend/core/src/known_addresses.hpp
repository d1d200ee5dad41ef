// Which addresses have signed in to which account with the right password.
//
// A correct password from a known address is admitted even while the
// account's sign-in bucket is empty, so guesses from elsewhere cannot lock
// the owner out. Kept in memory and bounded: `per_account` most recent
// addresses per account, `max_accounts` accounts (past that an arbitrary
// account is forgotten; it then falls back to the account limit, which is
// safe). Lost on restart, which is safe for the same reason.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

namespace herald::core {

class KnownAddresses {
 public:
  explicit KnownAddresses(std::size_t per_account = 8, std::size_t max_accounts = 100000)
      : per_account_(per_account), max_accounts_(max_accounts) {}

  /// True when `address` signed in to `account` successfully before.
  bool contains(const std::string& account, const std::string& address) const;
  /// Records a successful sign-in of `account` from `address`.
  void remember(const std::string& account, const std::string& address);
  std::size_t tracked_accounts() const { return addresses_.size(); }

 private:
  std::size_t per_account_;
  std::size_t max_accounts_;
  std::unordered_map<std::string, std::deque<std::string>> addresses_;  // most recent last
};

}  // namespace herald::core
