#include "herald/pusher/presence_channel.hpp"

#include <algorithm>

namespace herald::pusher {

PresenceChannel::Join PresenceChannel::add(ConnectionId connection, const PresenceMember& member) {
  if (user_by_connection_.count(connection) != 0) return Join::already_subscribed;
  auto it = members_.find(member.user_id);
  const bool is_new = it == members_.end();
  if (is_new) {
    if (members_.size() >= max_members_) return Join::full;
    it = members_.emplace(member.user_id, Member{member.user_info, {}, next_join_++}).first;
  }
  it->second.connections.push_back(connection);
  user_by_connection_.emplace(connection, member.user_id);
  return is_new ? Join::new_member : Join::new_connection;
}

std::optional<std::string> PresenceChannel::remove(ConnectionId connection) {
  const auto by_connection = user_by_connection_.find(connection);
  if (by_connection == user_by_connection_.end()) return std::nullopt;
  std::string user_id = std::move(by_connection->second);
  user_by_connection_.erase(by_connection);
  const auto member = members_.find(user_id);
  auto& connections = member->second.connections;
  connections.erase(std::find(connections.begin(), connections.end(), connection));
  if (!connections.empty()) return std::nullopt;
  members_.erase(member);
  return user_id;
}

PresenceSnapshot PresenceChannel::snapshot() const {
  std::vector<std::pair<std::uint64_t, const std::string*>> order;
  order.reserve(members_.size());
  for (const auto& [user_id, member] : members_) order.emplace_back(member.joined, &user_id);
  std::sort(order.begin(), order.end());
  PresenceSnapshot out;
  out.ids.reserve(order.size());
  for (const auto& [joined, user_id] : order) {
    out.ids.push_back(*user_id);
    out.hash[*user_id] = members_.at(*user_id).info;
  }
  out.count = order.size();
  return out;
}

const std::string* PresenceChannel::user_of(ConnectionId connection) const {
  const auto it = user_by_connection_.find(connection);
  return it == user_by_connection_.end() ? nullptr : &it->second;
}

const nlohmann::ordered_json* PresenceChannel::user_info(const std::string& user_id) const {
  const auto it = members_.find(user_id);
  return it == members_.end() ? nullptr : &it->second.info;
}

}  // namespace herald::pusher
