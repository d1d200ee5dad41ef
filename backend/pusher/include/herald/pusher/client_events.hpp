// Pusher's rules for client-* events a connection sends: the app must
// enable client messages, the channel must be private- or presence-, and
// the sender must be subscribed to it. The sender never receives its own
// event; on a presence channel the forwarded event carries the sender's
// user_id. Rate limiting (App::max_client_events_per_second, 4301) is the
// transport's, with a token bucket per connection.
#pragma once

#include "herald/pusher/app_config.hpp"
#include "herald/pusher/channel_name.hpp"
#include "herald/pusher/error.hpp"

namespace herald::pusher {

/// Errors, checked in this order: client_events_disabled,
/// client_event_channel_kind, not_subscribed.
Status authorize_client_event(const App& app, const ChannelName& channel, bool subscribed);

}  // namespace herald::pusher
