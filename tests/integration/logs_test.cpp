// The log tells operators what happened and never carries a secret: run the
// server, sign in (right and wrong), resume with the token, use the API key
// (right and wrong), then grep the log file.
#include <regex>

#include "fixture.hpp"

namespace herald::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

TEST_F(ServerTest, LogsEventsButNoTokensPasswordsOrKeys) {
  const auto log_file = dir_ / "herald.log";
  start({"--log-file", log_file.string(), "--log-level", "trace"});
  const std::string password = "Correct-Horse-Battery-7";
  const std::string wrong_password = "Wrong-Horse-Battery-8";
  const std::string wrong_key = "wrong-api-key-5551212";

  WsClient alice(port());
  const std::string token = alice.sign_up("alice", password);
  alice.hello(token);
  WsClient again(port());
  again.send({{"type", "sign_in"}, {"username", "alice"}, {"password", password}});
  const std::string second_token = again.expect("session")["token"];
  WsClient wrong(port());
  wrong.send({{"type", "sign_in"}, {"username", "alice"}, {"password", wrong_password}});
  EXPECT_EQ(wrong.expect("error")["code"], "invalid_credentials");
  WsClient forged(port());
  forged.send({{"type", "hello"}, {"token", std::string(64, 'a')}});
  EXPECT_EQ(forged.expect("error")["code"], "invalid_token");
  EXPECT_EQ(post_notification({{"title", "Hello"}, {"body", "x"}, {"everyone", true}}).status, 201u);
  EXPECT_EQ(post_notification({{"title", "No"}, {"body", "x"}, {"everyone", true}}, wrong_key).status, 401u);
  alice.expect("notification");
  ASSERT_EQ(stop(SIGTERM), 0);

  const auto log = read_file(log_file);
  for (const auto& secret :
       {password, wrong_password, token, second_token, std::string(kApiKey), wrong_key, std::string(64, 'a')})
    EXPECT_EQ(log.find(secret), std::string::npos) << "the log contains a secret: " << secret;
  // Tokens are hex: no 64-hex-digit run at all.
  EXPECT_FALSE(std::regex_search(log, std::regex("[0-9a-f]{32}"))) << log;

  for (const char* line :
       {"connection 1 opened from 127.0.0.1", "signed in as alice (user 1) with a password",
        "signed in as alice (user 1) with a session token", "sign-in failed: invalid_credentials",
        "sign-in failed: invalid_token", "refused: missing or wrong API key", "signal 15: shutting down",
        "connections with 1001", "stopped"})
    EXPECT_NE(log.find(line), std::string::npos) << "missing \"" << line << "\" in\n" << log;
  EXPECT_NE(log.find(" warning connection 3 sign-in failed"), std::string::npos)
      << "failed sign-ins are warnings";
}

}  // namespace
}  // namespace herald::testing
