#include "known_addresses.hpp"

#include <algorithm>

namespace herald::core {

bool KnownAddresses::contains(const std::string& account, const std::string& address) const {
  const auto it = addresses_.find(account);
  return it != addresses_.end() &&
         std::find(it->second.begin(), it->second.end(), address) != it->second.end();
}

void KnownAddresses::remember(const std::string& account, const std::string& address) {
  if (addresses_.size() >= max_accounts_ && addresses_.find(account) == addresses_.end())
    addresses_.erase(addresses_.begin());
  auto& list = addresses_[account];
  list.erase(std::remove(list.begin(), list.end(), address), list.end());
  list.push_back(address);
  while (list.size() > per_account_) list.pop_front();
}

}  // namespace herald::core
