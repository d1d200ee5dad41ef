// Grouping on the seed's semantics (shared/seed: groupMessages(messages, bySender)).
#include "herald/protocol/grouping.hpp"

#include <gtest/gtest.h>

namespace herald::protocol {
namespace {

MessageRecord dm(MessageId id, UserId from, UserId to, Timestamp ts = 0) {
  MessageRecord m;
  m.id = id;
  m.sender = from;
  m.to = Target::user(to);
  m.text = "m" + std::to_string(id);
  m.ts = ts;
  return m;
}

MessageRecord in_room(MessageId id, UserId from, RoomId room, Timestamp ts = 0) {
  MessageRecord m = dm(id, from, 0, ts);
  m.to = Target::room(room);
  return m;
}

std::vector<MessageId> ids(const MessageGroup& g) {
  std::vector<MessageId> out;
  for (const auto& m : g.messages) out.push_back(m.id);
  return out;
}

// Kamil is user 1; the seed's query returns his conversation ordered by time.
const std::vector<MessageRecord> kKamil = {dm(1, 1, 2), dm(2, 2, 1), dm(3, 3, 1),
                                           dm(4, 1, 3), dm(5, 2, 1), dm(6, 1, 2)};

TEST(Grouping, BySenderKeepsFirstAppearanceOrderLikeAJavaScriptMap) {
  const auto groups = group_messages(kKamil);  // bySender defaults to true, as in the seed
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].key, Target::user(1));
  EXPECT_EQ(ids(groups[0]), (std::vector<MessageId>{1, 4, 6}));
  EXPECT_EQ(groups[1].key, Target::user(2));
  EXPECT_EQ(ids(groups[1]), (std::vector<MessageId>{2, 5}));
  EXPECT_EQ(groups[2].key, Target::user(3));
  EXPECT_EQ(ids(groups[2]), (std::vector<MessageId>{3}));
}

TEST(Grouping, ByReceiver) {
  const auto groups = group_messages(kKamil, GroupBy::receiver);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].key, Target::user(2));
  EXPECT_EQ(ids(groups[0]), (std::vector<MessageId>{1, 6}));
  EXPECT_EQ(groups[1].key, Target::user(1));
  EXPECT_EQ(ids(groups[1]), (std::vector<MessageId>{2, 3, 5}));
  EXPECT_EQ(groups[2].key, Target::user(3));
  EXPECT_EQ(ids(groups[2]), (std::vector<MessageId>{4}));
}

TEST(Grouping, EmptyInputGivesNoGroups) {
  EXPECT_TRUE(group_messages({}).empty());
  EXPECT_TRUE(group_by_conversation({}, 1).empty());
  EXPECT_TRUE(sender_runs({}).empty());
}

TEST(Grouping, ByReceiverKeysRoomMessagesByRoom) {
  const auto groups = group_messages({in_room(1, 2, 9), dm(2, 2, 1), in_room(3, 3, 9)}, GroupBy::receiver);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].key, Target::room(9));
  EXPECT_EQ(ids(groups[0]), (std::vector<MessageId>{1, 3}));
}

TEST(Grouping, ByConversationMergesBothDirections) {
  std::vector<MessageRecord> all = kKamil;
  all.push_back(dm(7, 2, 3));  // between two other users: not Kamil's
  all.push_back(in_room(8, 2, 9));
  all.push_back(dm(9, 1, 1));  // a note to himself
  const auto groups = group_by_conversation(all, 1);
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].key, Target::user(2));
  EXPECT_EQ(ids(groups[0]), (std::vector<MessageId>{1, 2, 5, 6}));
  EXPECT_EQ(groups[1].key, Target::user(3));
  EXPECT_EQ(ids(groups[1]), (std::vector<MessageId>{3, 4}));
  EXPECT_EQ(groups[2].key, Target::room(9));
  EXPECT_EQ(groups[3].key, Target::user(1));
  EXPECT_EQ(ids(groups[3]), (std::vector<MessageId>{9}));
}

TEST(Grouping, RunsBreakOnSenderChange) {
  const auto runs =
      sender_runs({dm(1, 1, 2, 0), dm(2, 1, 2, 10), dm(3, 2, 1, 20), dm(4, 1, 2, 30), dm(5, 1, 2, 40)});
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].sender, 1);
  EXPECT_EQ(runs[0].first, 0u);
  EXPECT_EQ(runs[0].count, 2u);
  EXPECT_EQ(runs[1].sender, 2);
  EXPECT_EQ(runs[1].first, 2u);
  EXPECT_EQ(runs[1].count, 1u);
  EXPECT_EQ(runs[2].first, 3u);
  EXPECT_EQ(runs[2].count, 2u);
}

TEST(Grouping, RunsBreakOnGapAtAndPastTheLimit) {
  const Timestamp gap = 1000;
  const auto at = sender_runs({dm(1, 1, 2, 0), dm(2, 1, 2, gap)}, gap);
  EXPECT_EQ(at.size(), 1u) << "a gap equal to the limit continues the run";
  const auto past = sender_runs({dm(1, 1, 2, 0), dm(2, 1, 2, gap + 1)}, gap);
  EXPECT_EQ(past.size(), 2u);
  const auto backwards = sender_runs({dm(1, 1, 2, 500), dm(2, 1, 2, 100)}, gap);
  EXPECT_EQ(backwards.size(), 2u) << "a message older than its predecessor starts a new run";
}

TEST(Grouping, RunsCoverEveryMessageOnce) {
  std::vector<MessageRecord> messages;
  for (int i = 0; i < 50; ++i) messages.push_back(dm(i + 1, 1 + (i / 3) % 2, 2, i * 1000));
  std::size_t covered = 0;
  for (const auto& run : sender_runs(messages)) {
    EXPECT_EQ(run.first, covered);
    covered += run.count;
  }
  EXPECT_EQ(covered, messages.size());
}

}  // namespace
}  // namespace herald::protocol
