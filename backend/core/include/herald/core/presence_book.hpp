// Who is online, away or offline, who may see whom, and who is typing to
// whom. Ephemeral by design: nothing here is ever written to the database,
// and a restart forgets last-seen times.
//
// A user is online from the moment their first connection is ready until
// their last connection is gone (multi-tab aware: the Hub counts the
// connections, this book keeps the user-level state). Presence is only ever
// told to a user's contacts: the users they share a conversation with.
// Single-threaded: used on the event loop.
#pragma once

#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::core {

using protocol::PresenceStatus;
using protocol::Timestamp;
using protocol::UserId;

class PresenceBook {
 public:
  /// Minimum time between two forwarded "typing: true" from one user to one
  /// conversation; faster ones are dropped (clients resend every few seconds).
  static constexpr Timestamp kTypingInterval = 1000;

  /// The user's first connection is ready; `contacts` come from storage.
  /// Returns false if the user was already online (another tab).
  bool came_online(UserId user, const std::vector<UserId>& contacts);
  /// The user's last connection is gone. Returns the conversations the user
  /// was still typing in (to tell them it stopped); records the last-seen time.
  std::vector<protocol::Target> went_offline(UserId user, Timestamp now);
  /// online <-> away while connected. True when the status changed.
  bool set_status(UserId user, PresenceStatus status);
  /// `a` and `b` now share a conversation. True if that is new for either
  /// online side.
  bool connect(UserId a, UserId b);
  /// `a` and `b` no longer share any conversation: each leaves the other's
  /// contacts (whichever of them is online).
  void disconnect(UserId a, UserId b);

  bool online(UserId user) const { return users_.count(user) != 0; }
  PresenceStatus status(UserId user) const;
  std::optional<Timestamp> last_seen(UserId user) const;
  /// The user's online contacts (empty when the user is offline).
  std::vector<UserId> online_contacts(UserId user) const;
  bool are_contacts(UserId a, UserId b) const;
  std::size_t online_count() const { return users_.size(); }

  /// Whether typing `active` from `user` in `target` goes out now; records it.
  bool typing(UserId user, const protocol::Target& target, bool active, Timestamp now);

 private:
  struct State {
    PresenceStatus status = PresenceStatus::online;
    std::unordered_set<UserId> contacts;
    /// (kind, id) of a conversation -> when "true" was last forwarded there.
    std::map<std::pair<int, std::int64_t>, Timestamp> typing_in;
  };
  std::unordered_map<UserId, State> users_;
  std::unordered_map<UserId, Timestamp> last_seen_;
};

}  // namespace herald::core
