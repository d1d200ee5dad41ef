// Rate limits for every client message kind, per connection and per user.
//
// Each kind (protocol type) has two token buckets: one per connection and
// one per signed-in user, shared by all of that user's connections so that
// opening more tabs does not buy more sends. A frame must fit both (and the
// any-frame bucket, ServiceConfig::frames_per_connection) to be handled.
//
// Limits are named "<type>.connection" or "<type>.user" (e.g.
// "message.send.user") and set from text "BURST/PER_SECOND" (e.g. "60/20"),
// which is how herald-server's --rate-limit flag fills them.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "herald/core/rate_limiter.hpp"
#include "herald/protocol/client_messages.hpp"

namespace herald::core {

inline constexpr std::size_t kClientKinds = std::variant_size_v<protocol::ClientMessage>;

struct KindRates {
  RateLimit per_connection;
  RateLimit per_user;  // unused for kinds sent before sign-in (hello, register, sign_in)
};

class RatePolicy {
 public:
  /// Defaults sized for people typing and clicking: generous bursts for a
  /// client catching up after reconnect, steady rates a script can't exceed.
  RatePolicy();

  const KindRates& of(std::size_t kind_index) const { return rates_.at(kind_index); }
  KindRates& of(std::size_t kind_index) { return rates_.at(kind_index); }
  const KindRates& of(std::string_view type) const;

  /// Sets one limit from "NAME=BURST/PER_SECOND". Returns an error message,
  /// or an empty string when it was applied.
  std::string set(std::string_view assignment);

  /// Every settable name with its current value ("message.send.user=60/20").
  std::vector<std::string> describe() const;

 private:
  std::array<KindRates, kClientKinds> rates_;
};

/// The per-user buckets of every kind, shared by a user's connections.
/// Memory stays bounded: past `max_users` tracked users, users whose
/// buckets have all refilled are forgotten (they carry no information).
class UserRates {
 public:
  explicit UserRates(const RatePolicy& policy, std::size_t max_users = 100000)
      : policy_(policy), max_users_(max_users) {}

  /// Takes one token of `kind` for `user` if there is one.
  bool take(protocol::UserId user, std::size_t kind, protocol::Timestamp now_ms);
  std::size_t tracked_users() const { return buckets_.size(); }

 private:
  void prune(protocol::Timestamp now_ms);

  const RatePolicy& policy_;
  std::size_t max_users_;
  std::unordered_map<protocol::UserId, std::array<TokenBucket, kClientKinds>> buckets_;
};

/// Parses "BURST/PER_SECOND" (both positive numbers); false if malformed.
bool parse_rate_limit(std::string_view text, RateLimit& out);

}  // namespace herald::core
