#include "herald/pusher/channel_registry.hpp"

#include <cassert>

namespace herald::pusher {

ChannelRegistry::Joined ChannelRegistry::subscribe(const ChannelName& channel, ConnectionId connection,
                                                   const PresenceMember* member) {
  const bool is_presence = channel.kind == ChannelKind::presence;
  assert((!is_presence || member) && "ChannelRegistry::subscribe: a presence channel needs the parsed channel_data");
  Joined joined;
  if (is_presence && !member) return joined;
  auto it = channels_.find(channel.name);
  if (it != channels_.end() && it->second.subscribers.count(connection) != 0) return joined;
  if (is_presence && it != channels_.end()) {
    // Check capacity before creating anything, so a refused join changes nothing.
    const auto join = it->second.presence->add(connection, *member);
    if (join == PresenceChannel::Join::full) {
      joined.presence_full = true;
      return joined;
    }
    joined.member_added = join == PresenceChannel::Join::new_member;
  }
  if (it == channels_.end()) {
    it = channels_.emplace(channel.name, Channel{}).first;
    joined.occupied = true;
    if (is_presence) {
      it->second.presence.emplace(max_presence_members_);
      joined.member_added = it->second.presence->add(connection, *member) == PresenceChannel::Join::new_member;
    }
  }
  it->second.subscribers.insert(connection);
  by_connection_[connection].insert(channel.name);
  joined.subscribed = true;
  return joined;
}

ChannelRegistry::Left ChannelRegistry::unsubscribe(std::string_view channel, ConnectionId connection) {
  const auto it = channels_.find(channel);
  if (it == channels_.end() || it->second.subscribers.count(connection) == 0) return {};
  const auto by = by_connection_.find(connection);
  by->second.erase(by->second.find(channel));
  if (by->second.empty()) by_connection_.erase(by);
  return leave(it, connection);
}

std::vector<std::pair<std::string, ChannelRegistry::Left>> ChannelRegistry::remove_connection(
    ConnectionId connection) {
  std::vector<std::pair<std::string, Left>> out;
  const auto by = by_connection_.find(connection);
  if (by == by_connection_.end()) return out;
  out.reserve(by->second.size());
  for (const std::string& name : by->second) out.emplace_back(name, leave(channels_.find(name), connection));
  by_connection_.erase(by);
  return out;
}

ChannelRegistry::Left ChannelRegistry::leave(Channels::iterator channel, ConnectionId connection) {
  Left left;
  left.unsubscribed = true;
  channel->second.subscribers.erase(connection);
  if (channel->second.presence) left.member_removed = channel->second.presence->remove(connection);
  if (channel->second.subscribers.empty()) {
    channels_.erase(channel);
    left.vacated = true;
  }
  return left;
}

const ChannelRegistry::Channel* ChannelRegistry::find(std::string_view channel) const {
  const auto it = channels_.find(channel);
  return it == channels_.end() ? nullptr : &it->second;
}

const std::unordered_set<ConnectionId>* ChannelRegistry::subscribers(std::string_view channel) const {
  const Channel* found = find(channel);
  return found ? &found->subscribers : nullptr;
}

const PresenceChannel* ChannelRegistry::presence(std::string_view channel) const {
  const Channel* found = find(channel);
  return found && found->presence ? &*found->presence : nullptr;
}

bool ChannelRegistry::is_subscribed(std::string_view channel, ConnectionId connection) const {
  const Channel* found = find(channel);
  return found && found->subscribers.count(connection) != 0;
}

const std::set<std::string, std::less<>>* ChannelRegistry::channels_of(ConnectionId connection) const {
  const auto it = by_connection_.find(connection);
  return it == by_connection_.end() ? nullptr : &it->second;
}

std::size_t ChannelRegistry::subscription_count(std::string_view channel) const {
  const Channel* found = find(channel);
  return found ? found->subscribers.size() : 0;
}

std::optional<std::size_t> ChannelRegistry::user_count(std::string_view channel) const {
  const PresenceChannel* members = presence(channel);
  if (!members) return std::nullopt;
  return members->user_count();
}

std::vector<std::string> ChannelRegistry::channels_with_prefix(std::string_view prefix) const {
  std::vector<std::string> out;
  for (auto it = channels_.lower_bound(prefix); it != channels_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(it->first);
  }
  return out;
}

}  // namespace herald::pusher
