// Direct messages (the seed's messages table) and conversations.
#include <algorithm>
#include <limits>

#include "storage_impl.hpp"

namespace herald::storage {

using core::ConversationRow;
using core::MessageId;
using core::MessageRecord;
using core::UserId;
using protocol::Target;

namespace {

// A page of one direction of a conversation: (sender, receiver) fixed and
// message_id ranged, one range scan of messages_by_pair. Both directions
// are merged by an outer ORDER BY over at most 2 * limit rows.
std::string history_query(bool newer, bool both_directions) {
  const std::string columns = "message_id, sender_id, receiver_id, message_text, sent_ms, client_id";
  const std::string cmp = newer ? " > " : " < ";
  const std::string order = newer ? " ORDER BY message_id ASC" : " ORDER BY message_id DESC";
  // Placeholder names are unique: SQLite gives repeated names one slot,
  // while SOCI binds by position.
  const auto branch = [&](const std::string& k) {
    return "SELECT " + columns + " FROM (SELECT " + columns + " FROM messages WHERE sender_id = :sender" + k +
           " AND receiver_id = :receiver" + k + " AND message_id" + cmp + ":bound" + k + order + " LIMIT :n" +
           k + ") h" + k;
  };
  std::string query = branch("1");
  if (both_directions) query += " UNION ALL " + branch("2");
  return query + order + " LIMIT :n";
}

}  // namespace

std::optional<MessageRecord> SociStorage::message_by_client_id(UserId sender, const std::string& client_id) {
  return impl_->guard("message_by_client_id", [&]() -> std::optional<MessageRecord> {
    if (client_id.empty()) return std::nullopt;  // stored as NULL: never a match
    auto& q = impl_->message_by_client_id;
    q.sender = sender;
    q.client_id = client_id;
    const bool found = q.st->execute(true);
    std::optional<MessageRecord> record;
    if (found) record = MessageRecord{q.id, sender, Target::user(q.receiver), q.text, q.sent_ms, client_id};
    impl_->finish(*q.st);
    return record;
  });
}

MessageRecord SociStorage::insert_message(const core::NewMessage& message) {
  return impl_->guard("insert_message", [&] {
    auto& ins = impl_->insert_message;
    ins.sender = message.sender;
    ins.receiver = message.receiver;
    ins.text = message.text;
    ins.client_id = message.client_id;
    ins.client_id_ind = message.client_id.empty() ? soci::i_null : soci::i_ok;
    ins.sent_ms = message.ts;
    ins.st->execute(true);
    const MessageId id = impl_->last_insert_id("messages");

    auto& touch = impl_->touch_conversations;
    touch.user1 = message.sender;
    touch.peer1 = message.receiver;
    touch.user2 = message.receiver;
    touch.peer2 = message.sender;
    touch.message1 = touch.message2 = id;
    touch.st->execute(true);

    MessageRecord record{id,           message.sender, Target::user(message.receiver),
                         message.text, message.ts,     std::nullopt};
    if (!message.client_id.empty()) record.client_id = message.client_id;
    return record;
  });
}

std::vector<MessageRecord> SociStorage::direct_history(UserId self, UserId peer,
                                                       std::optional<MessageId> before,
                                                       std::optional<MessageId> after, std::size_t limit) {
  return impl_->guard("direct_history", [&] {
    std::vector<MessageRecord> page;
    if (limit == 0) return page;
    const bool newer = after.has_value() && !before.has_value();
    const bool both = self != peer;  // a note to oneself has one direction
    const long long a = self, b = peer, n = detail::sql_limit(limit);
    const long long bound = newer ? *after : before.value_or(std::numeric_limits<long long>::max());

    long long id = 0, sender = 0, receiver = 0, ts = 0;
    std::string text, client_id;
    soci::indicator client_ind = soci::i_ok;
    soci::statement st(impl_->sql);
    st.exchange(soci::into(id));
    st.exchange(soci::into(sender));
    st.exchange(soci::into(receiver));
    st.exchange(soci::into(text));
    st.exchange(soci::into(ts));
    st.exchange(soci::into(client_id, client_ind));
    // Placeholders in query order: sender1, receiver1, bound1, n1 [, sender2,
    // receiver2, bound2, n2], n.
    st.exchange(soci::use(a));
    st.exchange(soci::use(b));
    st.exchange(soci::use(bound));
    st.exchange(soci::use(n));
    if (both) {
      st.exchange(soci::use(b));
      st.exchange(soci::use(a));
      st.exchange(soci::use(bound));
      st.exchange(soci::use(n));
    }
    st.exchange(soci::use(n));
    st.alloc();
    st.prepare(history_query(newer, both));
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      MessageRecord m{id, sender, Target::user(receiver), text, ts, std::nullopt};
      if (client_ind == soci::i_ok) m.client_id = client_id;
      page.push_back(std::move(m));
    }
    if (newer) std::reverse(page.begin(), page.end());  // newest first, always
    return page;
  });
}

