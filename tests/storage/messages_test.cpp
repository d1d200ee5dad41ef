// Direct messages: insert, idempotency, history paging, conversations,
// read marks, and text that must come back byte for byte.
#include <algorithm>

#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::MessageId;
using core::MessageRecord;
using core::NewMessage;
using core::UserId;
using testing::StorageTest;

class MessagesTest : public StorageTest {
 protected:
  MessageRecord send(UserId from, UserId to, const std::string& text, const std::string& client_id = "",
                     core::Timestamp ts = 1'700'000'000'000) {
    return db_->insert_message(NewMessage{from, to, text, client_id, ts});
  }
  static std::vector<MessageId> ids(const std::vector<MessageRecord>& page) {
    std::vector<MessageId> out;
    for (const auto& m : page) out.push_back(m.id);
    return out;
  }
};

TEST_P(MessagesTest, InsertReturnsTheStoredRecord) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto m = send(a, b, "cześć", "c-1", 1234567);
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.sender, a);
  EXPECT_EQ(m.to, protocol::Target::user(b));
  EXPECT_EQ(m.text, "cześć");
  EXPECT_EQ(m.ts, 1234567);
  EXPECT_EQ(m.client_id, std::optional<std::string>("c-1"));
  const auto page = db_->direct_history(b, a, std::nullopt, std::nullopt, 10);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, m.id);
  EXPECT_EQ(page[0].sender, a);
  EXPECT_EQ(page[0].to, protocol::Target::user(b));
  EXPECT_EQ(page[0].text, "cześć");
  EXPECT_EQ(page[0].ts, 1234567);
  EXPECT_EQ(page[0].client_id, std::optional<std::string>("c-1"));
}

TEST_P(MessagesTest, ClientIdMakesRetriesIdempotentPerSender) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto first = send(a, b, "hello", "retry-me");
  const auto found = db_->message_by_client_id(a, "retry-me");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->text, "hello");
  EXPECT_EQ(found->to, protocol::Target::user(b));
  EXPECT_EQ(found->client_id, std::optional<std::string>("retry-me"));
  EXPECT_FALSE(db_->message_by_client_id(b, "retry-me")) << "client ids are per sender";
  EXPECT_FALSE(db_->message_by_client_id(a, "other"));

  EXPECT_NO_THROW(send(b, a, "same id, other sender", "retry-me"));
  try {
    send(a, b, "a duplicate with secret text", "retry-me");
    FAIL() << "UNIQUE(sender_id, client_id) must reject the duplicate";
  } catch (const core::StorageError& e) {
    const std::string what = e.what();
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(what.find("insert_message"), std::string::npos) << what;
    EXPECT_EQ(what.find("retry-me"), std::string::npos) << "no bound values in errors: " << what;
    EXPECT_EQ(what.find("secret"), std::string::npos) << "no bound values in errors: " << what;
  }
  EXPECT_EQ(db_->direct_history(a, b, std::nullopt, std::nullopt, 10).size(), 2u);
}

TEST_P(MessagesTest, WithoutClientIdEveryInsertIsNew) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const auto m1 = send(a, b, "one");
  const auto m2 = send(a, b, "one");
  EXPECT_NE(m1.id, m2.id);
  EXPECT_FALSE(m1.client_id);
  EXPECT_FALSE(db_->message_by_client_id(a, ""));
  EXPECT_FALSE(db_->direct_history(a, b, std::nullopt, std::nullopt, 1)[0].client_id);
}

