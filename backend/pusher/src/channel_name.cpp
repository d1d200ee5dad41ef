#include "herald/pusher/channel_name.hpp"

#include <cstdio>

#include "ascii.hpp"

namespace herald::pusher {
namespace {

using detail::starts_with;

bool allowed_char(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("_-=@,.;").find(c) != std::string_view::npos;
}

/// A printable rendering of one byte for error messages.
std::string describe_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x21 && byte < 0x7f) return std::string("'") + c + "'";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", byte);
  return std::string("byte ") + hex;
}

Result<ChannelName> parse_server_to_user(std::string_view name) {
  const std::string_view user_id = name.substr(kServerToUserPrefix.size());
  if (user_id.empty() || user_id.size() > kMaxChannelNameLength)
    return Error{Errc::user_channel_invalid,
                 "a #server-to-user- channel needs a user id of 1 to 164 bytes; got " +
                     std::to_string(user_id.size())};
  for (const char c : user_id) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f)
      return Error{Errc::user_channel_invalid, "the user id in a #server-to-user- channel has a control character (" +
                                                   describe_char(c) + ")"};
  }
  return ChannelName{std::string(name), ChannelKind::server_to_user, std::string(user_id)};
}

}  // namespace

ChannelKind kind_of(std::string_view name) noexcept {
  if (starts_with(name, "private-encrypted-")) return ChannelKind::private_encrypted;
  if (starts_with(name, "private-")) return ChannelKind::private_channel;
  if (starts_with(name, "presence-")) return ChannelKind::presence;
  return ChannelKind::public_channel;
}

Result<ChannelName> parse_channel_name(std::string_view name) {
  if (name.empty()) return Error{Errc::channel_name_empty, "the channel name is empty"};
  if (starts_with(name, kServerToUserPrefix)) return parse_server_to_user(name);
  if (name.size() > kMaxChannelNameLength)
    return Error{Errc::channel_name_too_long, "the channel name has " + std::to_string(name.size()) +
                                                  " characters; the limit is " +
                                                  std::to_string(kMaxChannelNameLength)};
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!allowed_char(name[i]))
      return Error{Errc::channel_name_invalid_char, "the channel name has " + describe_char(name[i]) +
                                                        " at position " + std::to_string(i) +
                                                        "; allowed are A-Z a-z 0-9 and _ - = @ , . ;"};
  return ChannelName{std::string(name), kind_of(name), {}};
}

bool needs_auth(ChannelKind kind) noexcept {
  return kind == ChannelKind::private_channel || kind == ChannelKind::private_encrypted ||
         kind == ChannelKind::presence;
}

bool allows_client_events(ChannelKind kind) noexcept {
  return kind == ChannelKind::private_channel || kind == ChannelKind::presence;
}

std::string_view to_string(ChannelKind kind) noexcept {
  switch (kind) {
    case ChannelKind::public_channel:
      return "public";
    case ChannelKind::private_channel:
      return "private";
    case ChannelKind::private_encrypted:
      return "private-encrypted";
    case ChannelKind::presence:
      return "presence";
    case ChannelKind::server_to_user:
      return "server-to-user";
  }
  return "unknown";
}

std::string server_to_user_channel(std::string_view user_id) {
  std::string name(kServerToUserPrefix);
  name += user_id;
  return name;
}

}  // namespace herald::pusher
