#include "herald/core/presence_book.hpp"

namespace herald::core {

bool PresenceBook::came_online(UserId user, const std::vector<UserId>& contacts) {
  auto [it, inserted] = users_.try_emplace(user);
  for (UserId c : contacts)
    if (c != user) it->second.contacts.insert(c);
  if (!inserted) return false;
  last_seen_.erase(user);
  // Contacts already online learn about this user as a contact too (the
  // storage list is symmetric, but theirs was loaded before this one existed
  // when the conversation started meanwhile).
  for (UserId c : it->second.contacts)
    if (auto other = users_.find(c); other != users_.end()) other->second.contacts.insert(user);
  return true;
}

std::vector<protocol::Target> PresenceBook::went_offline(UserId user, Timestamp now) {
  std::vector<protocol::Target> typing_targets;
  auto it = users_.find(user);
  if (it == users_.end()) return typing_targets;
  for (const auto& entry : it->second.typing_in)
    typing_targets.push_back({static_cast<protocol::TargetKind>(entry.first.first), entry.first.second});
  users_.erase(it);
  last_seen_[user] = now;
  return typing_targets;
}

bool PresenceBook::set_status(UserId user, PresenceStatus status) {
  auto it = users_.find(user);
  if (it == users_.end() || status == PresenceStatus::offline || it->second.status == status) return false;
  it->second.status = status;
  return true;
}

bool PresenceBook::connect(UserId a, UserId b) {
  if (a == b) return false;
  bool added = false;
  if (auto it = users_.find(a); it != users_.end()) added |= it->second.contacts.insert(b).second;
  if (auto it = users_.find(b); it != users_.end()) added |= it->second.contacts.insert(a).second;
  return added;
}

void PresenceBook::disconnect(UserId a, UserId b) {
  if (auto it = users_.find(a); it != users_.end()) it->second.contacts.erase(b);
  if (auto it = users_.find(b); it != users_.end()) it->second.contacts.erase(a);
}

PresenceStatus PresenceBook::status(UserId user) const {
  auto it = users_.find(user);
  return it == users_.end() ? PresenceStatus::offline : it->second.status;
}

std::optional<Timestamp> PresenceBook::last_seen(UserId user) const {
  auto it = last_seen_.find(user);
  if (it == last_seen_.end()) return std::nullopt;
  return it->second;
}

std::vector<UserId> PresenceBook::online_contacts(UserId user) const {
  std::vector<UserId> out;
  auto it = users_.find(user);
  if (it == users_.end()) return out;
  for (UserId c : it->second.contacts)
    if (users_.count(c) != 0) out.push_back(c);
  return out;
}

bool PresenceBook::are_contacts(UserId a, UserId b) const {
  auto it = users_.find(a);
  return it != users_.end() && it->second.contacts.count(b) != 0;
}

bool PresenceBook::typing(UserId user, const protocol::Target& target, bool active, Timestamp now) {
  auto it = users_.find(user);
  if (it == users_.end()) return false;
  auto& typing_in = it->second.typing_in;
  const std::pair<int, std::int64_t> key{static_cast<int>(target.kind), target.id};
  if (!active) return typing_in.erase(key) != 0;
  auto [entry, inserted] = typing_in.try_emplace(key, now);
  if (!inserted && now - entry->second < kTypingInterval) return false;
  entry->second = now;
  return true;
}

}  // namespace herald::core