TEST_P(MessagesTest, HistoryPagesBackwardsAndForwardsAtTheBoundaries) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  std::vector<MessageId> sent;  // the a-b conversation, oldest first
  for (int i = 0; i < 25; ++i) {
    sent.push_back(i % 3 == 0 ? send(b, a, "m" + std::to_string(i)).id
                              : send(a, b, "m" + std::to_string(i)).id);
    send(a, c, "noise");  // other conversations never leak in
    send(c, b, "noise");
  }
  const std::vector<MessageId> newest_first(sent.rbegin(), sent.rend());
  const auto slice = [&](std::size_t from, std::size_t to) {
    return std::vector<MessageId>(newest_first.begin() + static_cast<long>(from),
                                  newest_first.begin() + static_cast<long>(to));
  };

  EXPECT_EQ(ids(db_->direct_history(a, b, std::nullopt, std::nullopt, 10)), slice(0, 10));
  EXPECT_EQ(ids(db_->direct_history(b, a, std::nullopt, std::nullopt, 10)), slice(0, 10)) << "symmetric";
  EXPECT_EQ(ids(db_->direct_history(a, b, newest_first[9], std::nullopt, 10)), slice(10, 20));
  EXPECT_EQ(ids(db_->direct_history(a, b, newest_first[19], std::nullopt, 10)), slice(20, 25))
      << "short last page";
  EXPECT_TRUE(db_->direct_history(a, b, sent.front(), std::nullopt, 10).empty())
      << "nothing before the oldest";
  EXPECT_EQ(ids(db_->direct_history(a, b, std::nullopt, std::nullopt, 100)), newest_first)
      << "limit past the end";
  EXPECT_TRUE(db_->direct_history(a, b, std::nullopt, std::nullopt, 0).empty());

  // after: the oldest `limit` newer than the mark, still newest first.
  EXPECT_EQ(ids(db_->direct_history(a, b, std::nullopt, sent[4], 3)),
            (std::vector<MessageId>{sent[7], sent[6], sent[5]}));
  EXPECT_EQ(ids(db_->direct_history(a, b, std::nullopt, sent[21], 10)),
            (std::vector<MessageId>{sent[24], sent[23], sent[22]}));
  EXPECT_TRUE(db_->direct_history(a, b, std::nullopt, sent.back(), 10).empty()) << "nothing after the newest";
  EXPECT_EQ(ids(db_->direct_history(a, b, std::nullopt, 0, 25)), newest_first);
  EXPECT_TRUE(db_->direct_history(a, c, std::nullopt, std::nullopt, 100).size() == 25u);
}

TEST_P(MessagesTest, NotesToOneselfAreOneConversation) {
  const auto a = make_user("anna");
  const auto m1 = send(a, a, "note 1");
  const auto m2 = send(a, a, "note 2");
  EXPECT_EQ(ids(db_->direct_history(a, a, std::nullopt, std::nullopt, 10)),
            (std::vector<MessageId>{m2.id, m1.id}));
  const auto rows = db_->conversations(a, 10);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].peer, a);
  EXPECT_EQ(rows[0].last_message.id, m2.id);
  EXPECT_EQ(rows[0].unread, 0) << "one's own notes are never unread";
}

TEST_P(MessagesTest, ConversationsListMostRecentFirstWithUnreadCounts) {
  const auto a = make_user("anna"), b = make_user("Bartek"), c = make_user("cezary");
  send(b, a, "b1");
  send(c, a, "c1");
  send(b, a, "b2");
  const auto last_ab = send(a, b, "a->b");
  const auto last_ac = send(c, a, "c2");
  const auto rows = db_->conversations(a, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].peer, c);
  EXPECT_EQ(rows[0].peer_username, "cezary");
  EXPECT_EQ(rows[0].last_message.id, last_ac.id);
  EXPECT_EQ(rows[0].last_message.text, "c2");
  EXPECT_EQ(rows[0].unread, 2);
  EXPECT_EQ(rows[1].peer, b);
  EXPECT_EQ(rows[1].peer_username, "Bartek");
  EXPECT_EQ(rows[1].last_message.id, last_ab.id);
  EXPECT_EQ(rows[1].unread, 2) << "only messages from the peer count";
  EXPECT_FALSE(rows[1].last_read);
  EXPECT_FALSE(rows[1].peer_last_read);
  EXPECT_EQ(db_->conversations(a, 1).size(), 1u);
  EXPECT_TRUE(db_->conversations(a, 0).empty());

  const auto for_b = db_->conversations(b, 10);
  ASSERT_EQ(for_b.size(), 1u);
  EXPECT_EQ(for_b[0].peer, a);
  EXPECT_EQ(for_b[0].unread, 1);
}

