// `herald-server admin ...` against the same database flags as the server,
// checked through the running server afterwards; and the sample config.
#include "command.hpp"
#include "fixture.hpp"

namespace herald::testing {
namespace {

class AdminTest : public ServerTest {
 protected:
  CommandResult admin(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {HERALD_SERVER_BINARY, "admin"});
    // The database flags after the subcommand, as an operator would type them.
    args.insert(args.end(), {"--data-dir", (dir_ / "data").string(), "--password-cost", "minimal"});
    return run_command(args, input, dir_ / "admin");
  }
};

TEST_F(AdminTest, CreateUserReadsThePasswordFromStdin) {
  auto r = admin({"create-user", "alice", "--password-stdin"}, "Secret-Password-1\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "created user alice (id 1)\n");
  r = admin({"create-user", "ALICE", "--password-stdin"}, "Another-Password-2\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("taken"), std::string::npos) << r.err;
  r = admin({"create-user", "bob", "--password-stdin"}, "short\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("invalid_password"), std::string::npos) << r.err;
  r = admin({"create-user", "bob"}, "Secret-Password-1\n");
  EXPECT_NE(r.exit_code, 0) << "--password-stdin is required";

  start();
  WsClient alice(port());
  alice.send({{"type", "sign_in"}, {"username", "alice"}, {"password", "Secret-Password-1"}});
  EXPECT_EQ(alice.expect("session")["user"]["username"], "alice");
}

TEST_F(AdminTest, SetAdminOnAndOff) {
  ASSERT_EQ(admin({"create-user", "carol", "--password-stdin"}, "Secret-Password-1\n").exit_code, 0);
  auto r = admin({"set-admin", "carol"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "carol (id 1) is now an admin\n");
  start();
  {
    WsClient carol(port());
    carol.send({{"type", "sign_in"}, {"username", "carol"}, {"password", "Secret-Password-1"}});
    EXPECT_EQ(carol.expect("session")["user"]["admin"], true);
  }
  r = admin({"set-admin", "carol", "--off"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "carol (id 1) is no longer an admin\n");
  WsClient carol(port());
  carol.send({{"type", "sign_in"}, {"username", "carol"}, {"password", "Secret-Password-1"}});
  EXPECT_EQ(carol.expect("session")["user"]["admin"], false);
  EXPECT_EQ(admin({"set-admin", "nobody"}).exit_code, 1);
}

TEST_F(AdminTest, NotifyUsersOrEveryoneAndStats) {
  ASSERT_EQ(admin({"create-user", "dan", "--password-stdin"}, "Secret-Password-1\n").exit_code, 0);
  ASSERT_EQ(admin({"create-user", "eve", "--password-stdin"}, "Secret-Password-2\n").exit_code, 0);
  auto r = admin({"notify", "--title", "Maintenance", "--body", "Tonight at 22:00", "--to", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent to 1 users"), std::string::npos) << r.out;
  r = admin({"notify", "--title", "Hello all", "--body", "", "--everyone"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sent to 2 users"), std::string::npos) << r.out;
  r = admin({"notify", "--title", "x", "--body", "y", "--to", "1", "--to", "99"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no users with ids 99"), std::string::npos) << r.err;
  EXPECT_NE(admin({"notify", "--title", "x", "--body", "y"}).exit_code, 0) << "--to or --everyone";
  EXPECT_NE(admin({"notify", "--title", "x", "--body", "y", "--to", "1", "--everyone"}).exit_code, 0);

  r = admin({"stats"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "users 2\nmessages 0\nnotifications 2\n");

  // A client that signs in finds them in its inbox, newest first.
  start();
  WsClient dan(port());
  dan.send({{"type", "sign_in"}, {"username", "dan"}, {"password", "Secret-Password-1"}});
  const Json ready = dan.hello(dan.expect("session")["token"]);
  ASSERT_EQ(ready["notifications"].size(), 2u) << ready.dump();
  EXPECT_EQ(ready["notifications"][0]["title"], "Hello all");
  EXPECT_EQ(ready["notifications"][1]["title"], "Maintenance");
  // ... and one that resumes from an older cursor replays them as events.
  WsClient eve(port());
  eve.send({{"type", "sign_in"}, {"username", "eve"}, {"password", "Secret-Password-2"}});
  eve.hello(eve.expect("session")["token"], 0);
  ASSERT_EQ(eve.replayed.size(), 1u);
  EXPECT_EQ(eve.replayed[0]["type"], "notification");
  EXPECT_EQ(eve.replayed[0]["notification"]["title"], "Hello all");

  // stats while the server runs (SQLite in WAL mode).
  dan.send({{"type", "message.send"}, {"client_id", "m1"}, {"to", 2}, {"text", "hi"}});
  dan.expect("ack");
  EXPECT_EQ(admin({"stats"}).out, "users 2\nmessages 1\nnotifications 2\n");
}

TEST_F(AdminTest, TheSampleConfigIsValid) {
  const auto r = run_command({HERALD_SERVER_BINARY, "--config", HERALD_SOURCE_DIR "/deploy/herald.toml",
                              "--data-dir", (dir_ / "data").string(), "--check-config"},
                             "", dir_ / "check");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "configuration OK\n");
}

TEST_F(AdminTest, APusherAppAskingForCountWebhooksWithoutCountingIsRefusedAtStart) {
  const auto config = dir_ / "pusher.toml";
  const auto write = [&](const std::string& counting) {
    std::ofstream(config) << "[pusher_app.chat]\nkey = \"chat-key\"\nsecret = \"chat-secret-0123456789\"\n"
                          << "webhook_url = \"http://127.0.0.1:9/hooks\"\n"
                          << "webhook_events = [\"channel_occupied\", \"subscription_count\"]\n"
                          << counting;
  };
  const auto check = [&] {
    return run_command({HERALD_SERVER_BINARY, "--config", config.string(), "--data-dir", (dir_ / "data").string(),
                        "--check-config"},
                       "", dir_ / "check-pusher");
  };
  write("");
  auto r = check();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("[pusher_app.chat] webhook_events: lists subscription_count, which needs "
                       "subscription_count = true"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("chat-secret"), std::string::npos) << "no secret in the message";
  write("subscription_count = true\n");
  r = check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace herald::testing
