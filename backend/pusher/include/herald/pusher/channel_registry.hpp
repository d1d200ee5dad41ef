// Which connection is subscribed to which channel, for one app: channel
// name -> subscriber connections (and, for presence- channels, the
// members), plus the reverse index used when a connection closes.
//
// Every change reports the transitions the caller acts on: a channel
// becoming occupied or vacated (channel_occupied / channel_vacated webhooks),
// a presence member arriving or leaving (member_added / member_removed
// frames and webhooks). A channel exists here only while it has
// subscribers. Single-threaded, no I/O; names are validated by the caller
// (parse_channel_name) before they get here.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "herald/pusher/channel_name.hpp"
#include "herald/pusher/ids.hpp"
#include "herald/pusher/presence_channel.hpp"

namespace herald::pusher {

class ChannelRegistry {
 public:
  explicit ChannelRegistry(std::size_t max_presence_members = PresenceChannel::kDefaultMaxMembers)
      : max_presence_members_(max_presence_members) {}

  struct Joined {
    bool subscribed = false;  // false: already subscribed, or presence_full
    bool presence_full = false;
    bool occupied = false;      // the first subscriber: fire channel_occupied
    bool member_added = false;  // presence: the user's first connection here
  };
  struct Left {
    bool unsubscribed = false;  // false: the connection was not subscribed
    bool vacated = false;       // the last subscriber left: fire channel_vacated
    std::optional<std::string> member_removed;  // presence: the user's last connection left
  };

  /// Subscribes `connection`. `member` is required for presence- channels
  /// (parsed channel_data; without it nothing changes) and ignored for the
  /// others.
  Joined subscribe(const ChannelName& channel, ConnectionId connection, const PresenceMember* member = nullptr);
  Left unsubscribe(std::string_view channel, ConnectionId connection);
  /// Unsubscribes a closing connection from everything, in name order.
  std::vector<std::pair<std::string, Left>> remove_connection(ConnectionId connection);

  /// The subscribers of `channel`; nullptr when nobody is subscribed.
  const std::unordered_set<ConnectionId>* subscribers(std::string_view channel) const;
  /// The members of a presence channel; nullptr for others and when vacant.
  const PresenceChannel* presence(std::string_view channel) const;
  bool is_subscribed(std::string_view channel, ConnectionId connection) const;
  const std::set<std::string, std::less<>>* channels_of(ConnectionId connection) const;

  bool occupied(std::string_view channel) const { return subscribers(channel) != nullptr; }
  /// Connections subscribed (HTTP API subscription_count); 0 when vacant.
  std::size_t subscription_count(std::string_view channel) const;
  /// Distinct users (HTTP API user_count); nullopt unless an occupied
  /// presence channel (a vacant one has 0 users).
  std::optional<std::size_t> user_count(std::string_view channel) const;
  /// Occupied channels whose names start with `prefix` (HTTP API
  /// filter_by_prefix), in name order.
  std::vector<std::string> channels_with_prefix(std::string_view prefix = {}) const;
  std::size_t channel_count() const noexcept { return channels_.size(); }

 private:
  struct Channel {
    std::unordered_set<ConnectionId> subscribers;
    std::optional<PresenceChannel> presence;
  };
  using Channels = std::map<std::string, Channel, std::less<>>;

  Left leave(Channels::iterator channel, ConnectionId connection);
  const Channel* find(std::string_view channel) const;

  std::size_t max_presence_members_;
  Channels channels_;
  std::unordered_map<ConnectionId, std::set<std::string, std::less<>>> by_connection_;
};

}  // namespace herald::pusher