TEST_P(MessagesTest, MarkReadIsMonotonicAndStaysInsideTheConversation) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  const auto b1 = send(b, a, "b1");
  const auto b2 = send(b, a, "b2");
  const auto a1 = send(a, b, "a1");
  const auto b3 = send(b, a, "b3");
  const auto other = send(c, a, "c1");

  EXPECT_EQ(db_->mark_read(a, b, b2.id), b2.id);
  EXPECT_EQ(db_->conversations(a, 10)[1].unread, 1);
  EXPECT_EQ(db_->mark_read(a, b, b1.id), b2.id) << "never lowered: the mark stays at b2";
  EXPECT_EQ(db_->mark_read(a, b, a1.id), a1.id) << "one's own messages may be marked";
  EXPECT_FALSE(db_->mark_read(a, b, other.id)) << "a message of another conversation";
  EXPECT_FALSE(db_->mark_read(a, c, b3.id)) << "a message of another conversation";
  EXPECT_FALSE(db_->mark_read(a, b, b3.id + 1000)) << "no such message";

  const auto rows = db_->conversations(a, 10);
  const auto ab = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.peer == b; });
  ASSERT_NE(ab, rows.end());
  EXPECT_EQ(ab->last_read, std::optional<MessageId>(a1.id));
  EXPECT_EQ(ab->unread, 1) << "b3 is newer than the mark";
  EXPECT_FALSE(ab->peer_last_read);

  EXPECT_EQ(db_->mark_read(b, a, a1.id), a1.id);
  EXPECT_EQ(db_->conversations(a, 10)[1].peer_last_read, std::optional<MessageId>(a1.id));
  EXPECT_EQ(db_->mark_read(a, b, b3.id), b3.id);
  EXPECT_EQ(db_->conversations(a, 10)[1].unread, 0);
}

TEST_P(MessagesTest, SqlInjectionAndPlaceholderLookalikesAreStoredVerbatim) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const std::vector<std::string> nasty = {
      "Robert'); DROP TABLE messages;--",
      "' OR '1'='1",
      "\\'; SELECT * FROM users; --",
      "back\\slash \\\\ and \"double\" and `tick`",
      ":sender :receiver :1 ? ?1 @a $1",
      "percent % underscore _ semicolon ;",
      std::string("nul\tbyte-free control \x01\x1f chars"),
  };
  for (std::size_t i = 0; i < nasty.size(); ++i) send(a, b, nasty[i], "id'" + std::to_string(i) + ":x");
  const auto page = db_->direct_history(a, b, std::nullopt, std::nullopt, 100);
  ASSERT_EQ(page.size(), nasty.size());
  for (std::size_t i = 0; i < nasty.size(); ++i) {
    EXPECT_EQ(page[nasty.size() - 1 - i].text, nasty[i]);
    const auto by_id = db_->message_by_client_id(a, "id'" + std::to_string(i) + ":x");
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->text, nasty[i]);
  }
  EXPECT_EQ(db_->count_users(), 2);
}

TEST_P(MessagesTest, LongPolishAndCyrillicTextRoundTrips) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const std::string text = testing::unicode_text(4000);
  ASSERT_GT(text.size(), 4000u * 1.5);
  const auto m = send(a, b, text, "unicode");
  EXPECT_EQ(db_->direct_history(b, a, std::nullopt, std::nullopt, 1).at(0).text, text);
  EXPECT_EQ(db_->message_by_client_id(a, "unicode")->text, text);
  EXPECT_EQ(db_->conversations(b, 1).at(0).last_message.text, text);
  EXPECT_EQ(m.text, text);
}

TEST_P(MessagesTest, MessagesNeedExistingUsers) {
  const auto a = make_user("anna");
  EXPECT_THROW(send(a, a + 1000, "to nobody"), core::StorageError);
  EXPECT_TRUE(db_->conversations(a, 10).empty()) << "the failed insert left nothing behind";
}

HERALD_STORAGE_BACKENDS(MessagesTest);

}  // namespace
}  // namespace herald::storage
