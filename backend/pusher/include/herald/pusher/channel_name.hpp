// Pusher channel names: validation and the kind a name's prefix selects.
//
// Rule (Pusher Channels): 1 to 164 characters, each one of
// [A-Za-z0-9_\-=@,.;]. The prefix selects the kind:
//   private-encrypted-  end-to-end encrypted; auth like private, no client
//                       events. The server relays ciphertext it cannot read:
//                       the app's auth endpoint hands the key to the client.
//   private-            needs a signed auth; client events allowed
//   presence-           needs a signed auth with channel_data; member list
//   anything else       public
// "#server-to-user-{user_id}" is internal: the HTTP API's sendToUser targets
// it, and pusher-js subscribes to it after pusher:signin (with an empty
// auth). It is outside the character rule ('#'); the user id is 1 to 164
// bytes without control characters. Only a connection signed in as that user
// may subscribe to it: the transport enforces that, this file only parses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "herald/pusher/error.hpp"

namespace herald::pusher {

inline constexpr std::size_t kMaxChannelNameLength = 164;
inline constexpr std::string_view kServerToUserPrefix = "#server-to-user-";

enum class ChannelKind : std::uint8_t {
  public_channel,
  private_channel,
  private_encrypted,
  presence,
  server_to_user,
};

struct ChannelName {
  std::string name;
  ChannelKind kind = ChannelKind::public_channel;
  std::string user_id;  // only for server_to_user
};

/// Validates `name` and finds its kind. Errors: channel_name_empty,
/// channel_name_too_long, channel_name_invalid_char, user_channel_invalid.
Result<ChannelName> parse_channel_name(std::string_view name);

/// The kind the prefix of `name` selects, without validating the rest (a
/// bare prefix such as a filter_by_prefix "presence-" counts). Names
/// starting with '#' are public here: parse_channel_name tells
/// #server-to-user- channels apart.
ChannelKind kind_of(std::string_view name) noexcept;

/// private-, private-encrypted-, presence-: a subscription needs a signed auth.
bool needs_auth(ChannelKind kind) noexcept;
/// private- and presence- only (Pusher's rule for client-* events).
bool allows_client_events(ChannelKind kind) noexcept;
std::string_view to_string(ChannelKind kind) noexcept;

/// "#server-to-user-{user_id}": where the HTTP API's sendToUser publishes.
std::string server_to_user_channel(std::string_view user_id);

}  // namespace herald::pusher
