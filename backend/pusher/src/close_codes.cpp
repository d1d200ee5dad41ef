#include "herald/pusher/close_codes.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace herald::pusher {
namespace {

constexpr std::array kCodes{
    CloseCodeInfo{CloseCode::ssl_only, "Application only accepts SSL connections, reconnect using wss://"},
    CloseCodeInfo{CloseCode::app_not_found, "Application does not exist"},
    CloseCodeInfo{CloseCode::app_disabled, "Application disabled"},
    CloseCodeInfo{CloseCode::over_connection_quota, "Application is over connection quota"},
    CloseCodeInfo{CloseCode::path_not_found, "Path not found"},
    CloseCodeInfo{CloseCode::invalid_version_format, "Invalid version string format"},
    CloseCodeInfo{CloseCode::unsupported_protocol, "Unsupported protocol version"},
    CloseCodeInfo{CloseCode::no_protocol_version, "No protocol version supplied"},
    CloseCodeInfo{CloseCode::unauthorized, "Connection is unauthorized"},
    CloseCodeInfo{CloseCode::over_capacity, "Over capacity"},
    CloseCodeInfo{CloseCode::reconnect_immediately, "Generic reconnect immediately"},
    CloseCodeInfo{CloseCode::pong_not_received, "Pong reply not received"},
    CloseCodeInfo{CloseCode::closed_after_inactivity, "Closed after inactivity"},
    CloseCodeInfo{CloseCode::client_event_rate_limited, "Client event rejected due to rate limit"},
};

constexpr bool sorted_by_code() {
  for (std::size_t i = 1; i < kCodes.size(); ++i)
    if (kCodes[i - 1].code >= kCodes[i].code) return false;
  return true;
}
static_assert(sorted_by_code(), "close codes: keep the table in numeric order");

}  // namespace

const CloseCodeInfo* close_codes_begin() noexcept { return kCodes.data(); }
const CloseCodeInfo* close_codes_end() noexcept { return kCodes.data() + kCodes.size(); }

const CloseCodeInfo& info(CloseCode code) noexcept {
  const auto it = std::lower_bound(kCodes.begin(), kCodes.end(), code,
                                   [](const CloseCodeInfo& row, CloseCode c) { return row.code < c; });
  assert(it != kCodes.end() && it->code == code && "close codes: a CloseCode has no row in kCodes");
  return *it;
}

Reconnect reconnect_policy(std::uint16_t code) noexcept {
  if (code >= 4000 && code <= 4099) return Reconnect::never;
  if (code >= 4100 && code <= 4199) return Reconnect::after_backoff;
  if (code >= 4200 && code <= 4299) return Reconnect::immediately;
  return Reconnect::unspecified;
}

}  // namespace herald::pusher
