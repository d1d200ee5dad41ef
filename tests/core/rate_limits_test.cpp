// Per-kind rate limits, per connection and per user, at and past their
// boundaries; the error names the kind; persistent offenders are closed.
#include <fstream>
#include <iterator>

#include "harness.hpp"
#include "herald/protocol/codec.hpp"

namespace herald::testing {
namespace {

core::ServiceConfig tight_sends() {
  auto config = test_config();
  EXPECT_EQ(core::set_rate_limit(config, "message.send.connection=3/1"), "");
  EXPECT_EQ(core::set_rate_limit(config, "message.send.user=5/1"), "");
  config.max_rate_violations = 4;
  return config;
}

struct TwoUsers {
  Harness h{tight_sends()};
  std::string alice_token = h.register_user("alice");
  std::string bob_token = h.register_user("bob");
  std::int64_t bob = h.user_id(bob_token);

  /// Sends a message and returns the reply's type ("ack" or "error"), with
  /// the error in `error` when there is one; "closed" if the connection was
  /// closed instead. Copies of the sender's own messages sent from their
  /// other tabs ("message") are skipped.
  std::string send_message(core::ConnectionId c, const std::string& client_id, Json* error = nullptr) {
    h.send(c, {{"type", "message.send"}, {"ref", client_id}, {"client_id", client_id}, {"to", bob},
               {"text", client_id}});
    if (h.out.closed.count(c) != 0) return "closed";
    Json reply = h.next(c);
    while (reply["type"] == "message") reply = h.next(c);
    if (error != nullptr) *error = reply;
    return reply["type"];
  }
};

TEST(RateLimits, PerConnectionAtAndPastTheBurstThenRefills) {
  TwoUsers u;
  const auto c = u.h.sign_in(u.alice_token);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(u.send_message(c, "m" + std::to_string(i)), "ack") << i;
  Json error;
  EXPECT_EQ(u.send_message(c, "m3", &error), "error") << "one past the burst of 3";
  EXPECT_EQ(error["code"], "rate_limited");
  EXPECT_EQ(error["ref"], "m3") << "the refused request is named";
  EXPECT_NE(error["message"].get<std::string>().find("message.send from this connection"), std::string::npos)
      << error.dump();

  u.h.send(c, {{"type", "history.fetch"}, {"peer", u.bob}});
  EXPECT_EQ(u.h.expect(c, "history")["messages"].size(), 3u)
      << "other kinds have their own buckets, and the refused message was not stored";

  u.h.clock.now += 1000;  // one token per second
  EXPECT_EQ(u.send_message(c, "m4"), "ack");
  EXPECT_EQ(u.send_message(c, "m5"), "error");
}

TEST(RateLimits, PerUserIsSharedByTheUsersTabsButNotByOthers) {
  TwoUsers u;
  const auto tab1 = u.h.sign_in(u.alice_token);
  const auto tab2 = u.h.sign_in(u.alice_token);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(u.send_message(tab1, "a" + std::to_string(i)), "ack");
  EXPECT_EQ(u.send_message(tab2, "b0"), "ack");
  EXPECT_EQ(u.send_message(tab2, "b1"), "ack") << "the user's fifth message: at the user burst";
  Json error;
  EXPECT_EQ(u.send_message(tab2, "b2", &error), "error") << "the sixth is past it, from a fresh tab";
  EXPECT_NE(error["message"].get<std::string>().find("from this user"), std::string::npos) << error.dump();

  const auto bob = u.h.sign_in(u.bob_token);
  u.h.send(bob, {{"type", "message.send"}, {"client_id", "x"}, {"to", u.h.user_id(u.alice_token)},
                 {"text", "bob has his own budget"}});
  EXPECT_EQ(u.h.expect(bob, "ack")["client_id"], "x");
}

TEST(RateLimits, ANewConnectionDoesNotResetTheUsersBudget) {
  TwoUsers u;
  auto c = u.h.sign_in(u.alice_token);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(u.send_message(c, "a" + std::to_string(i)), "ack");
  u.h.disconnect(c);
  c = u.h.sign_in(u.alice_token);
  EXPECT_EQ(u.send_message(c, "a3"), "ack");
  EXPECT_EQ(u.send_message(c, "a4"), "ack");
  EXPECT_EQ(u.send_message(c, "a5"), "error") << "reconnecting bought no new tokens";
}

TEST(RateLimits, ClientsThatKeepGoingAreClosedWith1008) {
  TwoUsers u;
  const auto c = u.h.sign_in(u.alice_token);
  std::vector<std::string> replies;
  for (int i = 0; i < 10 && u.h.out.closed.count(c) == 0; ++i)
    replies.push_back(u.send_message(c, "m" + std::to_string(i)));
  // 3 accepted, then max_rate_violations (4) refusals, then the close.
  EXPECT_EQ(replies, (std::vector<std::string>{"ack", "ack", "ack", "error", "error", "error", "error", "closed"}));
  EXPECT_EQ(u.h.out.closed[c], 1008);
}

TEST(RateLimits, EveryKindHasLimitsAndTheyCanBeSetByName) {
  core::RatePolicy policy;
  const auto names = protocol::client_message_types();
  for (const auto& type : names) {
    EXPECT_GE(policy.of(type).per_connection.burst, 1) << type;
    EXPECT_GT(policy.of(type).per_user.per_second, 0) << type;
  }
  EXPECT_EQ(policy.describe().size(), 2 * names.size());
  EXPECT_EQ(policy.set("typing.user=7/0.5"), "");
  EXPECT_EQ(policy.of("typing").per_user.burst, 7);
  EXPECT_EQ(policy.of("typing").per_user.per_second, 0.5);

  EXPECT_NE(policy.set("typing.everyone=1/1"), "");
  EXPECT_NE(policy.set("nosuch.user=1/1"), "");
  EXPECT_NE(policy.set("typing.user=0/1"), "") << "a burst under 1 would refuse everything";
  EXPECT_NE(policy.set("typing.user=5"), "");
  EXPECT_NE(policy.set("typing.user=5/x"), "");
  EXPECT_NE(policy.set("typing.user"), "");

  core::ServiceConfig config;
  EXPECT_EQ(core::set_rate_limit(config, "sign_in.address=100/10"), "");
  EXPECT_EQ(config.sign_in_per_address.burst, 100);
  EXPECT_EQ(core::set_rate_limit(config, "frames.connection=1000/500"), "");
  EXPECT_EQ(config.frames_per_connection.per_second, 500);
  EXPECT_NE(core::set_rate_limit(config, "register.address=-1/1"), "");
}

TEST(RateLimits, OperationsGuideListsEveryDefault) {
  std::ifstream file(std::string(HERALD_SOURCE_DIR) + "/docs/operations.md");
  const std::string doc((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  // describe() gives "type.connection=B/R" then "type.user=B/R" for each kind.
  const auto limits = core::RatePolicy().describe();
  for (std::size_t i = 0; i + 1 < limits.size(); i += 2) {
    const auto& conn = limits[i];
    const auto type = conn.substr(0, conn.find(".connection="));
    const auto row = "| `" + type + "` | " + conn.substr(conn.find('=') + 1) + " | " +
                     limits[i + 1].substr(limits[i + 1].find('=') + 1) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/operations.md lacks the row " << row;
  }
}

TEST(RateLimits, PerUserMemoryStaysBounded) {
  core::RatePolicy policy;
  core::UserRates rates(policy, 100);
  for (int user = 1; user <= 10'000; ++user) rates.take(user, 0, user * 10'000);
  EXPECT_LE(rates.tracked_users(), 100u);
}

}  // namespace
}  // namespace herald::testing
