// Registration, sign-in, sessions and the signed-out state, with no network.
#include "harness.hpp"

namespace herald::testing {
namespace {

/// A new connection from `address` on which dave sends sign_in with `password`.
core::ConnectionId dave_signs_in(Harness& h, const std::string& address, const std::string& password) {
  const auto c = h.connect(address);
  h.send(c, {{"type", "sign_in"}, {"username", "dave"}, {"password", password}});
  return c;
}

TEST(Accounts, RegisterReturnsASessionThatSignsIn) {
  Harness h;
  const auto token = h.register_user("alice");
  ASSERT_EQ(token.size(), 64u);
  Json ready;
  h.sign_in(token, std::nullopt, &ready);
  EXPECT_EQ(ready["user"]["username"], "alice");
  EXPECT_EQ(ready["user"]["admin"], false);
  EXPECT_EQ(ready["unread_notifications"], 0);
  EXPECT_TRUE(ready["conversations"].empty());
}

TEST(Accounts, UsernamesAreUniqueIgnoringCase) {
  Harness h;
  h.register_user("Alice");
  const auto c = h.connect();
  h.send(c, {{"type", "register"}, {"ref", "r1"}, {"username", "aLiCe"}, {"password", "password123"}});
  const Json error = h.expect(c, "error");
  EXPECT_EQ(error["code"], "username_taken");
  EXPECT_EQ(error["ref"], "r1");
}

TEST(Accounts, SignInWithPasswordGivesANewWorkingToken) {
  Harness h;
  const auto first = h.register_user("bob", "correct horse");
  const auto c = h.connect();
  h.send(c, {{"type", "sign_in"}, {"username", "BOB"}, {"password", "correct horse"}});
  const Json session = h.expect(c, "session");
  EXPECT_NE(session["token"], first);
  EXPECT_EQ(session["user"]["username"], "bob");
  h.sign_in(session["token"].get<std::string>());
}

TEST(Accounts, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  Harness h;
  h.register_user("carol", "password123");
  const auto c = h.connect();
  h.send(c, {{"type", "sign_in"}, {"username", "carol"}, {"password", "wrong-password"}});
  const Json wrong = h.expect(c, "error");
  h.send(c, {{"type", "sign_in"}, {"username", "nobody"}, {"password", "password123"}});
  const Json unknown = h.expect(c, "error");
  EXPECT_EQ(wrong["code"], "invalid_credentials");
  EXPECT_EQ(wrong, unknown) << "the reply must not reveal whether the username exists";
}

TEST(Accounts, SignInIsRateLimitedPerAccount) {
  auto config = test_config();
  config.sign_in_per_account = {3, 3.0 / 60};
  Harness h(config);
  h.register_user("dave");
  std::vector<std::string> codes;
  for (int i = 0; i < 5; ++i) {
    const auto c =
        dave_signs_in(h, "198.51.100." + std::to_string(i), "bad-password");  // a new address each time
    codes.push_back(h.expect(c, "error")["code"].get<std::string>());
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"invalid_credentials", "invalid_credentials",
                                             "invalid_credentials", "rate_limited", "rate_limited"}));
  // The bucket refills with time.
  h.clock.now += 60'000;
  const auto c = dave_signs_in(h, "192.0.2.1", "password123");  // the default address
  h.expect(c, "session");
}

TEST(Accounts, SignInIsRateLimitedPerAddress) {
  auto config = test_config();
  config.sign_in_per_address = {2, 2.0 / 60};
  Harness h(config);
  const auto c = h.connect("203.0.113.9");
  for (const char* name : {"u1x", "u2x"}) {
    h.send(c, {{"type", "sign_in"}, {"username", name}, {"password", "password123"}});
    EXPECT_EQ(h.expect(c, "error")["code"], "invalid_credentials");
  }
  h.send(c, {{"type", "sign_in"}, {"username", "u3x"}, {"password", "password123"}});
  EXPECT_EQ(h.expect(c, "error")["code"], "rate_limited");
}

// Issue #12: five wrong passwords from anywhere, then one every 12 s from
// fresh addresses, must not keep the owner out of their own account.
TEST(Accounts, GuessesFromElsewhereDoNotLockTheOwnerOutOfAKnownAddress) {
  Harness h;
  h.register_user("dave", "password123");
  const std::string home = "192.0.2.50";
  auto c = dave_signs_in(h, home, "password123");
  h.expect(c, "session");  // home is now known for dave
  for (int i = 0; i < 5; ++i) {
    const auto attacker = dave_signs_in(h, "198.51.100." + std::to_string(i), "bad-password");
    EXPECT_EQ(h.expect(attacker, "error")["code"], "invalid_credentials");
  }
  for (int round = 0; round < 3; ++round) {
    h.clock.now += 12'000;
    const auto attacker = dave_signs_in(h, "203.0.113." + std::to_string(round), "bad-password");
    h.expect(attacker, "error");
    c = dave_signs_in(h, home, "password123");
    EXPECT_EQ(h.next(c)["type"], "session") << "the owner at a known address, round " << round;
  }
}

