// Rooms, their members and invitations.
#include "storage_impl.hpp"

namespace herald::storage {

using core::RoomId;
using core::RoomInfo;
using core::Timestamp;
using core::UserId;
using core::UserInfo;

namespace detail {

std::vector<RoomInfo> select_rooms(soci::session& sql, const std::string& tail,
                                   const std::vector<long long>& params) {
  std::vector<RoomInfo> rooms;
  long long id = 0, owner = 0, members = 0;
  int is_private = 0;
  std::string name;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(name));
  st.exchange(soci::into(is_private));
  st.exchange(soci::into(owner));
  st.exchange(soci::into(members));
  for (const long long& p : params) st.exchange(soci::use(p));
  st.alloc();
  st.prepare(std::string("SELECT ") + kRoomColumns + " " + tail);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    rooms.push_back(RoomInfo{id, name, visibility_of(is_private), owner, members});
  }
  return rooms;
}

}  // namespace detail

std::pair<RoomInfo, bool> SociStorage::create_room(const core::NewRoom& room) {
  return impl_->guard("create_room", [&]() -> std::pair<RoomInfo, bool> {
    auto& sql = impl_->sql;
    const long long creator = room.creator, created = room.ts;
    long long found = 0;
    sql << "SELECT room_id FROM rooms WHERE creator_id = :creator AND client_id = :cid", soci::use(creator),
        soci::use(room.client_id), soci::into(found);
    if (sql.got_data()) {
      const auto rooms = detail::select_rooms(sql, "FROM rooms r WHERE r.room_id = :id", {found});
      if (!rooms.empty()) return {rooms.front(), false};
    }
    const int is_private = room.visibility == protocol::Visibility::private_room ? 1 : 0;
    sql << "INSERT INTO rooms (name, is_private, owner_id, creator_id, client_id, created_ms) "
           "VALUES (:name, :private, :owner, :creator, :cid, :created)",
        soci::use(room.name), soci::use(is_private), soci::use(creator), soci::use(creator),
        soci::use(room.client_id), soci::use(created);
    const long long id = impl_->last_insert_id("rooms");
    sql << "INSERT INTO room_members (room_id, user_id, role, joined_ms) "
           "VALUES (:room, :user, 'owner', :joined)",
        soci::use(id), soci::use(creator), soci::use(created);
    return {RoomInfo{id, room.name, room.visibility, room.creator, 1}, true};
  });
}

std::optional<RoomInfo> SociStorage::room_by_id(RoomId room) {
  return impl_->guard("room_by_id", [&]() -> std::optional<RoomInfo> {
    const auto rooms = detail::select_rooms(impl_->sql, "FROM rooms r WHERE r.room_id = :id", {room});
    if (rooms.empty()) return std::nullopt;
    return rooms.front();
  });
}

std::vector<RoomInfo> SociStorage::rooms_of(UserId user, std::size_t limit) {
  return impl_->guard("rooms_of", [&] {
    if (limit == 0) return std::vector<RoomInfo>{};
    // room_members_by_user: a range for this user, in room order.
    return detail::select_rooms(impl_->sql,
                                "FROM room_members m JOIN rooms r ON r.room_id = m.room_id "
                                "WHERE m.user_id = :user ORDER BY m.room_id LIMIT :n",
                                {user, detail::sql_limit(limit)});
  });
}

std::vector<RoomInfo> SociStorage::public_rooms(UserId user, std::size_t limit) {
  return impl_->guard("public_rooms", [&] {
    if (limit == 0) return std::vector<RoomInfo>{};
    // rooms_by_visibility backwards from the newest public room; membership
    // is a primary-key probe per room.
    return detail::select_rooms(
        impl_->sql,
        "FROM rooms r WHERE r.is_private = 0 AND NOT EXISTS "
        "(SELECT 1 FROM room_members m WHERE m.room_id = r.room_id AND m.user_id = :user) "
        "ORDER BY r.room_id DESC LIMIT :n",
        {user, detail::sql_limit(limit)});
  });
}

std::vector<RoomInfo> SociStorage::invited_rooms(UserId user, std::size_t limit) {
  return impl_->guard("invited_rooms", [&] {
    if (limit == 0) return std::vector<RoomInfo>{};
    // room_invites_by_user: a range for this user.
    return detail::select_rooms(impl_->sql,
                                "FROM room_invites i JOIN rooms r ON r.room_id = i.room_id "
                                "WHERE i.user_id = :user ORDER BY i.room_id LIMIT :n",
                                {user, detail::sql_limit(limit)});
  });
}

