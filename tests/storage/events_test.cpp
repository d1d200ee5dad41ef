// The event log behind resume cursors.
#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using core::Cursor;
using testing::StorageTest;

class EventsTest : public StorageTest {
 protected:
  static std::vector<Cursor> cursors(const std::vector<core::EventRow>& rows) {
    std::vector<Cursor> out;
    for (const auto& r : rows) out.push_back(r.cursor);
    return out;
  }
};

TEST_P(EventsTest, EachRecipientSeesItsEventsInOrder) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  EXPECT_EQ(db_->latest_cursor(a), 0);
  EXPECT_TRUE(db_->events_after(a, 0, 10).empty());
  const Cursor e1 = db_->append_event(R"({"type":"message","cursor":0})", {a, b, a}, 1);
  const Cursor e2 = db_->append_event("only b", {b}, 2);
  const Cursor e3 = db_->append_event("a and c", {c, a}, 3);
  EXPECT_LT(e1, e2);
  EXPECT_LT(e2, e3);

  const auto for_a = db_->events_after(a, 0, 10);
  EXPECT_EQ(cursors(for_a), (std::vector<Cursor>{e1, e3})) << "duplicate recipients ignored";
  EXPECT_EQ(for_a[0].payload, R"({"type":"message","cursor":0})");
  EXPECT_EQ(for_a[1].payload, "a and c");
  EXPECT_EQ(cursors(db_->events_after(b, 0, 10)), (std::vector<Cursor>{e1, e2}));
  EXPECT_EQ(cursors(db_->events_after(a, e1, 10)), (std::vector<Cursor>{e3}));
  EXPECT_TRUE(db_->events_after(a, e3, 10).empty());
  EXPECT_EQ(db_->latest_cursor(a), e3);
  EXPECT_EQ(db_->latest_cursor(b), e2);
  EXPECT_EQ(db_->latest_cursor(c), e3);
}

TEST_P(EventsTest, LimitPagesOldestFirst) {
  const auto a = make_user("anna");
  std::vector<Cursor> all;
  for (int i = 0; i < 30; ++i) all.push_back(db_->append_event("e" + std::to_string(i), {a}, i));
  EXPECT_EQ(cursors(db_->events_after(a, 0, 10)), std::vector<Cursor>(all.begin(), all.begin() + 10));
  EXPECT_EQ(cursors(db_->events_after(a, all[9], 10)),
            std::vector<Cursor>(all.begin() + 10, all.begin() + 20));
  EXPECT_EQ(cursors(db_->events_after(a, all[24], 10)), std::vector<Cursor>(all.begin() + 25, all.end()));
  EXPECT_TRUE(db_->events_after(a, 0, 0).empty());
}

TEST_P(EventsTest, ForEveryoneIsOneCursorForAllUsers) {
  const auto a = make_user("anna"), b = make_user("bartek");
  const Cursor before = db_->append_event("just a", {a}, 1);
  const Cursor all = db_->append_event_for_everyone("broadcast", 2);
  EXPECT_GT(all, before);
  for (const auto user : {a, b}) {
    const auto rows = db_->events_after(user, before, 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].cursor, all);
    EXPECT_EQ(rows[0].payload, "broadcast");
    EXPECT_EQ(db_->latest_cursor(user), all);
  }
  const auto later = make_user("cezary");
  EXPECT_EQ(db_->latest_cursor(later), 0);
}

TEST_P(EventsTest, RoomEventsAreStoredOnceAndReplayedToCurrentMembers) {
  const auto a = make_user("anna"), b = make_user("bartek"), c = make_user("cezary");
  const auto room = db_->create_room(core::NewRoom{a, "general", protocol::Visibility::public_room, "r", 1}).first;
  ASSERT_TRUE(db_->add_room_member(room.id, b, 1));
  const Cursor own = db_->append_event("to a alone", {a}, 2);
  const Cursor said = db_->append_room_event("room message", room.id, 3);
  const Cursor other = db_->append_event("to c alone", {c}, 4);
  EXPECT_EQ(cursors(db_->events_after(a, 0, 10)), (std::vector<Cursor>{own, said}))
      << "own events and the room's, merged in cursor order";
  EXPECT_EQ(cursors(db_->events_after(b, 0, 10)), (std::vector<Cursor>{said}));
  EXPECT_EQ(cursors(db_->events_after(c, 0, 10)), (std::vector<Cursor>{other})) << "not a member";
  EXPECT_EQ(cursors(db_->events_after(a, own, 10)), (std::vector<Cursor>{said}));
  EXPECT_EQ(cursors(db_->events_after(a, own, 0)), (std::vector<Cursor>{}));
  EXPECT_EQ(db_->events_after(b, 0, 10).at(0).payload, "room message");
  EXPECT_EQ(db_->latest_cursor(a), said);
  EXPECT_EQ(db_->latest_cursor(b), said);
  EXPECT_EQ(db_->latest_cursor(c), other);

  db_->remove_room_member(room.id, b);
  EXPECT_TRUE(db_->events_after(b, 0, 10).empty()) << "a former member no longer replays the room";
  ASSERT_TRUE(db_->add_room_member(room.id, c, 5));
  EXPECT_EQ(cursors(db_->events_after(c, other, 10)), (std::vector<Cursor>{}))
      << "a new member's cursor is already past the room's old events";
  const Cursor later = db_->append_room_event("after c joined", room.id, 6);
  EXPECT_EQ(cursors(db_->events_after(c, other, 10)), (std::vector<Cursor>{later}));
}

TEST_P(EventsTest, EventWithoutRecipientsStillTakesACursor) {
  const auto a = make_user("anna");
  const Cursor e1 = db_->append_event("nobody", {}, 1);
  const Cursor e2 = db_->append_event("a", {a}, 2);
  EXPECT_LT(e1, e2);
  EXPECT_EQ(cursors(db_->events_after(a, 0, 10)), (std::vector<Cursor>{e2}));
}

TEST_P(EventsTest, LargeUnicodePayloadRoundTrips) {
  const auto a = make_user("anna");
  const std::string payload = R"({"text":")" + testing::unicode_text(16000) + R"("})";
  db_->append_event(payload, {a}, 1);
  EXPECT_EQ(db_->events_after(a, 0, 1).at(0).payload, payload);
}

HERALD_STORAGE_BACKENDS(EventsTest);

}  // namespace
}  // namespace herald::storage
