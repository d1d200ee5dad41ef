// What the service tells operations about (metrics and logs), without
// knowing how they are kept. herald-server implements it; the default does
// nothing. Every call runs on the event loop thread and must not call back
// into the Service.
#pragma once

#include <string_view>

#include "herald/core/effects.hpp"
#include "herald/protocol/error.hpp"

namespace herald::core {

class ServiceObserver {
 public:
  virtual ~ServiceObserver() = default;
  /// A frame from the connection that decoded to a message of `type` (its
  /// wire name, e.g. "message.send"); "invalid" when it did not decode.
  virtual void frame_in(ConnectionId, std::string_view /*type*/) {}
  /// An error reply to the connection (a failed request or a refused frame).
  virtual void request_failed(ConnectionId, const protocol::Error& /*error*/) {}
  /// A session was opened (register or sign_in, `via_token` false) or
  /// resumed (hello, `via_token` true) for `user`.
  virtual void signed_in(ConnectionId, const protocol::UserInfo& /*user*/, bool /*via_token*/) {}
  /// A wrong password used up the sign-in attempts of `account` (a lowercase
  /// username, which may not exist); `address` sent the last one. Unknown
  /// addresses are refused for it until its limit refills.
  virtual void sign_in_account_limited(std::string_view /*account*/, std::string_view /*address*/) {}
  /// An HTTP API request from `address` came without the right API key.
  virtual void api_key_refused(std::string_view /*address*/) {}
};

}  // namespace herald::core
