// The event log behind resume cursors.
#include <algorithm>

#include "storage_impl.hpp"

namespace herald::storage {

using core::Cursor;
using core::EventRow;
using core::Timestamp;
using core::UserId;

Cursor SociStorage::append_event(const std::string& payload, const std::vector<UserId>& recipients,
                                 Timestamp now) {
  return impl_->guard("append_event", [&] {
    const Cursor cursor = impl_->insert_event_row(payload, now);

    std::vector<UserId> users = recipients;
    std::sort(users.begin(), users.end());
    users.erase(std::unique(users.begin(), users.end()), users.end());
    auto& rcpt = impl_->insert_event_recipient;
    rcpt.event = cursor;
    for (const UserId user : users) {
      rcpt.user = user;
      rcpt.st->execute(true);
    }
    return cursor;
  });
}

Cursor SociStorage::append_event_for_everyone(const std::string& payload, Timestamp now) {
  return impl_->guard("append_event_for_everyone", [&] {
    const long long cursor = impl_->insert_event_row(payload, now);
    impl_->sql << "INSERT INTO event_recipients (user_id, event_id) SELECT user_id, :event FROM users",
        soci::use(cursor);
    return static_cast<Cursor>(cursor);
  });
}

Cursor SociStorage::append_room_event(const std::string& payload, core::RoomId room, Timestamp now) {
  return impl_->guard("append_room_event", [&] {
    auto& re = impl_->insert_room_event;
    re.event = impl_->insert_event_row(payload, now);
    re.room = room;
    re.st->execute(true);
    return static_cast<Cursor>(re.event);
  });
}

std::vector<EventRow> SociStorage::events_after(UserId user, Cursor after, std::size_t limit) {
  return impl_->guard("events_after", [&] {
    std::vector<EventRow> rows;
    if (limit == 0) return rows;
    const long long me = user, from = after, n = detail::sql_limit(limit);
    long long cursor = 0;
    std::string payload;
    // A range of event_recipients' primary key (user_id, event_id), and one
    // of room_events' (room_id, event_id) per room of the user's.
    soci::statement st =
        (impl_->sql.prepare << "SELECT e.event_id, e.payload FROM events e WHERE e.event_id IN ("
                               "SELECT r.event_id FROM event_recipients r "
                               "WHERE r.user_id = :user AND r.event_id > :after "
                               "UNION SELECT re.event_id FROM room_members m "
                               "JOIN room_events re ON re.room_id = m.room_id "
                               "WHERE m.user_id = :member AND re.event_id > :room_after) "
                               "ORDER BY e.event_id LIMIT :n",
         soci::use(me), soci::use(from), soci::use(me), soci::use(from), soci::use(n), soci::into(cursor),
         soci::into(payload));
    st.execute();
    while (st.fetch()) rows.push_back(EventRow{cursor, payload});
    return rows;
  });
}

Cursor SociStorage::latest_cursor(UserId user) {
  return impl_->guard("latest_cursor", [&] {
    const long long me = user;
    long long cursor = 0;
    soci::indicator ind = soci::i_ok;
    impl_->sql << "SELECT MAX(c) FROM ("
                  "SELECT MAX(event_id) AS c FROM event_recipients WHERE user_id = :user "
                  "UNION ALL SELECT MAX(re.event_id) AS c FROM room_members m "
                  "JOIN room_events re ON re.room_id = m.room_id WHERE m.user_id = :member) latest",
        soci::use(me), soci::use(me), soci::into(cursor, ind);
    return static_cast<Cursor>(ind == soci::i_ok ? cursor : 0);
  });
}

}  // namespace herald::storage
