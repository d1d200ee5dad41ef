#include "herald/pusher/client_events.hpp"

namespace herald::pusher {

Status authorize_client_event(const App& app, const ChannelName& channel, bool subscribed) {
  if (!app.enable_client_messages)
    return Error{Errc::client_events_disabled,
                 "client events are not enabled for app '" + app.id + "' (enable_client_messages)"};
  if (!allows_client_events(channel.kind))
    return Error{Errc::client_event_channel_kind, "client events are only allowed on private- and presence- "
                                                  "channels; '" + channel.name + "' is " +
                                                      std::string(to_string(channel.kind))};
  if (!subscribed)
    return Error{Errc::not_subscribed, "subscribe to '" + channel.name + "' before sending client events on it"};
  return Ok{};
}

}  // namespace herald::pusher
