// Notifications: to a list and to everyone, read state, paging, idempotency.
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::NewNotification;
using core::NotificationId;
using testing::StorageTest;

class NotificationsTest : public StorageTest {
 protected:
  NewNotification notification(const std::string& client_id, std::vector<core::UserId> to,
                               bool everyone = false) {
    NewNotification n;
    n.client_scope = "api";
    n.client_id = client_id;
    n.title = "Title " + client_id;
    n.body = "Body";
    n.ts = 5000;
    n.to = std::move(to);
    n.everyone = everyone;
    return n;
  }
  static std::vector<NotificationId> ids(const std::vector<core::NotificationRecord>& page) {
    std::vector<NotificationId> out;
    for (const auto& n : page) out.push_back(n.id);
    return out;
  }
};

TEST_P(NotificationsTest, ToAListCountsDistinctRecipients) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  auto n = notification("n1", {a, b, b});
  n.sender = c;
  n.kind = "deploy";
  n.link = "https://example.com/x?a=1&b=2";
  const auto [record, recipients] = db_->insert_notification(n);
  EXPECT_EQ(recipients, 2);
  EXPECT_GT(record.id, 0);
  EXPECT_EQ(record.sender, std::optional<core::UserId>(c));
  EXPECT_EQ(record.title, "Title n1");
  EXPECT_EQ(record.kind, std::optional<std::string>("deploy"));
  EXPECT_FALSE(record.read);

  const auto for_a = db_->notifications(a, std::nullopt, 10);
  ASSERT_EQ(for_a.size(), 1u);
  EXPECT_EQ(for_a[0].id, record.id);
  EXPECT_EQ(for_a[0].sender, std::optional<core::UserId>(c));
  EXPECT_EQ(for_a[0].title, "Title n1");
  EXPECT_EQ(for_a[0].body, "Body");
  EXPECT_EQ(for_a[0].kind, std::optional<std::string>("deploy"));
  EXPECT_EQ(for_a[0].link, std::optional<std::string>("https://example.com/x?a=1&b=2"));
  EXPECT_EQ(for_a[0].ts, 5000);
  EXPECT_FALSE(for_a[0].read);
  EXPECT_EQ(db_->notifications(b, std::nullopt, 10).size(), 1u);
  EXPECT_TRUE(db_->notifications(c, std::nullopt, 10).empty()) << "the sender is not a recipient";
}

TEST_P(NotificationsTest, ToEveryoneReachesEveryUser) {
  for (int i = 0; i < 7; ++i) make_user("user" + std::to_string(i));
  const auto [record, recipients] = db_->insert_notification(notification("all", {}, true));
  EXPECT_EQ(recipients, 7);
  EXPECT_FALSE(record.sender) << "absent: the system";
  EXPECT_FALSE(record.kind);
  EXPECT_FALSE(record.link);
  const auto later = make_user("latecomer");
  EXPECT_TRUE(db_->notifications(later, std::nullopt, 10).empty())
      << "users who join later are not recipients";
  const auto u0 = db_->user_by_name("user0")->info.id;
  const auto page = db_->notifications(u0, std::nullopt, 10);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_FALSE(page[0].sender);
  EXPECT_FALSE(page[0].kind);
  EXPECT_FALSE(page[0].link);
}

TEST_P(NotificationsTest, ReadStateAndUnreadCounts) {
  const auto a = make_user("anna"), b = make_user("bartek");
  std::vector<NotificationId> sent;
  for (int i = 0; i < 5; ++i)
    sent.push_back(db_->insert_notification(notification("r" + std::to_string(i), {a, b})).first.id);
  EXPECT_EQ(db_->unread_notifications(a), 5);
  using Read = core::Storage::NotificationRead;
  EXPECT_EQ(db_->mark_notification_read(a, sent[1], 9000), Read::marked);
  EXPECT_EQ(db_->mark_notification_read(a, sent[1], 9001), Read::already_read);
  EXPECT_EQ(db_->mark_notification_read(a, sent.back() + 100, 9001), Read::not_found) << "no such notification";
  EXPECT_EQ(db_->unread_notifications(a), 4);
  EXPECT_EQ(db_->unread_notifications(b), 5) << "read state is per recipient";
  const auto page = db_->notifications(a, std::nullopt, 10);
  ASSERT_EQ(page.size(), 5u);
  for (const auto& n : page) EXPECT_EQ(n.read, n.id == sent[1]) << n.id;

  EXPECT_EQ(db_->mark_all_notifications_read(a, 9100), 4);
  EXPECT_EQ(db_->mark_all_notifications_read(a, 9200), 0);
  EXPECT_EQ(db_->unread_notifications(a), 0);
  EXPECT_EQ(db_->unread_notifications(b), 5);
  const auto c = make_user("cezary");
  EXPECT_EQ(db_->mark_notification_read(c, sent[0], 1), core::Storage::NotificationRead::not_found)
      << "not a recipient";
}

TEST_P(NotificationsTest, PagesNewestFirstBeforeAnId) {
  const auto a = make_user("anna");
  std::vector<NotificationId> sent;
  for (int i = 0; i < 12; ++i)
    sent.push_back(db_->insert_notification(notification("p" + std::to_string(i), {a})).first.id);
  const std::vector<NotificationId> newest_first(sent.rbegin(), sent.rend());
  EXPECT_EQ(ids(db_->notifications(a, std::nullopt, 5)),
            std::vector<NotificationId>(newest_first.begin(), newest_first.begin() + 5));
  EXPECT_EQ(ids(db_->notifications(a, newest_first[4], 5)),
            std::vector<NotificationId>(newest_first.begin() + 5, newest_first.begin() + 10));
  EXPECT_EQ(ids(db_->notifications(a, newest_first[9], 5)),
            std::vector<NotificationId>(newest_first.begin() + 10, newest_first.end()));
  EXPECT_TRUE(db_->notifications(a, sent.front(), 5).empty());
  EXPECT_TRUE(db_->notifications(a, std::nullopt, 0).empty());
}

TEST_P(NotificationsTest, ClientIdIsUniquePerScope) {
  const auto a = make_user("anna");
  const auto first = db_->insert_notification(notification("same", {a})).first;
  const auto found = db_->notification_by_client_id("api", "same");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->title, "Title same");
  EXPECT_FALSE(found->read);
  EXPECT_FALSE(db_->notification_by_client_id("system", "same"));
  EXPECT_FALSE(db_->notification_by_client_id("api", "other"));

  auto other_scope = notification("same", {a});
  other_scope.client_scope = "user:" + std::to_string(a);
  EXPECT_NO_THROW(db_->insert_notification(other_scope));
  try {
    db_->insert_notification(notification("same", {a}));
    FAIL() << "UNIQUE(client_scope, client_id)";
  } catch (const core::StorageError& e) {
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("same"), std::string::npos) << e.what();
  }
  // No client id: never deduplicated.
  EXPECT_NO_THROW(db_->insert_notification(notification("", {a})));
  EXPECT_NO_THROW(db_->insert_notification(notification("", {a})));
  EXPECT_FALSE(db_->notification_by_client_id("api", ""));
}

TEST_P(NotificationsTest, UnicodeBodyRoundTrips) {
  const auto a = make_user("anna");
  auto n = notification("u", {a});
  n.title = testing::unicode_text(200);
  n.body = testing::unicode_text(4000);
  db_->insert_notification(n);
  const auto page = db_->notifications(a, std::nullopt, 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].title, n.title);
  EXPECT_EQ(page[0].body, n.body);
}

HERALD_STORAGE_BACKENDS(NotificationsTest);

}  // namespace
}  // namespace herald::storage
