// Bookkeeping for one presence channel: who is on it (members by user id,
// with the user_info of their first subscription) and through which
// connections. Multi-tab aware: a user is a member from their first
// subscribed connection until their last one leaves, so member_added and
// member_removed go out once per user, not once per connection.
//
// Single-threaded, no I/O: the caller sends the frames the results ask for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "herald/pusher/ids.hpp"
#include "herald/pusher/member_data.hpp"

namespace herald::pusher {

class PresenceChannel {
 public:
  /// Pusher allows 100 members (distinct users) on a presence channel.
  static constexpr std::size_t kDefaultMaxMembers = 100;

  explicit PresenceChannel(std::size_t max_members = kDefaultMaxMembers) : max_members_(max_members) {}

  enum class Join : std::uint8_t {
    new_member,          // first connection of this user: broadcast member_added to the others
    new_connection,      // the user was already a member: nothing to broadcast
    already_subscribed,  // this connection is already on the channel: nothing changed
    full,                // max_members users are on and this is another one: refuse it
  };

  /// Records `connection` for `member`. A user's user_info is the one of
  /// their first connection until they leave altogether.
  Join add(ConnectionId connection, const PresenceMember& member);
  /// Forgets `connection`. The user id when it was the user's last
  /// connection (broadcast member_removed); nullopt otherwise, including for
  /// a connection that was not on the channel.
  std::optional<std::string> remove(ConnectionId connection);

  /// Members in the order they joined, for subscription_succeeded.
  PresenceSnapshot snapshot() const;
  /// The user a connection is subscribed as (the user_id of client events).
  const std::string* user_of(ConnectionId connection) const;
  const nlohmann::ordered_json* user_info(const std::string& user_id) const;

  std::size_t user_count() const noexcept { return members_.size(); }
  std::size_t connection_count() const noexcept { return user_by_connection_.size(); }
  bool empty() const noexcept { return members_.empty(); }

 private:
  struct Member {
    nlohmann::ordered_json info;
    std::vector<ConnectionId> connections;
    std::uint64_t joined = 0;  // order of arrival, for snapshot()
  };

  std::size_t max_members_;
  std::uint64_t next_join_ = 0;
  std::unordered_map<std::string, Member> members_;
  std::unordered_map<ConnectionId, std::string> user_by_connection_;
};

}  // namespace herald::pusher
