// Internal: the two HTTP route families of PusherService.
#pragma once

#include <functional>
#include <string>

#include "state.hpp"

namespace herald::pusher_service {

/// A plain-text answer (every refusal of both route families).
inline HttpReply text_reply(int status, std::string message) {
  return HttpReply{status, "text/plain; charset=utf-8", std::move(message) + "\n"};
}

/// /apps/{id}/...: Pusher's HTTP API (http_api.cpp). Answers at once.
HttpReply handle_api(PusherService::State& s, const HttpRequest& request);

/// /pusher/auth and /pusher/user-auth: Herald as the auth endpoint for its
/// own users (herald_bridge.cpp). Answers after a session lookup.
void handle_herald_auth(PusherService::State& s, const HttpRequest& request, std::function<void(HttpReply)> reply);

}  // namespace herald::pusher_service
