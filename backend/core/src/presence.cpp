// Presence (online / away / offline, last seen) and typing indicators: both
// ephemeral, never stored, and only ever shown to contacts (users who share a
// conversation). See PresenceBook for the state.
#include <unordered_set>

#include "handlers.hpp"

namespace herald::core {
namespace {

Frame presence_frame(UserId user, protocol::PresenceStatus status,
                     std::optional<protocol::Timestamp> last_seen) {
  return make_frame(protocol::encode(protocol::ServerMessage{protocol::Presence{user, status, last_seen}}));
}

/// Tells every connection of `whom` (not held back during replay: presence
/// is not part of the event log, cursor 0).
void tell(Context& ctx, const Frame& frame, const std::vector<UserId>& whom) {
  for (UserId user : whom) ctx.hub.deliver(user, 0, frame);
}

}  // namespace

/// At most this many contacts are loaded for presence (the most recent).
constexpr std::size_t kMaxPresenceContacts = 1000;

/// Who may see this user's presence: direct peers, then fellow members of
/// the user's rooms of at most `max_room_members` (most recent first), at
/// most kMaxPresenceContacts in all. Bigger rooms share no presence: in a
/// room of n members every sign-in would otherwise tell n people, n times.
std::vector<protocol::UserId> presence_contacts(Storage& s, protocol::UserId user,
                                                std::size_t max_room_members) {
  auto contacts = s.conversation_peers(user, kMaxPresenceContacts);
  std::unordered_set<protocol::UserId> seen(contacts.begin(), contacts.end());
  for (const auto& room : s.rooms_of(user, kMaxPresenceContacts)) {
    if (room.members > static_cast<std::int64_t>(max_room_members)) continue;
    for (auto member : s.room_member_ids(room.id)) {
      if (contacts.size() >= kMaxPresenceContacts) return contacts;
      if (member != user && seen.insert(member).second) contacts.push_back(member);
    }
  }
  return contacts;
}

void presence_on_ready(Context& ctx, ConnectionId id, UserId user, const std::vector<UserId>& contacts) {
  if (ctx.presence.came_online(user, contacts))
    tell(ctx, presence_frame(user, ctx.presence.status(user), std::nullopt),
         ctx.presence.online_contacts(user));
  // The new connection learns where its contacts are.
  for (UserId contact : contacts) {
    if (ctx.presence.online(contact))
      ctx.hub.send(id, presence_frame(contact, ctx.presence.status(contact), std::nullopt));
    else if (auto seen = ctx.presence.last_seen(contact))
      ctx.hub.send(id, presence_frame(contact, protocol::PresenceStatus::offline, seen));
  }
}

void presence_on_leave(Context& ctx, UserId user) {
  if (ctx.hub.online(user) || !ctx.presence.online(user)) return;  // another tab remains, or never was ready
  const auto contacts = ctx.presence.online_contacts(user);
  const auto now = ctx.now();
  // Typing that was in progress in a direct conversation stops with the last
  // connection (in rooms, clients let the indicator expire).
  for (const auto& target : ctx.presence.went_offline(user, now)) {
    if (!target.is_user()) continue;
    protocol::TypingEvent stopped{protocol::Target::user(user), user, false};
    ctx.hub.deliver(target.id, 0, make_frame(protocol::encode(protocol::ServerMessage{stopped})));
  }
  tell(ctx, presence_frame(user, protocol::PresenceStatus::offline, now), contacts);
}

void presence_on_new_conversation(Context& ctx, UserId a, UserId b) {
  if (!ctx.presence.connect(a, b) || !ctx.presence.online(a) || !ctx.presence.online(b)) return;
  ctx.hub.deliver(b, 0, presence_frame(a, ctx.presence.status(a), std::nullopt));
  ctx.hub.deliver(a, 0, presence_frame(b, ctx.presence.status(b), std::nullopt));
}

void presence_on_membership_change(Context& ctx, UserId user, const std::vector<UserId>& room_members,
                                   const std::vector<UserId>& contacts_now) {
  const std::unordered_set<UserId> still(contacts_now.begin(), contacts_now.end());
  for (UserId other : room_members) {
    if (other == user) continue;
    if (still.count(other) != 0)
      presence_on_new_conversation(ctx, user, other);
    else
      ctx.presence.disconnect(user, other);  // from now on neither hears of the other
  }
}

void handle(Context& ctx, ConnectionId id, const protocol::SetPresence& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  if (m.status == protocol::PresenceStatus::offline) {
    ctx.fail(id, protocol::Errc::invalid_field,
             "offline follows from having no connection; send online or away", ref, "status");
    return;
  }
  const auto self = user->id;
  ctx.reply(id, protocol::Ack{std::nullopt, std::nullopt, std::nullopt, ctx.now()}, ref);
  if (!ctx.presence.set_status(self, m.status)) return;
  const Frame frame = presence_frame(self, m.status, std::nullopt);
  tell(ctx, frame, ctx.presence.online_contacts(self));
  ctx.hub.deliver(self, 0, frame);  // the user's other tabs agree
}

void handle(Context& ctx, ConnectionId id, const protocol::Typing& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  // Best effort by design: typing to oneself, to a non-contact (no
  // conversation yet), in a room one is not a member of, or faster than the
  // throttle is dropped. Only a request with a `ref` is answered, with an
  // `ack` that it arrived (not that it went out): indicators are frequent
  // and clients rarely ask.
  if (ref) ctx.reply(id, protocol::Ack{std::nullopt, std::nullopt, std::nullopt, ctx.now()}, ref);
  const auto self = user->id;
  if (m.in.is_user() && (m.in.id == self || !ctx.presence.are_contacts(self, m.in.id))) return;
  if (!ctx.presence.typing(self, m.in, m.active, ctx.now())) return;
  if (m.in.is_user()) {
    protocol::TypingEvent event{protocol::Target::user(self), self, m.active};
    ctx.hub.deliver(m.in.id, 0, make_frame(protocol::encode(protocol::ServerMessage{event})));
    return;
  }
  // Rooms: the members are read off the event loop (at most once a second
  // per typist and room, by the throttle above).
  const auto room = m.in.id;
  const protocol::TypingEvent event{m.in, self, m.active};
  ctx.query<std::vector<UserId>>(
      id, Ref{},  // answered above: a failed lookup is an error without the ref
      [room, self](Storage& s) {
        return s.is_room_member(room, self) ? s.room_member_ids(room) : std::vector<UserId>{};
      },
      [&ctx, event](std::vector<UserId> members) {
        const Frame frame = make_frame(protocol::encode(protocol::ServerMessage{event}));
        for (UserId member : members)
          if (member != event.user) ctx.hub.deliver(member, 0, frame);
      });
}

}  // namespace herald::core
