// The seed's query runs unchanged on Herald's schema (both dialects) and
// returns Kamil's direct messages with other users, ordered by time.
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>
#include <tuple>
#include <vector>

#include "storage_fixture.hpp"

namespace herald::storage {
namespace {

using testing::StorageTest;

// Exactly the seed's text, final semicolon included.
constexpr const char* kSeedQuery =
    "SELECT m.message_id, m.sender_id, m.receiver_id, m.message_text, m.timestamp\n"
    "FROM messages m\n"
    "INNER JOIN users u_sender ON m.sender_id = u_sender.user_id\n"
    "INNER JOIN users u_receiver ON m.receiver_id = u_receiver.user_id\n"
    "WHERE (u_sender.username = 'Kamil' OR u_receiver.username = 'Kamil')\n"
    "AND (u_sender.username != 'Kamil' OR u_receiver.username != 'Kamil')\n"
    "ORDER BY m.timestamp;";

/// One row of the seed's query, in its column order.
struct SeedRow {
  long long id = 0, sender = 0, receiver = 0;
  std::string text;
  std::tm timestamp{};
};

class SeedQueryTest : public StorageTest {
 protected:
  /// Runs the seed's query verbatim and returns its rows in order.
  std::vector<SeedRow> seed_rows() {
    SeedRow row;
    soci::statement st = (db_->session().prepare << kSeedQuery, soci::into(row.id), soci::into(row.sender),
                          soci::into(row.receiver), soci::into(row.text), soci::into(row.timestamp));
    st.execute();
    std::vector<SeedRow> rows;
    while (st.fetch()) rows.push_back(row);
    return rows;
  }
};

// The server's clock in milliseconds, as the core stamps sent_ms.
long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

TEST_P(SeedQueryTest, ReturnsKamilsMessagesWithOthers) {
  const auto kamil = make_user("Kamil"), anna = make_user("Anna"), piotr = make_user("Piotr");
  const auto send = [&](core::UserId from, core::UserId to, const std::string& text) {
    return db_->insert_message(core::NewMessage{from, to, text, "", now_ms()}).id;
  };
  using Row = std::tuple<long long, long long, long long, std::string>;
  std::set<Row> expected;
  const auto expect = [&](core::UserId from, core::UserId to, const std::string& text) {
    expected.emplace(send(from, to, text), from, to, text);
  };
  expect(kamil, anna, "Cześć Anna");
  expect(anna, kamil, "Hej Kamil");
  expect(piotr, kamil, "Привет");
  send(anna, piotr, "not Kamil's");
  send(kamil, kamil, "a note to myself");  // excluded by the seed's second condition
  expect(kamil, piotr, "it's 'quoted'");

  std::set<Row> got;
  std::vector<std::time_t> times;
  for (auto& row : seed_rows()) {
    got.emplace(row.id, row.sender, row.receiver, row.text);
    times.push_back(timegm(&row.timestamp));
  }
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end())) << "ORDER BY m.timestamp";
  const std::time_t now = std::time(nullptr);
  for (const auto t : times)
    EXPECT_LE(std::abs(static_cast<long long>(t - now)), 3600) << "the insertion time (UTC)";
}

// messages.timestamp has millisecond resolution: two messages sent within
// one second come back in the order they were sent (their sent_ms), even
// when that is not their id order.
TEST_P(SeedQueryTest, OrdersMessagesSentWithinOneSecondBySendTime) {
  const auto kamil = make_user("Kamil"), anna = make_user("Anna");
  const long long second = now_ms() / 1000 * 1000;
  const auto later = db_->insert_message(core::NewMessage{kamil, anna, "later", "", second + 900}).id;
  const auto earlier = db_->insert_message(core::NewMessage{anna, kamil, "earlier", "", second + 100}).id;
  ASSERT_LT(later, earlier);

  std::vector<long long> ids;
  for (const auto& row : seed_rows()) ids.push_back(row.id);
  EXPECT_EQ(ids, (std::vector<long long>{earlier, later})) << "ORDER BY m.timestamp, in ms";
}

HERALD_STORAGE_BACKENDS(SeedQueryTest);

}  // namespace
}  // namespace herald::storage
