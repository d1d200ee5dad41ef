// Property: the storage's conversation list is protocol::group_by_conversation
// (the shared library is the specification) over every message the user
// sent or received, with read marks applied. A few hundred random messages
// among a handful of users, random read marks (some stale, some from other
// conversations), checked for every user at several points.
#include <algorithm>
#include <map>
#include <random>

#include "herald/protocol/grouping.hpp"
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::MessageId;
using core::MessageRecord;
using core::UserId;
using testing::StorageTest;

class ConversationsPropertyTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (IsSkipped()) return;
    for (const char* name : {"Kamil", "anna", "Bartek", "cezary", "Dorota"}) {
      const auto id = make_user(name);
      users_.push_back(id);
      names_[id] = name;
    }
  }

  // The oracle: group_by_conversation over all messages, in id order.
  void check_user(UserId self) {
    SCOPED_TRACE("user " + names_[self]);
    auto groups = protocol::group_by_conversation(all_, self);
    // Storage lists the most recent conversation first.
    std::sort(groups.begin(), groups.end(),
              [](const auto& x, const auto& y) { return x.messages.back().id > y.messages.back().id; });
    const auto rows = db_->conversations(self, 100);
    ASSERT_EQ(rows.size(), groups.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto& group = groups[i];
      const auto& row = rows[i];
      const UserId peer = group.key.id;
      ASSERT_EQ(row.peer, peer) << "position " << i;
      EXPECT_EQ(row.peer_username, names_[peer]);
      const auto& last = group.messages.back();
      EXPECT_EQ(row.last_message.id, last.id);
      EXPECT_EQ(row.last_message.sender, last.sender);
      EXPECT_EQ(row.last_message.to, last.to);
      EXPECT_EQ(row.last_message.text, last.text);
      EXPECT_EQ(row.last_message.ts, last.ts);
      EXPECT_EQ(row.last_message.client_id, last.client_id);
      const auto mark = marks_.find({self, peer});
      const MessageId read = mark == marks_.end() ? 0 : mark->second;
      const auto unread = std::count_if(
          group.messages.begin(), group.messages.end(),
          [&](const MessageRecord& m) { return m.sender == peer && peer != self && m.id > read; });
      EXPECT_EQ(row.unread, unread) << "peer " << names_[peer];
      EXPECT_EQ(row.last_read, mark == marks_.end() ? std::nullopt : std::optional<MessageId>(read));
      const auto peer_mark = marks_.find({peer, self});
      EXPECT_EQ(row.peer_last_read,
                peer_mark == marks_.end() ? std::nullopt : std::optional<MessageId>(peer_mark->second));

      // History pages (newest first, 7 at a time) add up to the group.
      std::vector<MessageId> paged;
      std::optional<MessageId> before;
      for (;;) {
        const auto page = db_->direct_history(self, peer, before, std::nullopt, 7);
        for (const auto& m : page) paged.push_back(m.id);
        if (page.size() < 7) break;
        before = page.back().id;
      }
      std::vector<MessageId> expected;
      for (auto it = group.messages.rbegin(); it != group.messages.rend(); ++it) expected.push_back(it->id);
      EXPECT_EQ(paged, expected) << "history with " << names_[peer];
    }
  }

  std::vector<UserId> users_;
  std::map<UserId, std::string> names_;
  std::vector<MessageRecord> all_;                        // every message, id order
  std::map<std::pair<UserId, UserId>, MessageId> marks_;  // (self, peer) -> read mark
};

TEST_P(ConversationsPropertyTest, MatchesGroupByConversation) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  const std::vector<std::string> words = {"cześć", "hej", "Привет", "ok", "źdźbło", "🦉", "so'quoted", "x"};

  for (int round = 0; round < 3; ++round) {
    db_->begin();  // one transaction per round keeps MariaDB quick
    for (int i = 0; i < 100; ++i) {
      // Mostly between the first three users, so conversations have depth;
      // some notes to oneself.
      const UserId from = users_[pick(i % 4 == 0 ? users_.size() : 3)];
      const UserId to = pick(20) == 0 ? from : users_[pick(users_.size())];
      std::string text;
      for (std::size_t w = 0, n = 1 + pick(4); w < n; ++w) text += (w ? " " : "") + words[pick(words.size())];
      const std::string client_id = pick(2) == 0 ? "" : "c" + std::to_string(all_.size());
      all_.push_back(db_->insert_message(
          core::NewMessage{from, to, text, client_id, static_cast<core::Timestamp>(1000 + all_.size())}));
      if (pick(5) == 0) {
        // A read mark on a random message: its own conversation's, or not.
        const UserId self = users_[pick(users_.size())];
        const UserId peer = users_[pick(users_.size())];
        const auto& m = all_[pick(all_.size())];
        const bool belongs = m.to.is_user() &&
                             ((m.sender == self && m.to.id == peer) || (m.sender == peer && m.to.id == self));
        const auto got = db_->mark_read(self, peer, m.id);
        if (!belongs) {
          EXPECT_FALSE(got) << "message " << m.id << " is not between " << self << " and " << peer;
        } else {
          auto& mark = marks_[{self, peer}];
          mark = std::max(mark, m.id);
          EXPECT_EQ(got, std::optional<MessageId>(mark));
        }
      }
    }
    db_->commit();
    for (const auto user : users_) check_user(user);
    if (HasFatalFailure()) return;
  }
}

HERALD_STORAGE_BACKENDS(ConversationsPropertyTest);

}  // namespace
}  // namespace herald::storage
