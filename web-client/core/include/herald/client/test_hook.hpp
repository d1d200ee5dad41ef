// A JSON window into the client for end-to-end tests (exported from the WASM
// build as herald_state_json / herald_intent). Not used by the views.
#pragma once

#include <string>
#include <string_view>

#include "herald/client/client.hpp"

namespace herald::client {

/// A snapshot: phase, me, cursor, conversations with their timelines, the open
/// one, inbox,
/// toasts, rooms (mine, invitations, discoverable, member lists asked for),
/// error.
std::string state_json(const ClientState& state);

/// Runs one intent given as JSON, for example
///   {"intent":"register","username":"alice","password":"..."}
///   {"intent":"sign_in", ...}   {"intent":"sign_out"}
///   {"intent":"open","peer":2}  {"intent":"send","peer":2,"text":"hi"}
///   {"intent":"search","prefix":"bo"}  {"intent":"mark_all_read"}
///   {"intent":"mark_read_notification","id":7}  {"intent":"older","peer":2}
///   {"intent":"create_room","name":"ops","visibility":"private"}
///   {"intent":"fetch_rooms"}  {"intent":"join_room","room":7}
///   {"intent":"leave_room","room":7}  {"intent":"invite","room":7,"user":58}
///   {"intent":"room_members","room":7}
/// Returns "" on success or why the intent was not understood.
std::string apply_intent_json(Client& client, std::string_view json, Timestamp now);

}  // namespace herald::client
