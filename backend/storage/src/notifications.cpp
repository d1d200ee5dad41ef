// Notifications and their per-recipient read state.
#include <algorithm>
#include <limits>

#include "storage_impl.hpp"

namespace herald::storage {

using core::NotificationId;
using core::NotificationRecord;
using core::Timestamp;
using core::UserId;

namespace {

// The columns of a notification row, bound to one record.
struct NotificationColumns {
  long long id = 0, sender = 0, ts = 0;
  std::string title, body, kind, link;
  soci::indicator sender_ind = soci::i_ok, kind_ind = soci::i_ok, link_ind = soci::i_ok;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(sender, sender_ind));
    st.exchange(soci::into(title));
    st.exchange(soci::into(body));
    st.exchange(soci::into(kind, kind_ind));
    st.exchange(soci::into(link, link_ind));
    st.exchange(soci::into(ts));
  }

  NotificationRecord record() const {
    NotificationRecord n;
    n.id = id;
    if (sender_ind == soci::i_ok) n.sender = sender;
    n.title = title;
    n.body = body;
    if (kind_ind == soci::i_ok) n.kind = kind;
    if (link_ind == soci::i_ok) n.link = link;
    n.ts = ts;
    return n;
  }
};

constexpr const char* kColumns =
    "n.notification_id, n.sender_id, n.title, n.body, n.kind, n.link, n.created_ms";

}  // namespace

std::optional<NotificationRecord> SociStorage::notification_by_client_id(const std::string& client_scope,
                                                                         const std::string& client_id) {
  return impl_->guard("notification_by_client_id", [&]() -> std::optional<NotificationRecord> {
    if (client_id.empty()) return std::nullopt;  // stored as NULL: never a match
    NotificationColumns row;
    soci::statement st(impl_->sql);
    row.bind(st);
    st.exchange(soci::use(client_scope));
    st.exchange(soci::use(client_id));
    st.alloc();
    st.prepare(std::string("SELECT ") + kColumns +
               " FROM notifications n WHERE n.client_scope = :scope AND n.client_id = :client_id");
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    return row.record();
  });
}

std::pair<NotificationRecord, std::int64_t> SociStorage::insert_notification(const core::NewNotification& n) {
  return impl_->guard("insert_notification", [&] {
    auto& sql = impl_->sql;
    const long long sender = n.sender.value_or(0), created = n.ts;
    soci::indicator sender_ind = n.sender ? soci::i_ok : soci::i_null;
    soci::indicator client_ind = n.client_id.empty() ? soci::i_null : soci::i_ok;
    const std::string kind = n.kind.value_or(""), link = n.link.value_or("");
    soci::indicator kind_ind = n.kind ? soci::i_ok : soci::i_null;
    soci::indicator link_ind = n.link ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO notifications (sender_id, client_scope, client_id, title, body, kind, link, "
           "created_ms) "
           "VALUES (:sender, :scope, :client_id, :title, :body, :kind, :link, :created)",
        soci::use(sender, sender_ind), soci::use(n.client_scope), soci::use(n.client_id, client_ind),
        soci::use(n.title), soci::use(n.body), soci::use(kind, kind_ind), soci::use(link, link_ind),
        soci::use(created);
    const long long id = impl_->last_insert_id("notifications");

    std::int64_t recipients = 0;
    if (n.everyone) {
      soci::statement st = (sql.prepare << "INSERT INTO notification_recipients (user_id, notification_id) "
                                           "SELECT user_id, :id FROM users",
                            soci::use(id));
      st.execute(true);
      recipients = st.get_affected_rows();
    } else {
      std::vector<UserId> to = n.to;
      std::sort(to.begin(), to.end());
      to.erase(std::unique(to.begin(), to.end()), to.end());
      long long user = 0;
      soci::statement st = (sql.prepare << "INSERT INTO notification_recipients (user_id, notification_id) "
                                           "VALUES (:user, :id)",
                            soci::use(user), soci::use(id));
      for (const UserId u : to) {
        user = u;
        st.execute(true);
      }
      recipients = static_cast<std::int64_t>(to.size());
    }

    NotificationRecord record;
    record.id = id;
    record.sender = n.sender;
    record.title = n.title;
    record.body = n.body;
    record.kind = n.kind;
    record.link = n.link;
    record.ts = n.ts;
    return std::make_pair(record, recipients);
  });
}

std::vector<NotificationRecord> SociStorage::notifications(UserId user, std::optional<NotificationId> before,
                                                           std::size_t limit) {
  return impl_->guard("notifications", [&] {
    std::vector<NotificationRecord> page;
    if (limit == 0) return page;
    const long long me = user, n = detail::sql_limit(limit);
    const long long bound = before.value_or(std::numeric_limits<long long>::max());
    NotificationColumns row;
    long long read_ms = 0;
    soci::indicator read_ind = soci::i_ok;
    soci::statement st(impl_->sql);
    row.bind(st);
    st.exchange(soci::into(read_ms, read_ind));
    st.exchange(soci::use(me));
    st.exchange(soci::use(bound));
    st.exchange(soci::use(n));
    st.alloc();
    // A range of notification_recipients' primary key (user_id, notification_id).
    st.prepare(std::string("SELECT ") + kColumns +
               ", r.read_ms FROM notification_recipients r "
               "JOIN notifications n ON n.notification_id = r.notification_id "
               "WHERE r.user_id = :user AND r.notification_id < :before "
               "ORDER BY r.notification_id DESC LIMIT :n");
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      NotificationRecord record = row.record();
      record.read = read_ind == soci::i_ok;
      page.push_back(std::move(record));
    }
    return page;
  });
}

std::int64_t SociStorage::unread_notifications(UserId user) {
  return impl_->guard("unread_notifications", [&] {
    const long long me = user;
    long long count = 0;
    impl_->sql << "SELECT COUNT(*) FROM notification_recipients WHERE user_id = :user AND read_ms IS NULL",
        soci::use(me), soci::into(count);
    return static_cast<std::int64_t>(count);
  });
}

core::Storage::NotificationRead SociStorage::mark_notification_read(UserId user, NotificationId id,
                                                                   Timestamp now) {
  return impl_->guard("mark_notification_read", [&] {
    const long long me = user, notification = id, at = now;
    soci::statement st =
        (impl_->sql.prepare << "UPDATE notification_recipients SET read_ms = :now "
                               "WHERE user_id = :user AND notification_id = :id AND read_ms IS NULL",
         soci::use(at), soci::use(me), soci::use(notification));
    st.execute(true);
    if (st.get_affected_rows() == 1) return NotificationRead::marked;
    long long recipient_rows = 0;
    impl_->sql << "SELECT COUNT(*) FROM notification_recipients WHERE user_id = :user AND notification_id = :id",
        soci::use(me), soci::use(notification), soci::into(recipient_rows);
    return recipient_rows > 0 ? NotificationRead::already_read : NotificationRead::not_found;
  });
}

std::int64_t SociStorage::mark_all_notifications_read(UserId user, Timestamp now) {
  return impl_->guard("mark_all_notifications_read", [&] {
    const long long me = user, at = now;
    soci::statement st = (impl_->sql.prepare << "UPDATE notification_recipients SET read_ms = :now "
                                                "WHERE user_id = :user AND read_ms IS NULL",
                          soci::use(at), soci::use(me));
    st.execute(true);
    return static_cast<std::int64_t>(st.get_affected_rows());
  });
}

}  // namespace herald::storage
