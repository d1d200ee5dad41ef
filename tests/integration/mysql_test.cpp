// herald-server on a real MariaDB (started by scripts/test, named by
// HERALD_TEST_MYSQL_URL), including the database going away and coming back.
// Without HERALD_TEST_MYSQL_URL these tests are reported as skipped.
#include <unistd.h>

#include <thread>

#include "fixture.hpp"

namespace herald::testing {
namespace {

using beast::http::verb;

class MySqlServerTest : public ServerTest {
 protected:
  void SetUp() override {
    const char* url = std::getenv("HERALD_TEST_MYSQL_URL");
    if (url == nullptr || *url == '\0')
      GTEST_SKIP() << "HERALD_TEST_MYSQL_URL is not set: scripts/test starts MariaDB";
    url_ = url;
    ServerTest::SetUp();
  }
  std::vector<std::string> database_args() override { return {"--db", url_}; }

  /// The tests share one database: give each its own usernames.
  static std::string unique(const std::string& name) {
    static int counter = 0;
    return name + "_" + std::to_string(getpid() % 100000) + "_" + std::to_string(++counter);
  }

  /// Runs scripts/lib/mariadb.sh kill|restart on the test server.
  static void mariadb(const std::string& verb_name) {
    const char* dir = std::getenv("HERALD_TEST_MYSQL_DIR");
    ASSERT_NE(dir, nullptr) << "HERALD_TEST_MYSQL_DIR is not set";
    const std::string command = std::string("bash ") + HERALD_SOURCE_DIR + "/scripts/lib/mariadb.sh " +
                                verb_name + " " + dir + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }

  std::string url_;
};

TEST_F(MySqlServerTest, DirectMessagesNotificationsAndResumeAcrossARestart) {
  start();
  WsClient alice(port());
  const auto alice_token = alice.sign_up(unique("alice"));
  alice.hello(alice_token);
  WsClient bob(port());
  const auto bob_token = bob.sign_up(unique("bob"));
  const Json ready = bob.hello(bob_token);
  const auto bob_id = ready["user"]["id"];
  const auto cursor = ready["cursor"].get<std::int64_t>();

  const std::string text =
      "Zażółć gęślą jaźń — Съешь же ещё этих мягких французских булок "
      "🙂";
  alice.send({{"type", "message.send"}, {"client_id", "m1"}, {"to", bob_id}, {"text", text}});
  const auto first = alice.expect("ack")["id"];
  EXPECT_EQ(bob.expect("message")["message"]["text"], text) << "utf8mb4 end to end";
  auto r = post_notification({{"title", "Hi"}, {"body", ""}, {"to", {bob_id}}});
  EXPECT_EQ(r.status, 201u) << r.body;
  bob.expect("notification");

  stop(SIGTERM);
  start();
  WsClient alice2(port());
  alice2.hello(alice_token);
  alice2.send({{"type", "message.send"}, {"client_id", "m2"}, {"to", bob_id}, {"text", "after restart"}});
  const auto second = alice2.expect("ack")["id"];
  WsClient bob2(port());
  bob2.hello(bob_token, cursor);
  std::vector<Json> messages;
  for (const auto& e : bob2.replayed)
    if (e["type"] == "message") messages.push_back(e["message"]["id"]);
  EXPECT_EQ(messages, (std::vector<Json>{first, second}));
}

TEST_F(MySqlServerTest, DatabaseOutageGivesRetryableErrorsAndHealsByItself) {
  start();
  WsClient alice(port());
  const auto alice_id = alice.hello(alice.sign_up(unique("alice")))["user"]["id"];
  alice.send({{"type", "message.send"}, {"client_id", "before"}, {"to", alice_id}, {"text", "stored"}});
  alice.expect("ack");

  mariadb("kill");
  alice.send({{"type", "message.send"}, {"client_id", "during"}, {"to", alice_id}, {"text", "retry me"}});
  const Json error = alice.expect("error");
  EXPECT_EQ(error["code"], "unavailable");
  EXPECT_EQ(error["retryable"], true);
  EXPECT_EQ(http(port(), verb::get, "/readyz").status, 503u);
  EXPECT_EQ(http(port(), verb::get, "/healthz").status, 200u) << "the process itself is alive";

  mariadb("restart");
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    ready = http(port(), verb::get, "/readyz").status == 200u;
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(ready) << "/readyz did not recover within 10 s";
  alice.send({{"type", "message.send"}, {"client_id", "during"}, {"to", alice_id}, {"text", "retry me"}});
  alice.expect("ack");
  alice.send({{"type", "history.fetch"}, {"peer", alice_id}});
  const Json history = alice.expect("history");
  ASSERT_EQ(history["messages"].size(), 2u) << "the acked message survived; the retry stored once";
  EXPECT_EQ(history["messages"][0]["text"], "retry me");
  EXPECT_EQ(history["messages"][1]["text"], "stored");
}

}  // namespace
}  // namespace herald::testing