bool SociStorage::is_room_member(RoomId room, UserId user) {
  return impl_->guard("is_room_member", [&] {
    const long long r = room, u = user;
    int count = 0;
    impl_->sql << "SELECT COUNT(*) FROM room_members WHERE room_id = :room AND user_id = :user", soci::use(r),
        soci::use(u), soci::into(count);
    return count != 0;
  });
}

bool SociStorage::add_room_member(RoomId room, UserId user, Timestamp now) {
  return impl_->guard("add_room_member", [&] {
    if (is_room_member(room, user)) return false;
    auto& sql = impl_->sql;
    const long long r = room, u = user, joined = now;
    sql << "INSERT INTO room_members (room_id, user_id, role, joined_ms, last_read_id) "
           "SELECT room_id, :user, 'member', :joined, last_message_id FROM rooms WHERE room_id = :room",
        soci::use(u), soci::use(joined), soci::use(r);
    sql << "DELETE FROM room_invites WHERE room_id = :room AND user_id = :user", soci::use(r), soci::use(u);
    return true;
  });
}

core::RoomLeft SociStorage::remove_room_member(RoomId room, UserId user) {
  return impl_->guard("remove_room_member", [&] {
    auto& sql = impl_->sql;
    const long long r = room, u = user;
    core::RoomLeft left;
    std::string role;
    sql << "SELECT role FROM room_members WHERE room_id = :room AND user_id = :user", soci::use(r),
        soci::use(u), soci::into(role);
    if (!sql.got_data()) return left;
    sql << "DELETE FROM room_members WHERE room_id = :room AND user_id = :user", soci::use(r), soci::use(u);
    left.removed = true;
    if (role != "owner") return left;
    // room_members_by_joined: the first entry of this room's range.
    long long next = 0;
    sql << "SELECT user_id FROM room_members WHERE room_id = :room ORDER BY joined_ms, user_id LIMIT 1",
        soci::use(r), soci::into(next);
    if (!sql.got_data()) return left;
    sql << "UPDATE room_members SET role = 'owner' WHERE room_id = :room AND user_id = :user", soci::use(r),
        soci::use(next);
    sql << "UPDATE rooms SET owner_id = :owner WHERE room_id = :room", soci::use(next), soci::use(r);
    left.new_owner = next;
    return left;
  });
}

bool SociStorage::invite_to_room(RoomId room, UserId user, UserId inviter, Timestamp now) {
  return impl_->guard("invite_to_room", [&] {
    if (has_room_invite(room, user)) return false;
    const long long r = room, u = user, by = inviter, at = now;
    impl_->sql << "INSERT INTO room_invites (room_id, user_id, inviter_id, invited_ms) "
                  "VALUES (:room, :user, :inviter, :at)",
        soci::use(r), soci::use(u), soci::use(by), soci::use(at);
    return true;
  });
}

bool SociStorage::has_room_invite(RoomId room, UserId user) {
  return impl_->guard("has_room_invite", [&] {
    const long long r = room, u = user;
    int count = 0;
    impl_->sql << "SELECT COUNT(*) FROM room_invites WHERE room_id = :room AND user_id = :user", soci::use(r),
        soci::use(u), soci::into(count);
    return count != 0;
  });
}

std::vector<UserInfo> SociStorage::room_members(RoomId room, std::size_t limit) {
  return impl_->guard("room_members", [&] {
    std::vector<UserInfo> members;
    if (limit == 0) return members;
    const long long r = room, n = detail::sql_limit(limit);
    long long id = 0;
    int admin = 0;
    std::string username;
    soci::statement st =
        (impl_->sql.prepare << "SELECT u.user_id, u.username, u.is_admin FROM room_members m "
                               "JOIN users u ON u.user_id = m.user_id WHERE m.room_id = :room "
                               "ORDER BY m.joined_ms, m.user_id LIMIT :n",
         soci::use(r), soci::use(n), soci::into(id), soci::into(username), soci::into(admin));
    st.execute();
    while (st.fetch()) members.push_back(UserInfo{id, username, admin != 0});
    return members;
  });
}

std::vector<UserId> SociStorage::room_member_ids(RoomId room) {
  return impl_->guard("room_member_ids", [&] {
    std::vector<UserId> ids;
    const long long r = room;
    long long id = 0;
    soci::statement st = (impl_->sql.prepare << "SELECT user_id FROM room_members WHERE room_id = :room",
                          soci::use(r), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
  });
}

}  // namespace herald::storage
