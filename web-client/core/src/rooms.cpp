// Client: rooms. What the views ask (create, join, leave, invite, member
// lists, the rooms lists) and what the server answers (rooms, room.members,
// room.member, and the acks and errors of those requests).
//
// A room.member with "joined": false about this user means two things: it
// left a room it was in, or it was invited to one it is not in. Telling them
// apart needs the membership as it was before the event, so each event is
// applied once (by cursor), never again on a replay.
#include <algorithm>

#include "herald/client/client.hpp"
#include "herald/protocol/fields.hpp"
#include "refs.hpp"

namespace herald::client {
namespace {

std::vector<RoomInfo>::iterator find_room(std::vector<RoomInfo>& rooms, RoomId id) {
  return std::find_if(rooms.begin(), rooms.end(), [&](const RoomInfo& r) { return r.id == id; });
}

void erase_room(std::vector<RoomInfo>& rooms, RoomId id) {
  auto it = find_room(rooms, id);
  if (it != rooms.end()) rooms.erase(it);
}

/// Replaces the entry with `info`'s id, or inserts it newest (highest id) first.
void upsert(std::vector<RoomInfo>& rooms, const RoomInfo& info) {
  auto it = find_room(rooms, info.id);
  if (it != rooms.end()) {
    *it = info;
    return;
  }
  rooms.insert(std::find_if(rooms.begin(), rooms.end(), [&](const RoomInfo& r) { return r.id < info.id; }),
               info);
}

/// Updates the entry with `info`'s id, when there is one.
void update(std::vector<RoomInfo>& rooms, const RoomInfo& info) {
  auto it = find_room(rooms, info.id);
  if (it != rooms.end()) *it = info;
}

/// The decimal number in `text` from `at` (0 when there is none); `at` moves
/// past it. By hand: std::stoll throws, and nothing here may throw.
std::int64_t number_at(const std::string& text, std::size_t& at) {
  std::int64_t n = 0;
  for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) n = n * 10 + (text[at] - '0');
  return n;
}

/// The room id in a ref made of `prefix` and the id.
RoomId room_in(const std::string& ref, std::string_view prefix) {
  std::size_t at = prefix.size();
  return number_at(ref, at);
}

std::string with_id(std::string_view prefix, std::int64_t id) {
  return std::string(prefix) + std::to_string(id);
}

void stop_joining(RoomDirectory& rooms, RoomId room) {
  rooms.joining.erase(std::remove(rooms.joining.begin(), rooms.joining.end(), room), rooms.joining.end());
}

/// The creation a room.create ref is about.
std::vector<PendingRoom>::iterator creation_of(RoomDirectory& rooms, const std::string& ref) {
  const std::string client_id = ref.substr(refs::kCreateRoom.size());
  return std::find_if(rooms.creating.begin(), rooms.creating.end(),
                      [&](const PendingRoom& p) { return p.client_id == client_id; });
}

}  // namespace

// --- intents -----------------------------------------------------------------

std::string Client::create_room(const std::string& name, protocol::Visibility visibility) {
  if (auto problem = protocol::check_text(name, protocol::Text::room_name, protocol::Limits{}, "name")) {
    state_.error = ErrorNotice{"invalid_room_name", "Room name: " + problem->detail};
    changed();
    return "";
  }
  PendingRoom pending;
  pending.client_id = new_client_id();
  pending.name = name;
  pending.visibility = visibility;
  state_.rooms.creating.push_back(pending);
  flush_room_creations();
  changed();
  return pending.client_id;
}

void Client::flush_room_creations() {
  if (state_.phase != Phase::ready) return;
  auto& creating = state_.rooms.creating;
  for (auto it = creating.begin(); it != creating.end();) {
    if (it->in_flight) {
      ++it;
      continue;
    }
    if (it->attempts >= options_.max_send_attempts) {
      state_.error = ErrorNotice{"unavailable", "The room \"" + it->name + "\" could not be created."};
      it = creating.erase(it);
      continue;
    }
    protocol::CreateRoom m;
    m.client_id = it->client_id;
    m.name = it->name;
    m.visibility = it->visibility;
    send(m, std::string(refs::kCreateRoom) + it->client_id);
    it->in_flight = true;
    ++it->attempts;
    ++it;
  }
}

