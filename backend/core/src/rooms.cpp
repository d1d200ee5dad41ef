// Rooms: create, join, leave, invite, members, the user's rooms.
//
// Rules: anyone may create a room and becomes its owner and first member.
// Anyone may join a public room; a private room only with an invitation
// from a member. Members may invite. The owner leaving passes ownership to
// the longest-standing member (Storage::remove_room_member). Members of a
// private room are listed to its members only.
//
// Every membership change is one durable room.member event for the room's
// members and the affected user, acknowledged after the commit and then
// delivered to all their connections, the requesting one included (the ack
// does not carry the room).
#include <algorithm>

#include "handlers.hpp"

namespace herald::core {
namespace {

using protocol::Errc;
using protocol::RoomId;
using protocol::UserId;

struct RoomChange {
  std::optional<protocol::Error> error;
  protocol::RoomInfo room;
  std::vector<UserId> recipients;
  Frame frame;
  protocol::Cursor cursor = 0;  // 0: nothing changed, nothing to deliver
  /// Set by membership_changed: whose membership changed, and that user's
  /// presence contacts after the change.
  std::optional<UserId> member;
  std::vector<UserId> member_contacts;
};

/// Inside a storage job, after `user` joined or left a room (and
/// member_event): what presence needs to follow the change at once.
void membership_changed(Storage& s, RoomChange& out, UserId user, std::size_t max_room_members) {
  out.member = user;
  out.member_contacts = presence_contacts(s, user, max_room_members);
}

/// Inside a storage job, after the change: appends room.member (with the
/// room as it is now) for the room's members and `affected`.
void member_event(Storage& s, RoomChange& out, RoomId room, UserId affected, bool joined,
                  protocol::Timestamp now) {
  out.room = s.room_by_id(room).value_or(out.room);
  out.recipients = s.room_member_ids(room);
  out.recipients.push_back(affected);
  std::sort(out.recipients.begin(), out.recipients.end());
  out.recipients.erase(std::unique(out.recipients.begin(), out.recipients.end()), out.recipients.end());
  protocol::RoomMemberEvent event{0, out.room, affected, joined};
  out.frame = append_event(s, event, out.recipients, now);
  out.cursor = event.cursor;
}

/// On the event loop: the error, or the ack (with the room id when `created`
/// or a duplicate create) and then the event to every recipient's connections.
void publish(Context& ctx, ConnectionId id, const Ref& ref, const RoomChange& out,
             std::optional<std::string> client_id = std::nullopt) {
  if (out.error) {
    ctx.fail(id, *out.error, ref);
    return;
  }
  protocol::Ack ack;
  if (client_id) {
    ack.client_id = std::move(client_id);
    ack.id = out.room.id;
  }
  if (out.cursor != 0) ack.cursor = out.cursor;
  ack.ts = ctx.now();
  ctx.reply(id, ack, ref);
  if (out.cursor == 0) return;
  for (UserId user : out.recipients) ctx.hub.deliver(user, out.cursor, out.frame);
  // recipients: the members now and the one who joined or left.
  if (out.member) presence_on_membership_change(ctx, *out.member, out.recipients, out.member_contacts);
}

/// Runs `change` in a storage job and publishes its outcome.
template <class Change>
void change_room(Context& ctx, ConnectionId id, const Ref& ref, Change change,
                 std::optional<std::string> client_id = std::nullopt) {
  ctx.query<RoomChange>(id, ref, std::move(change), [&ctx, id, ref, client_id](RoomChange out) {
    publish(ctx, id, ref, out, client_id);
  });
}

protocol::Error room_error(Errc code, const char* detail, const char* field = "room") {
  return protocol::Error{code, field, detail};
}

}  // namespace

RoomAccess room_access(Storage& s, RoomId room, UserId user, bool public_ok, Errc missing) {
  RoomAccess access;
  auto info = s.room_by_id(room);
  if (!info)
    access.error = room_error(missing, "no room with this id");
  else if (!(public_ok && info->visibility == protocol::Visibility::public_room) &&
           !s.is_room_member(room, user))
    access.error = room_error(Errc::forbidden, "only members of this room may do this");
  else
    access.room = std::move(info);
  return access;
}

void handle(Context& ctx, ConnectionId id, const protocol::CreateRoom& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const NewRoom room{user->id, m.name, m.visibility, m.client_id, ctx.now()};
  change_room(
      ctx, id, ref,
      [room](Storage& s) {
        RoomChange out;
        auto [info, created] = s.create_room(room);
        out.room = info;
        if (created) member_event(s, out, info.id, room.creator, true, room.ts);
        return out;
      },
      m.client_id);
}

void handle(Context& ctx, ConnectionId id, const protocol::JoinRoom& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto now = ctx.now();
  const auto max_room_members = ctx.config.presence_max_room_members;
  change_room(ctx, id, ref, [self, now, max_room_members, room = m.room](Storage& s) {
    RoomChange out;
    const auto info = s.room_by_id(room);
    if (!info) {
      out.error = room_error(Errc::not_found, "no room with this id");
    } else if (info->visibility == protocol::Visibility::private_room && !s.is_room_member(room, self) &&
               !s.has_room_invite(room, self)) {
      out.error = room_error(Errc::forbidden, "this room is private: a member has to invite you first");
    } else if (s.add_room_member(room, self, now)) {
      member_event(s, out, room, self, true, now);
      membership_changed(s, out, self, max_room_members);
    }
    return out;  // already a member: acknowledged, nothing changed
  });
}

void handle(Context& ctx, ConnectionId id, const protocol::LeaveRoom& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto now = ctx.now();
  const auto max_room_members = ctx.config.presence_max_room_members;
  change_room(ctx, id, ref, [self, now, max_room_members, room = m.room](Storage& s) {
    RoomChange out;
    if (!s.room_by_id(room))
      out.error = room_error(Errc::not_found, "no room with this id");
    else if (!s.remove_room_member(room, self).removed)
      out.error = room_error(Errc::forbidden, "you are not a member of this room");
    else {
      member_event(s, out, room, self, false, now);
      membership_changed(s, out, self, max_room_members);
    }
    return out;
  });
}

void handle(Context& ctx, ConnectionId id, const protocol::InviteToRoom& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto now = ctx.now();
  change_room(ctx, id, ref, [self, now, room = m.room, invitee = m.user](Storage& s) {
    RoomChange out;
    auto access = room_access(s, room, self, false);
    if (access.error)
      out.error = access.error;
    else if (!s.user_by_id(invitee))
      out.error = room_error(Errc::unknown_recipient, "no user with this id", "user");
    else if (!s.is_room_member(room, invitee) && s.invite_to_room(room, invitee, self, now))
      member_event(s, out, room, invitee, false, now);
    return out;  // a member already, or invited before: acknowledged, nothing changed
  });
}

void handle(Context& ctx, ConnectionId id, const protocol::FetchRoomMembers& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  // A list in a frame holds at most max_list_items (clients reject more).
  const auto limit = ctx.config.limits.max_list_items;
  struct Members {
    std::optional<protocol::Error> error;
    protocol::RoomMembers reply;
  };
  ctx.query<Members>(
      id, ref,
      [self, limit, room = m.room](Storage& s) {
        Members out;
        out.error = room_access(s, room, self, true).error;
        out.reply.room = room;
        if (!out.error) out.reply.members = s.room_members(room, limit);
        return out;
      },
      [&ctx, id, ref](Members out) {
        if (out.error)
          ctx.fail(id, *out.error, ref);
        else
          ctx.reply(id, out.reply, ref);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::FetchRooms& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  // Each part is one page at most: together within max_list_items.
  const auto limit = ctx.config.limits.max_page_size;
  ctx.query<protocol::Rooms>(
      id, ref,
      [self, limit, discover = m.discover](Storage& s) {
        protocol::Rooms rooms;
        rooms.items = s.rooms_of(self, limit);
        rooms.invitations = s.invited_rooms(self, limit);
        if (discover) {
          auto open = s.public_rooms(self, limit);
          rooms.items.insert(rooms.items.end(), open.begin(), open.end());
        }
        return rooms;
      },
      [&ctx, id, ref](protocol::Rooms rooms) { ctx.reply(id, rooms, ref); });
}

}  // namespace herald::core
