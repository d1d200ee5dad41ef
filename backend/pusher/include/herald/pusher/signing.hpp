// The auth values of channel subscriptions and user sign-in, made and checked
// exactly as Pusher's server libraries make them (docs: "Generating the
// authentication string"; pusher-http-node lib/auth.js):
//
//   auth           = "<app key>:<hex HMAC-SHA256(secret, string to sign)>"
//   private-*      string to sign = "<socket_id>:<channel>"
//   presence-*     string to sign = "<socket_id>:<channel>:<channel_data>"
//   sign-in        string to sign = "<socket_id>::user::<user_data>"
//
// channel_data and user_data are signed as the exact JSON text the app
// server produced: never re-serialize them before checking. When a private
// channel's auth comes with channel_data, the data is signed too (as
// pusher-http-node does when given data).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "herald/pusher/channel_name.hpp"
#include "herald/pusher/error.hpp"

namespace herald::pusher {

/// A view of an app's key and secret (see App::keys()); it must not outlive them.
struct AppKeys {
  std::string_view key;
  std::string_view secret;
};

std::string channel_string_to_sign(std::string_view socket_id, std::string_view channel,
                                   std::optional<std::string_view> channel_data = std::nullopt);
std::string user_string_to_sign(std::string_view socket_id, std::string_view user_data);

/// "<key>:<signature>" for a subscription (what an app server's auth endpoint returns).
std::string sign_channel(AppKeys app, std::string_view socket_id, std::string_view channel,
                         std::optional<std::string_view> channel_data = std::nullopt);
/// "<key>:<signature>" for pusher:signin.
std::string sign_user(AppKeys app, std::string_view socket_id, std::string_view user_data);

/// Checks a pusher:subscribe auth value. `socket_id` is the server's own id
/// for the connection, never one the client claims. Errors: auth_missing
/// (empty), auth_malformed (no ':' or not 64 hex digits), auth_wrong_key,
/// auth_bad_signature (the message quotes the string that should have been
/// signed; it holds no secret). Whether the channel needs auth at all, and
/// whether presence channel_data is present, is the caller's check
/// (authorize_subscription() does both).
Status verify_channel_auth(AppKeys app, std::string_view socket_id, std::string_view channel,
                           std::string_view auth, std::optional<std::string_view> channel_data);

/// The whole subscription check: public
/// channels need nothing (auth and channel_data are ignored); a
/// #server-to-user- channel needs the connection to be signed in as that
/// user (`signed_in_user`; else user_channel_forbidden); presence- needs
/// channel_data (channel_data_missing); private-, private-encrypted- and
/// presence- need a valid
/// auth (verify_channel_auth). The caller still parses channel_data
/// (parse_channel_data) before adding the member.
Status authorize_subscription(AppKeys app, std::string_view socket_id, const ChannelName& channel,
                              std::string_view auth, std::optional<std::string_view> channel_data,
                              std::optional<std::string_view> signed_in_user);

/// Checks a pusher:signin auth value over `user_data` (same errors).
Status verify_user_auth(AppKeys app, std::string_view socket_id, std::string_view auth,
                        std::string_view user_data);

}  // namespace herald::pusher
