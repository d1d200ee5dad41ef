#include "herald/client/test_hook.hpp"

#include <nlohmann/json.hpp>

namespace herald::client {
namespace {

using Json = nlohmann::json;

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::offline:
      return "offline";
    case Phase::connecting:
      return "connecting";
    case Phase::signed_out:
      return "signed_out";
    case Phase::authenticating:
      return "authenticating";
    case Phase::ready:
      return "ready";
  }
  return "?";
}

const char* delivery_name(Delivery d) {
  switch (d) {
    case Delivery::pending:
      return "pending";
    case Delivery::sent:
      return "sent";
    case Delivery::failed:
      return "failed";
  }
  return "?";
}

Json rooms_json(const std::vector<RoomInfo>& rooms) {
  Json out = Json::array();
  for (const auto& r : rooms)
    out.push_back({{"id", r.id},
                   {"name", r.name},
                   {"visibility", std::string(protocol::enum_name(r.visibility))},
                   {"owner", r.owner},
                   {"members", r.members}});
  return out;
}

Target target_of(const Json& j) {
  return j.contains("room") ? Target::room(j.value("room", std::int64_t{0}))
                            : Target::user(j.value("peer", std::int64_t{0}));
}

}  // namespace

std::string state_json(const ClientState& s) {
  Json out;
  out["phase"] = phase_name(s.phase);
  out["cursor"] = s.cursor;
  out["revision"] = s.revision;
  if (s.me) out["me"] = {{"id", s.me->id}, {"username", s.me->username}, {"admin", s.me->admin}};
  out["conversations"] = Json::array();
  for (const auto& c : s.conversations) {
    Json conv = {{c.target.is_room() ? "room" : "peer", c.target.id},
                 {"title", c.title},
                 {"unread", c.unread},
                 {"typing", c.peer_typing_until != 0},
                 {"timeline", Json::array()}};
    if (c.peer_last_read) conv["peer_last_read"] = *c.peer_last_read;
    if (c.peer_presence) conv["presence"] = std::string(protocol::enum_name(*c.peer_presence));
    for (const auto& e : c.timeline)
      conv["timeline"].push_back({{"id", e.record.id},
                                  {"sender", e.record.sender},
                                  {"text", e.record.text},
                                  {"delivery", delivery_name(e.delivery)}});
    out["conversations"].push_back(std::move(conv));
  }
  out["inbox"] = {{"unread", s.inbox.unread}, {"has_more", s.inbox.has_more}, {"items", Json::array()}};
  for (const auto& n : s.inbox.items)
    out["inbox"]["items"].push_back({{"id", n.id}, {"title", n.title}, {"body", n.body}, {"read", n.read}});
  out["toasts"] = Json::array();
  for (const auto& t : s.toasts) out["toasts"].push_back({{"title", t.title}, {"body", t.body}});
  if (s.open_conversation)
    out["open"] = {{s.open_conversation->is_room() ? "room" : "peer", s.open_conversation->id}};
  out["rooms"] = rooms_json(s.rooms.mine);
  out["invitations"] = rooms_json(s.rooms.invitations);
  out["discoverable"] = rooms_json(s.rooms.discoverable);
  out["creating"] = s.rooms.creating.size();
  out["room_members"] = Json::object();
  for (const auto& [room, list] : s.rooms.members) {
    Json members = Json::array();
    for (const auto& u : list.members) members.push_back({{"id", u.id}, {"username", u.username}});
    out["room_members"][std::to_string(room)] = std::move(members);
  }
  if (s.error) out["error"] = {{"code", s.error->code}, {"message", s.error->message}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string apply_intent_json(Client& client, std::string_view text, Timestamp now) {
  const Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("intent")) return "expected {\"intent\": ...}";
  const std::string intent = j.value("intent", "");
  if (intent == "register") {
    client.register_account(j.value("username", ""), j.value("password", ""));
  } else if (intent == "sign_in") {
    client.sign_in(j.value("username", ""), j.value("password", ""));
  } else if (intent == "sign_out") {
    client.sign_out();
  } else if (intent == "open") {
    client.open_conversation(target_of(j), j.value("title", ""));
  } else if (intent == "send") {
    if (client.send_message(target_of(j), j.value("text", ""), now).empty()) return "the message was refused";
  } else if (intent == "older") {
    client.load_older(target_of(j));
  } else if (intent == "search") {
    client.search_users(j.value("prefix", ""));
  } else if (intent == "mark_all_read") {
    client.mark_all_notifications_read();
  } else if (intent == "mark_read_notification") {
    client.mark_notification_read(j.value("id", std::int64_t{0}));
  } else if (intent == "create_room") {
    const auto visibility = j.value("visibility", "public") == "private" ? protocol::Visibility::private_room
                                                                         : protocol::Visibility::public_room;
    if (client.create_room(j.value("name", ""), visibility).empty()) return "the room name was refused";
  } else if (intent == "fetch_rooms") {
    client.fetch_rooms();
  } else if (intent == "join_room") {
    client.join_room(j.value("room", std::int64_t{0}));
  } else if (intent == "leave_room") {
    client.leave_room(j.value("room", std::int64_t{0}));
  } else if (intent == "invite") {
    client.invite_to_room(j.value("room", std::int64_t{0}), j.value("user", std::int64_t{0}));
  } else if (intent == "room_members") {
    client.fetch_room_members(j.value("room", std::int64_t{0}));
  } else {
    return "unknown intent: " + intent;
  }
  return "";
}

}  // namespace herald::client
