// The credentials of Pusher's documented examples ("Generating the
// authentication string", "HTTP API reference"), so the tests can use
// their published signatures as vectors.
#pragma once

#include "herald/pusher/signing.hpp"

namespace herald::pusher::test {

inline constexpr AppKeys kDocKeys{"278d425bdf160c739803", "7ad3773142a6692b25b8"};
inline constexpr std::string_view kDocSocketId = "1234.1234";

}  // namespace herald::pusher::test
