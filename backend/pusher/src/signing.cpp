#include "herald/pusher/signing.hpp"

#include "ascii.hpp"
#include "herald/pusher/crypto.hpp"

namespace herald::pusher {
namespace {

constexpr std::size_t kSignatureHexDigits = 64;

std::string join_key(AppKeys app, std::string_view string_to_sign) {
  std::string auth(app.key);
  auth += ':';
  auth += hmac_sha256_hex(app.secret, string_to_sign);
  return auth;
}

/// Splits "<key>:<signature>", checks the key, then the signature over
/// `string_to_sign` in constant time. `what` names the auth in messages.
Status verify_auth(AppKeys app, std::string_view auth, std::string_view string_to_sign, std::string_view what) {
  if (auth.empty()) return Error{Errc::auth_missing, std::string(what) + " needs an auth value and none was sent"};
  const auto colon = auth.find(':');
  if (colon == std::string_view::npos)
    return Error{Errc::auth_malformed, std::string(what) + " auth must be '<app key>:<signature>'; it has no ':'"};
  const std::string_view key = auth.substr(0, colon);
  const std::string_view signature = auth.substr(colon + 1);
  if (key != app.key)
    return Error{Errc::auth_wrong_key,
                 "invalid key '" + std::string(key.substr(0, 64)) + "' in " + std::string(what) + " auth"};
  for (const char c : signature)
    if (detail::hex_value(c) < 0)
      return Error{Errc::auth_malformed, std::string(what) + " signature must be 64 hex digits"};
  if (signature.size() != kSignatureHexDigits)
    return Error{Errc::auth_malformed, std::string(what) + " signature must be 64 hex digits; it has " +
                                           std::to_string(signature.size())};
  if (!constant_time_equal(detail::lower_ascii(signature), hmac_sha256_hex(app.secret, string_to_sign)))
    return Error{Errc::auth_bad_signature, "invalid " + std::string(what) +
                                               " signature: expected the HMAC-SHA256 hex digest of '" +
                                               std::string(string_to_sign) + "' with the app secret"};
  return Ok{};
}

}  // namespace

std::string channel_string_to_sign(std::string_view socket_id, std::string_view channel,
                                   std::optional<std::string_view> channel_data) {
  std::string out;
  out.reserve(socket_id.size() + channel.size() + (channel_data ? channel_data->size() + 2 : 1));
  out += socket_id;
  out += ':';
  out += channel;
  if (channel_data) {
    out += ':';
    out += *channel_data;
  }
  return out;
}

std::string user_string_to_sign(std::string_view socket_id, std::string_view user_data) {
  std::string out(socket_id);
  out += "::user::";
  out += user_data;
  return out;
}

std::string sign_channel(AppKeys app, std::string_view socket_id, std::string_view channel,
                         std::optional<std::string_view> channel_data) {
  return join_key(app, channel_string_to_sign(socket_id, channel, channel_data));
}

std::string sign_user(AppKeys app, std::string_view socket_id, std::string_view user_data) {
  return join_key(app, user_string_to_sign(socket_id, user_data));
}

Status verify_channel_auth(AppKeys app, std::string_view socket_id, std::string_view channel,
                           std::string_view auth, std::optional<std::string_view> channel_data) {
  return verify_auth(app, auth, channel_string_to_sign(socket_id, channel, channel_data), "subscription");
}

Status verify_user_auth(AppKeys app, std::string_view socket_id, std::string_view auth,
                        std::string_view user_data) {
  return verify_auth(app, auth, user_string_to_sign(socket_id, user_data), "sign-in");
}

Status authorize_subscription(AppKeys app, std::string_view socket_id, const ChannelName& channel,
                              std::string_view auth, std::optional<std::string_view> channel_data,
                              std::optional<std::string_view> signed_in_user) {
  switch (channel.kind) {
    case ChannelKind::public_channel:
      return Ok{};
    case ChannelKind::server_to_user:
      if (signed_in_user && *signed_in_user == channel.user_id) return Ok{};
      return Error{Errc::user_channel_forbidden, "subscribe to '" + channel.name +
                                                     "' only after pusher:signin as user '" + channel.user_id + "'"};
    case ChannelKind::presence:
      if (!channel_data)
        return Error{Errc::channel_data_missing,
                     "'" + channel.name + "' is a presence channel: the subscription needs channel_data"};
      break;
    case ChannelKind::private_channel:
    case ChannelKind::private_encrypted:
      break;
  }
  return verify_channel_auth(app, socket_id, channel.name, auth, channel_data);
}

}  // namespace herald::pusher
