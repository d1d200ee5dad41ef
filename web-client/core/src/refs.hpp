// Internal: the "ref" values the client puts on requests, so that replies
// and errors can be matched to what was asked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace herald::client::refs {

inline constexpr std::string_view kMessage = "m:";  // + client_id, on message.send
inline constexpr std::string_view kAuth = "auth";   // register and sign_in
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kNewest = "newest";  // the first history page
inline constexpr std::string_view kOlder = "older";    // older history pages
inline constexpr std::string_view kSignOut = "sign_out";
inline constexpr std::string_view kRooms = "rooms";              // rooms.fetch: the user's rooms
inline constexpr std::string_view kDiscover = "rooms:discover";  // rooms.fetch with discover
inline constexpr std::string_view kCreateRoom = "rc:";           // + client_id
inline constexpr std::string_view kJoinRoom = "rj:";             // + room id
inline constexpr std::string_view kLeaveRoom = "rl:";            // + room id
inline constexpr std::string_view kInvite = "ri:";               // + room id + ":" + user id
inline constexpr std::string_view kRoomMembers = "rm:";          // + room id

/// True when `ref` is set and begins with `prefix`.
inline bool starts_with(const std::optional<std::string>& ref, std::string_view prefix) {
  return ref && ref->compare(0, prefix.size(), prefix) == 0;
}

}  // namespace herald::client::refs
