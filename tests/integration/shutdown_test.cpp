// SIGTERM with clients connected and writes in flight: the server stops
// accepting, commits what is pending, closes clients with 1001 and exits 0
// within its grace period; every acknowledged message is in the database.
#include <set>
#include <thread>

#include "fixture.hpp"

namespace herald::testing {
namespace {

constexpr int kWriters = 6;
constexpr int kMessagesEach = 80;  // below the per-connection frame burst (100)

TEST_F(ServerTest, SigtermCommitsAcknowledgedWritesAndClosesWith1001) {
  // All writers are one user: lift that user's message.send limits so that
  // every message is in flight when the signal comes.
  start({"--rate-limit", "message.send.connection=100/50,message.send.user=1000/500"});
  WsClient alice(port());
  const auto alice_token = alice.sign_up("alice");
  alice.hello(alice_token);
  WsClient bob(port());
  const auto bob_token = bob.sign_up("bob");
  const std::int64_t bob_id = bob.hello(bob_token)["user"]["id"];

  std::vector<std::unique_ptr<WsClient>> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.push_back(std::make_unique<WsClient>(port()));
    writers.back()->hello(alice_token);
  }
  // Every writer sends all its messages without waiting for an answer.
  for (int w = 0; w < kWriters; ++w)
    for (int i = 0; i < kMessagesEach; ++i)
      writers[w]->send({{"type", "message.send"},
                        {"client_id", "w" + std::to_string(w) + "-" + std::to_string(i)},
                        {"to", bob_id},
                        {"text", "in flight"}});

  // Each client reads until the server closes it, on its own thread.
  std::vector<std::vector<Json>> frames(kWriters);
  std::vector<std::optional<std::uint16_t>> codes(kWriters);
  std::vector<std::thread> readers;
  for (int w = 0; w < kWriters; ++w)
    readers.emplace_back([&, w] { codes[w] = writers[w]->close_code(&frames[w]); });
  std::optional<std::uint16_t> bob_code;
  std::thread bob_reader([&] { bob_code = bob.close_code(); });

  const auto signalled = std::chrono::steady_clock::now();
  const int status = stop(SIGTERM);
  const auto took = std::chrono::steady_clock::now() - signalled;
  for (auto& t : readers) t.join();
  bob_reader.join();

  ASSERT_TRUE(WIFEXITED(status)) << "killed after the test's 10 s limit";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_LT(took, std::chrono::seconds(6)) << "the grace period is 5 s";
  std::set<std::int64_t> acked;
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(codes[w], std::optional<std::uint16_t>(1001)) << "writer " << w;
    for (const auto& f : frames[w])
      if (f["type"] == "ack") acked.insert(f["id"].get<std::int64_t>());
  }
  EXPECT_EQ(bob_code, std::optional<std::uint16_t>(1001));
  EXPECT_GT(acked.size(), 0u) << "nothing was in flight";

  // After a restart, every acknowledged message is in the conversation.
  start();
  WsClient reader(port());
  reader.hello(alice_token);
  std::set<std::int64_t> stored;
  std::optional<std::int64_t> before;
  for (;;) {
    Json fetch = {{"type", "history.fetch"}, {"peer", bob_id}, {"limit", 200}};
    if (before) fetch["before"] = *before;
    reader.send(fetch);
    const Json page = reader.expect("history");
    for (const auto& m : page["messages"]) stored.insert(m["id"].get<std::int64_t>());
    if (!page["more"].get<bool>() || page["messages"].empty()) break;
    before = page["messages"].back()["id"].get<std::int64_t>();
  }
  for (auto id : acked) EXPECT_EQ(stored.count(id), 1u) << "acked message " << id << " was lost";
}

}  // namespace
}  // namespace herald::testing
