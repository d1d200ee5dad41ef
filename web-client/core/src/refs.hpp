// Internal: the "ref" values the client puts on requests, so that replies
// and errors can be matched to what was asked.
#pragma once

#include <string_view>

namespace herald::client::refs {

inline constexpr std::string_view kMessage = "m:";  // + client_id, on message.send
inline constexpr std::string_view kAuth = "auth";   // register and sign_in
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kNewest = "newest";  // the first history page
inline constexpr std::string_view kOlder = "older";    // older history pages
inline constexpr std::string_view kSignOut = "sign_out";

}  // namespace herald::client::refs