std::vector<ConversationRow> SociStorage::conversations(UserId self, std::size_t limit) {
  return impl_->guard("conversations", [&] {
    std::vector<ConversationRow> rows;
    if (limit == 0) return rows;
    const long long me = self, n = detail::sql_limit(limit);
    long long peer = 0, id = 0, sender = 0, receiver = 0, ts = 0, unread = 0, last_read = 0,
              peer_last_read = 0;
    std::string peer_name, text, client_id;
    soci::indicator client_ind = soci::i_ok, last_read_ind = soci::i_ok, peer_last_read_ind = soci::i_ok;
    // Unread: messages from the peer after this user's read mark, counted
    // on messages_by_pair. A note to oneself is never unread.
    soci::statement st =
        (impl_->sql.prepare
             << "SELECT c.peer_id, u.username, m.message_id, m.sender_id, m.receiver_id, m.message_text, "
                "m.sent_ms, m.client_id, c.last_read_id, p.last_read_id, "
                "(SELECT COUNT(*) FROM messages x WHERE x.sender_id = c.peer_id AND x.receiver_id = "
                "c.user_id "
                "AND x.message_id > COALESCE(c.last_read_id, 0) AND c.peer_id <> c.user_id) "
                "FROM conversations c "
                "JOIN messages m ON m.message_id = c.last_message_id "
                "JOIN users u ON u.user_id = c.peer_id "
                "LEFT JOIN conversations p ON p.user_id = c.peer_id AND p.peer_id = c.user_id "
                "WHERE c.user_id = :self ORDER BY c.last_message_id DESC LIMIT :n",
         soci::use(me), soci::use(n), soci::into(peer), soci::into(peer_name), soci::into(id),
         soci::into(sender), soci::into(receiver), soci::into(text), soci::into(ts),
         soci::into(client_id, client_ind), soci::into(last_read, last_read_ind),
         soci::into(peer_last_read, peer_last_read_ind), soci::into(unread));
    st.execute();
    while (st.fetch()) {
      ConversationRow row;
      row.peer = peer;
      row.peer_username = peer_name;
      row.last_message = MessageRecord{id, sender, Target::user(receiver), text, ts, std::nullopt};
      if (client_ind == soci::i_ok) row.last_message.client_id = client_id;
      row.unread = unread;
      if (last_read_ind == soci::i_ok) row.last_read = last_read;
      if (peer_last_read_ind == soci::i_ok) row.peer_last_read = peer_last_read;
      rows.push_back(std::move(row));
    }
    return rows;
  });
}

std::vector<UserId> SociStorage::conversation_peers(UserId self, std::size_t limit) {
  return impl_->guard("conversation_peers", [&] {
    std::vector<UserId> peers;
    if (limit == 0) return peers;
    const long long me = self, n = detail::sql_limit(limit);
    long long peer = 0;
    // conversations_by_recent: an index range for this user.
    soci::statement st = (impl_->sql.prepare << "SELECT peer_id FROM conversations WHERE user_id = :self "
                                                "ORDER BY last_message_id DESC LIMIT :n",
                          soci::use(me), soci::use(n), soci::into(peer));
    st.execute();
    while (st.fetch()) peers.push_back(peer);
    return peers;
  });
}

std::optional<MessageId> SociStorage::mark_read(UserId self, UserId peer, MessageId message_id) {
  return impl_->guard("mark_read", [&]() -> std::optional<MessageId> {
    auto& sql = impl_->sql;
    const long long me = self, other = peer, id = message_id;
    int in_conversation = 0;
    sql << "SELECT COUNT(*) FROM messages WHERE message_id = :id AND "
           "((sender_id = :me AND receiver_id = :other) OR (sender_id = :other2 AND receiver_id = :me2))",
        soci::use(id), soci::use(me), soci::use(other), soci::use(other), soci::use(me),
        soci::into(in_conversation);
    if (in_conversation == 0) return std::nullopt;
    // Only ever raised: concurrent or replayed marks cannot move it back.
    sql << "UPDATE conversations SET last_read_id = :id WHERE user_id = :me AND peer_id = :other "
           "AND (last_read_id IS NULL OR last_read_id < :id2)",
        soci::use(id), soci::use(me), soci::use(other), soci::use(id);
    long long mark = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT last_read_id FROM conversations WHERE user_id = :me AND peer_id = :other", soci::use(me),
        soci::use(other), soci::into(mark, ind);
    if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
    return mark;
  });
}

}  // namespace herald::storage
