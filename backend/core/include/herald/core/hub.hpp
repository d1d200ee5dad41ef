// Who is connected: connections, the user each is signed in as, and the
// reverse index from users to their connections. Delivery of frames to
// users goes through here so a connection that is still replaying missed
// events buffers live ones instead of receiving them out of order.
//
// Single-threaded: used only on the event loop.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "herald/core/effects.hpp"
#include "herald/core/rate_limiter.hpp"
#include "herald/core/rate_policy.hpp"

namespace herald::core {

struct Connection {
  ConnectionId id = 0;
  std::string address;  // remote IP, for per-address limits and logs
  std::optional<protocol::UserInfo> user;
  std::string token_hash;  // of the session the connection signed in with
  bool hello_pending = false;
  /// True from a successful token check until "ready" is sent; live frames
  /// for the user wait in `held` meanwhile.
  bool replaying = false;
  std::vector<std::pair<protocol::Cursor, Frame>> held;
  TokenBucket frames;                            // every frame the client sends
  std::array<TokenBucket, kClientKinds> kinds;  // per message kind (RatePolicy)
  int rate_violations = 0;                      // frames refused by any bucket
};

class Hub {
 public:
  explicit Hub(Outbound& out) : out_(out) {}

  Connection& open(ConnectionId id, std::string address);
  void close(ConnectionId id);
  Connection* find(ConnectionId id);

  /// Signs the connection in as `user`; it starts in the replaying state.
  void attach(ConnectionId id, const protocol::UserInfo& user, std::string token_hash);
  /// Signs the connection out (it stays open).
  void detach(ConnectionId id);
  /// Ends replay: sends held frames newer than `sent_up_to`, in order.
  void finish_replay(ConnectionId id, protocol::Cursor sent_up_to);

  const std::vector<ConnectionId>& connections_of(protocol::UserId user) const;
  bool online(protocol::UserId user) const { return !connections_of(user).empty(); }
  std::size_t connection_count() const { return connections_.size(); }
  std::size_t online_user_count() const { return by_user_.size(); }
  std::vector<protocol::UserId> online_users() const;

  /// Sends to every connection of `user`; `cursor` 0 means "not part of the
  /// event log" (never held back).
  void deliver(protocol::UserId user, protocol::Cursor cursor, const Frame& frame, ConnectionId except = 0);
  void send(ConnectionId id, const Frame& frame) { out_.send(id, frame); }
  void close_connection(ConnectionId id, std::uint16_t code, const std::string& reason) {
    out_.close(id, code, reason);
  }

 private:
  void unindex(const Connection& c);

  Outbound& out_;
  std::unordered_map<ConnectionId, Connection> connections_;
  std::unordered_map<protocol::UserId, std::vector<ConnectionId>> by_user_;
};

}  // namespace herald::core
