// Socket ids: the name a Pusher client and the app server use for one
// connection ("<digits>.<digits>", e.g. "123456.42"). Every channel and
// sign-in signature covers it, so a signature is good for one connection.
//
// Herald derives a socket id from the transport's connection handle:
// "<prefix>.<connection id>", where the prefix is random per server run. No
// table is needed to map one to the other, and signatures made for a
// connection of an earlier run do not fit a new connection with the same
// handle. Guessing a socket id gains nothing: a signature for it is needed too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "herald/pusher/error.hpp"
#include "herald/pusher/ids.hpp"

namespace herald::pusher {

/// Pusher's rule, \d+\.\d+ (as pusher-http-node checks it), with at most 20
/// digits on each side so a socket id stays a short, bounded string.
bool is_valid_socket_id(std::string_view socket_id) noexcept;
/// invalid_socket_id with the value quoted when the rule is broken.
Status check_socket_id(std::string_view socket_id);

class SocketIdFactory {
 public:
  /// `random_seed` comes from a random source (std::random_device,
  /// RAND_bytes): this library has no randomness of its own. Its value modulo
  /// 10^9 (but at least 1) becomes the prefix.
  explicit SocketIdFactory(std::uint64_t random_seed) noexcept;

  std::string make(ConnectionId connection) const;
  /// The connection a socket id names, if it was made by this factory
  /// (same prefix); nullopt for ids of other runs and malformed ids.
  std::optional<ConnectionId> connection_of(std::string_view socket_id) const noexcept;
  std::uint64_t prefix() const noexcept { return prefix_; }

 private:
  std::uint64_t prefix_;
};

}  // namespace herald::pusher