void Client::fetch_rooms() {
  if (state_.phase != Phase::ready) return;
  send(protocol::FetchRooms{false}, std::string(refs::kRooms));
  send(protocol::FetchRooms{true}, std::string(refs::kDiscover));
  state_.rooms.discover_loading = true;
  membership_changed_ = false;
  changed();
}

void Client::join_room(RoomId room) {
  if (state_.phase != Phase::ready) return;
  auto& joining = state_.rooms.joining;
  if (std::find(joining.begin(), joining.end(), room) != joining.end()) return;
  send(protocol::JoinRoom{room}, with_id(refs::kJoinRoom, room));
  joining.push_back(room);
  changed();
}

void Client::leave_room(RoomId room) {
  if (state_.phase != Phase::ready) return;
  send(protocol::LeaveRoom{room}, with_id(refs::kLeaveRoom, room));
}

void Client::invite_to_room(RoomId room, UserId user) {
  if (state_.phase != Phase::ready) return;
  send(protocol::InviteToRoom{room, user}, with_id(refs::kInvite, room) + ":" + std::to_string(user));
}

void Client::fetch_room_members(RoomId room) {
  if (state_.phase != Phase::ready) return;
  send(protocol::FetchRoomMembers{room}, with_id(refs::kRoomMembers, room));
  state_.rooms.members[room].loading = true;
  changed();
}

void Client::dismiss_invitation(RoomId room) {
  erase_room(state_.rooms.invitations, room);
  changed();
}

const RoomInfo* Client::my_room(RoomId room) const {
  const auto& mine = state_.rooms.mine;
  auto it = std::find_if(mine.begin(), mine.end(), [&](const RoomInfo& r) { return r.id == room; });
  return it == mine.end() ? nullptr : &*it;
}

std::string Client::display_name(UserId user) const {
  auto it = state_.usernames.find(user);
  return it != state_.usernames.end() ? it->second : "user " + std::to_string(user);
}

// --- what the server says ----------------------------------------------------------

void Client::apply_room_member(const protocol::RoomMemberEvent& m) {
  see_cursor(m.cursor);
  if (m.cursor != 0 && m.cursor <= room_event_cursor_) return;  // applied already
  room_event_cursor_ = std::max(room_event_cursor_, m.cursor);
  membership_changed_ = true;
  auto& rooms = state_.rooms;
  const RoomInfo& info = m.room;
  const bool about_me = state_.me && m.user == state_.me->id;
  if (about_me && m.joined) {
    upsert(rooms.mine, info);
    erase_room(rooms.invitations, info.id);
    erase_room(rooms.discoverable, info.id);
    stop_joining(rooms, info.id);
    conversation(Target::room(info.id), info.name);
  } else if (about_me && (my_room(info.id) != nullptr || find(Target::room(info.id)) != nullptr)) {
    forget_room(info.id);
    if (info.visibility == protocol::Visibility::public_room) upsert(rooms.discoverable, info);
    return;
  } else if (about_me) {
    upsert(rooms.invitations, info);
    return;
  } else {
    update(rooms.mine, info);
    update(rooms.discoverable, info);
    update(rooms.invitations, info);
  }
  if (Conversation* c = find(Target::room(info.id))) c->title = info.name;
  refresh_member_list(info.id);
}

void Client::forget_room(RoomId room) {
  auto& rooms = state_.rooms;
  erase_room(rooms.mine, room);
  rooms.members.erase(room);
  rooms.invited.erase(room);
  const Target target = Target::room(room);
  if (state_.open_conversation && *state_.open_conversation == target) state_.open_conversation.reset();
  auto& list = state_.conversations;
  list.erase(
      std::remove_if(list.begin(), list.end(), [&](const Conversation& c) { return c.target == target; }),
      list.end());
}

void Client::refresh_member_list(RoomId room) {
  if (state_.rooms.members.count(room) != 0) fetch_room_members(room);
}