TEST(Accounts, CorrectPasswordsDoNotUseUpTheAccountLimit) {
  auto config = test_config();
  config.sign_in_per_account = {3, 3.0 / 60};
  Harness h(config);
  h.register_user("dave", "password123");
  for (int i = 0; i < 6; ++i) {
    const auto c = dave_signs_in(h, "198.51.100." + std::to_string(i), "password123");  // unknown addresses
    EXPECT_EQ(h.next(c)["type"], "session") << "sign-in " << i;
  }
}

TEST(Accounts, GuessesFromManyAddressesStayLimitedEvenWithTheRightPasswordLater) {
  auto config = test_config();
  config.sign_in_per_account = {3, 3.0 / 60};
  Harness h(config);
  h.register_user("dave", "password123");
  std::vector<std::string> codes;
  for (int i = 0; i < 6; ++i) {
    const auto c = dave_signs_in(h, "198.51.100." + std::to_string(i), "bad-password");
    codes.push_back(h.expect(c, "error")["code"].get<std::string>());
  }
  EXPECT_EQ(codes,
            (std::vector<std::string>{"invalid_credentials", "invalid_credentials", "invalid_credentials",
                                      "rate_limited", "rate_limited", "rate_limited"}));
  // A guess that happens to be right, from an address never seen with dave.
  const auto c = dave_signs_in(h, "198.51.100.99", "password123");
  EXPECT_EQ(h.expect(c, "error")["code"], "rate_limited");
}

// Issue #12: a frame the address limit refuses must not charge the account
// it names (else one host empties any account's bucket, or floods the table).
TEST(Accounts, AttemptsTheAddressRefusesDoNotChargeTheAccount) {
  auto config = test_config();
  config.sign_in_per_address = {2, 2.0 / 60};
  Harness h(config);
  h.register_user("dave", "password123");
  const auto flood = h.connect("203.0.113.9");
  for (int i = 0; i < 12; ++i) {
    h.send(flood, {{"type", "sign_in"}, {"username", i < 2 ? "u1x" : "dave"}, {"password", "bad-password"}});
    EXPECT_EQ(h.expect(flood, "error")["code"], i < 2 ? "invalid_credentials" : "rate_limited");
  }
  const auto c = dave_signs_in(h, "198.51.100.7", "password123");
  EXPECT_EQ(h.next(c)["type"], "session");
}

TEST(Accounts, UnknownAndExpiredTokensAreRejected) {
  Harness h;
  const auto c = h.connect();
  h.send(c, {{"type", "hello"}, {"token", std::string(64, 'f')}});
  EXPECT_EQ(h.expect(c, "error")["code"], "invalid_token");

  const auto token = h.register_user("erin");
  h.clock.now += h.service.config().session_ttl_ms + 1;
  h.send(c, {{"type", "hello"}, {"token", token}});
  EXPECT_EQ(h.expect(c, "error")["code"], "invalid_token") << "a stale token";
}

TEST(Accounts, EverythingButHelloRegisterSignInAndPingNeedsASession) {
  Harness h;
  const auto c = h.connect();
  h.send(c, {{"type", "message.send"}, {"client_id", "c1"}, {"to", 1}, {"text", "hi"}});
  EXPECT_EQ(h.expect(c, "error")["code"], "not_authenticated");
  h.send(c, {{"type", "notifications.fetch"}});
  EXPECT_EQ(h.expect(c, "error")["code"], "not_authenticated");
  h.send(c, {{"type", "ping"}, {"ref", "p"}});
  EXPECT_EQ(h.expect(c, "pong")["ref"], "p");
}

TEST(Accounts, SecondHelloOnOneConnectionIsRefused) {
  Harness h;
  const auto token = h.register_user("frank");
  const auto c = h.sign_in(token);
  h.send(c, {{"type", "hello"}, {"token", token}});
  EXPECT_EQ(h.expect(c, "error")["code"], "already_authenticated");
}

TEST(Accounts, SignOutRevokesTheTokenOnEveryConnection) {
  Harness h;
  const auto token = h.register_user("gina");
  const auto tab1 = h.sign_in(token);
  const auto tab2 = h.sign_in(token);
  h.send(tab1, {{"type", "sign_out"}, {"ref", "bye"}});
  EXPECT_EQ(h.expect(tab1, "ack")["ref"], "bye");
  EXPECT_EQ(h.expect(tab2, "error")["code"], "invalid_token");
  h.send(tab2, {{"type", "notifications.fetch"}});
  EXPECT_EQ(h.expect(tab2, "error")["code"], "not_authenticated");
  const auto c = h.connect();
  h.send(c, {{"type", "hello"}, {"token", token}});
  EXPECT_EQ(h.expect(c, "error")["code"], "invalid_token");
}

TEST(Accounts, ConfiguredAdminsAreAdmins) {
  Harness h;
  Json ready;
  h.sign_in(h.register_user("Root"), std::nullopt, &ready);
  EXPECT_EQ(ready["user"]["admin"], true);
}

}  // namespace
}  // namespace herald::testing
