// Room messages: insert, idempotency, history pages, read marks, and the
// rooms in a member's conversation list.
#include <algorithm>
#include <limits>

#include "storage_impl.hpp"

namespace herald::storage {

using core::MessageId;
using core::MessageRecord;
using core::RoomConversationRow;
using core::RoomId;
using core::UserId;
using protocol::Target;

std::optional<MessageRecord> SociStorage::room_message_by_client_id(UserId sender,
                                                                    const std::string& client_id) {
  return impl_->guard("room_message_by_client_id", [&]() -> std::optional<MessageRecord> {
    if (client_id.empty()) return std::nullopt;  // stored as NULL: never a match
    const long long from = sender;
    long long id = 0, room = 0, ts = 0;
    std::string text;
    impl_->sql << "SELECT message_id, room_id, message_text, sent_ms FROM room_messages "
                  "WHERE sender_id = :sender AND client_id = :client_id",
        soci::use(from), soci::use(client_id), soci::into(id), soci::into(room), soci::into(text),
        soci::into(ts);
    if (!impl_->sql.got_data()) return std::nullopt;
    return MessageRecord{id, sender, Target::room(room), text, ts, client_id};
  });
}

MessageRecord SociStorage::insert_room_message(const core::NewRoomMessage& message) {
  return impl_->guard("insert_room_message", [&] {
    auto& sql = impl_->sql;
    const long long sender = message.sender, room = message.room, ts = message.ts;
    soci::indicator client_ind = message.client_id.empty() ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO room_messages (room_id, sender_id, message_text, client_id, sent_ms) "
           "VALUES (:room, :sender, :text, :client_id, :sent_ms)",
        soci::use(room), soci::use(sender), soci::use(message.text), soci::use(message.client_id, client_ind),
        soci::use(ts);
    const long long id = impl_->last_insert_id("room_messages");
    sql << "UPDATE rooms SET last_message_id = :id WHERE room_id = :room", soci::use(id), soci::use(room);
    MessageRecord record{id,           message.sender, Target::room(message.room),
                         message.text, message.ts,     std::nullopt};
    if (!message.client_id.empty()) record.client_id = message.client_id;
    return record;
  });
}

std::vector<MessageRecord> SociStorage::room_history(RoomId room, std::optional<MessageId> before,
                                                     std::optional<MessageId> after, std::size_t limit) {
  return impl_->guard("room_history", [&] {
    std::vector<MessageRecord> page;
    if (limit == 0) return page;
    const bool newer = after.has_value() && !before.has_value();
    const long long r = room, n = detail::sql_limit(limit);
    const long long bound = newer ? *after : before.value_or(std::numeric_limits<long long>::max());
    long long id = 0, sender = 0, ts = 0;
    std::string text, client_id;
    soci::indicator client_ind = soci::i_ok;
    // One range of room_messages_by_room: room fixed, message_id ranged.
    const std::string query =
        std::string(
            "SELECT message_id, sender_id, message_text, sent_ms, client_id "
            "FROM room_messages WHERE room_id = :room AND message_id ") +
        (newer ? "> :bound ORDER BY message_id ASC" : "< :bound ORDER BY message_id DESC") + " LIMIT :n";
    soci::statement st =
        (impl_->sql.prepare << query, soci::use(r), soci::use(bound), soci::use(n), soci::into(id),
         soci::into(sender), soci::into(text), soci::into(ts), soci::into(client_id, client_ind));
    st.execute();
    while (st.fetch()) {
      MessageRecord m{id, sender, Target::room(room), text, ts, std::nullopt};
      if (client_ind == soci::i_ok) m.client_id = client_id;
      page.push_back(std::move(m));
    }
    if (newer) std::reverse(page.begin(), page.end());  // newest first, always
    return page;
  });
}

std::optional<MessageId> SociStorage::mark_room_read(RoomId room, UserId user, MessageId message_id) {
  return impl_->guard("mark_room_read", [&]() -> std::optional<MessageId> {
    auto& sql = impl_->sql;
    const long long r = room, me = user, id = message_id;
    int in_room = 0;
    sql << "SELECT COUNT(*) FROM room_messages WHERE message_id = :id AND room_id = :room", soci::use(id),
        soci::use(r), soci::into(in_room);
    if (in_room == 0) return std::nullopt;
    // Only ever raised: concurrent or replayed marks cannot move it back.
    sql << "UPDATE room_members SET last_read_id = :id WHERE room_id = :room AND user_id = :me "
           "AND (last_read_id IS NULL OR last_read_id < :id2)",
        soci::use(id), soci::use(r), soci::use(me), soci::use(id);
    long long mark = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT last_read_id FROM room_members WHERE room_id = :room AND user_id = :me", soci::use(r),
        soci::use(me), soci::into(mark, ind);
    if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
    return mark;
  });
}

std::vector<RoomConversationRow> SociStorage::room_conversations(UserId user, std::size_t limit) {
  return impl_->guard("room_conversations", [&] {
    std::vector<RoomConversationRow> rows;
    if (limit == 0) return rows;
    const long long me = user, n = detail::sql_limit(limit);
    long long room = 0, owner = 0, members = 0, id = 0, sender = 0, ts = 0, last_read = 0, joined = 0,
              unread = 0;
    int is_private = 0;
    std::string name, text, client_id;
    soci::indicator id_ind = soci::i_ok, sender_ind = soci::i_ok, text_ind = soci::i_ok, ts_ind = soci::i_ok,
                    client_ind = soci::i_ok, last_read_ind = soci::i_ok;
    // The user's rooms (room_members_by_user), each room's last message by
    // primary key, and unread as a range of room_messages_by_room. Sorted
    // by activity: bounded by the number of rooms the user is in.
    soci::statement st =
        (impl_->sql.prepare
             << std::string("SELECT ") + detail::kRoomColumns +
                    ", m.message_id, m.sender_id, m.message_text, m.sent_ms, m.client_id, "
                    "me.last_read_id, me.joined_ms, "
                    "(SELECT COUNT(*) FROM room_messages x WHERE x.room_id = me.room_id "
                    "AND x.message_id > COALESCE(me.last_read_id, 0) AND x.sender_id <> me.user_id) "
                    "FROM room_members me JOIN rooms r ON r.room_id = me.room_id "
                    "LEFT JOIN room_messages m ON m.message_id = r.last_message_id "
                    "WHERE me.user_id = :self "
                    "ORDER BY COALESCE(m.sent_ms, me.joined_ms) DESC, r.room_id DESC LIMIT :n",
         soci::use(me), soci::use(n), soci::into(room), soci::into(name), soci::into(is_private),
         soci::into(owner), soci::into(members), soci::into(id, id_ind), soci::into(sender, sender_ind),
         soci::into(text, text_ind), soci::into(ts, ts_ind), soci::into(client_id, client_ind),
         soci::into(last_read, last_read_ind), soci::into(joined), soci::into(unread));
    st.execute();
    while (st.fetch()) {
      RoomConversationRow row;
      row.room = core::RoomInfo{room, name, detail::visibility_of(is_private), owner, members};
      row.activity = joined;
      if (id_ind == soci::i_ok) {
        row.last_message = MessageRecord{id, sender, Target::room(room), text, ts, std::nullopt};
        if (client_ind == soci::i_ok) row.last_message->client_id = client_id;
        row.activity = ts;
      }
      row.unread = unread;
      if (last_read_ind == soci::i_ok) row.last_read = last_read;
      rows.push_back(std::move(row));
    }
    return rows;
  });
}

}  // namespace herald::storage