void Client::apply_rooms(const protocol::Rooms& m, const std::optional<std::string>& ref) {
  auto& rooms = state_.rooms;
  if (ref && *ref == refs::kDiscover) {
    // Member rooms come first in this reply, then public ones: what the user
    // could join is all of it but theirs.
    rooms.discover_loading = false;
    rooms.discoverable.clear();
    for (const auto& info : m.items)
      if (my_room(info.id) == nullptr) upsert(rooms.discoverable, info);
    return;
  }
  if (!membership_changed_) {
    // Nothing changed since the request: the reply is the whole list, and a
    // room missing from it was left while this page was not listening.
    std::vector<RoomId> gone;
    for (const auto& info : rooms.mine)
      if (std::none_of(m.items.begin(), m.items.end(), [&](const RoomInfo& r) { return r.id == info.id; }))
        gone.push_back(info.id);
    for (RoomId room : gone) forget_room(room);
  }
  for (const auto& info : m.items) {
    upsert(rooms.mine, info);
    erase_room(rooms.discoverable, info.id);
    erase_room(rooms.invitations, info.id);
    conversation(Target::room(info.id), info.name);
  }
  // Invitations made while this page was not listening (a reload sends no
  // cursor, so their room.member events are not replayed).
  for (const auto& info : m.invitations)
    if (my_room(info.id) == nullptr) upsert(rooms.invitations, info);
  rooms.loaded = true;
  sort_conversations();
}

void Client::apply_room_members(const protocol::RoomMembers& m) {
  auto& list = state_.rooms.members[m.room];
  list.members = m.members;
  list.loading = false;
  for (const auto& user : m.members) remember(user);
}

bool Client::apply_room_ack(const protocol::Ack& m, const std::optional<std::string>& ref) {
  auto& rooms = state_.rooms;
  if (refs::starts_with(ref, refs::kCreateRoom)) {
    auto pending = creation_of(rooms, *ref);
    if (pending == rooms.creating.end() || !m.id) return true;
    const PendingRoom created = *pending;
    rooms.creating.erase(pending);
    membership_changed_ = true;
    // The room.member that follows has the same room; until it comes (or
    // when it came first, on a retry) the room is known from the request.
    if (my_room(*m.id) == nullptr && state_.me)
      upsert(rooms.mine, RoomInfo{*m.id, created.name, created.visibility, state_.me->id, 1});
    open_conversation(Target::room(*m.id), created.name);
    return true;
  }
  if (refs::starts_with(ref, refs::kJoinRoom)) {
    const RoomId room = room_in(*ref, refs::kJoinRoom);
    stop_joining(rooms, room);
    membership_changed_ = true;
    std::string title;
    for (const auto* list : {&rooms.mine, &rooms.invitations, &rooms.discoverable})
      for (const auto& info : *list)
        if (info.id == room && title.empty()) title = info.name;
    open_conversation(Target::room(room), title);
    return true;
  }
  if (refs::starts_with(ref, refs::kInvite)) {
    std::size_t at = refs::kInvite.size();
    const RoomId room = number_at(*ref, at);
    const UserId user = number_at(*ref, ++at);
    auto& invited = rooms.invited[room];
    if (std::find(invited.begin(), invited.end(), user) == invited.end()) invited.push_back(user);
    return true;
  }
  return refs::starts_with(ref, refs::kLeaveRoom);
}

bool Client::apply_room_error(Timestamp now, const protocol::ErrorReply& error,
                              const std::optional<std::string>& ref) {
  auto& rooms = state_.rooms;
  if (refs::starts_with(ref, refs::kCreateRoom)) {
    auto pending = creation_of(rooms, *ref);
    if (pending == rooms.creating.end()) return false;
    pending->in_flight = false;
    if (error.retryable && pending->attempts < options_.max_send_attempts) {
      retry_at_ = now + options_.retry_delay_ms;
      return true;
    }
    rooms.creating.erase(pending);
  } else if (refs::starts_with(ref, refs::kJoinRoom)) {
    const RoomId room = room_in(*ref, refs::kJoinRoom);
    stop_joining(rooms, room);
    // A room that is gone is no longer one to offer.
    if (error.code == protocol::Errc::not_found) {
      erase_room(rooms.discoverable, room);
      erase_room(rooms.invitations, room);
    }
  } else if (refs::starts_with(ref, refs::kRoomMembers)) {
    rooms.members.erase(room_in(*ref, refs::kRoomMembers));
  } else if (ref && *ref == refs::kDiscover) {
    rooms.discover_loading = false;
  }
  return false;
}

}  // namespace herald::client
