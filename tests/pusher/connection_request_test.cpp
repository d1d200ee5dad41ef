#include "herald/pusher/connection_request.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

AppDirectory directory() {
  AppDirectory apps;
  EXPECT_TRUE(apps.add(parse_app_spec("1:live-key:0123456789abcdef").value()).ok());
  App disabled = parse_app_spec("2:off-key:0123456789abcdef").value();
  disabled.enabled = false;
  EXPECT_TRUE(apps.add(disabled).ok());
  return apps;
}

CloseCode refused(std::string_view path, std::string_view query, const AppDirectory& apps) {
  const ConnectionDecision decision = check_connection(path, query, apps);
  EXPECT_TRUE(std::holds_alternative<ConnectionRefusal>(decision)) << path << "?" << query;
  return std::holds_alternative<ConnectionRefusal>(decision) ? std::get<ConnectionRefusal>(decision).code
                                                             : CloseCode::reconnect_immediately;
}

TEST(ConnectionRequest, PusherJsHandshakeIsAccepted) {
  const AppDirectory apps = directory();
  const ConnectionDecision decision =
      check_connection("/app/live-key", "protocol=7&client=js&version=8.4.0&flash=false", apps);
  ASSERT_TRUE(std::holds_alternative<AcceptedConnection>(decision));
  const auto& accepted = std::get<AcceptedConnection>(decision);
  EXPECT_EQ(accepted.app->id, "1");
  EXPECT_EQ(accepted.protocol, 7);
  EXPECT_EQ(accepted.client, "js");
  EXPECT_EQ(accepted.version, "8.4.0");
}

TEST(ConnectionRequest, RefusalsUsePushersCloseCodes) {
  const AppDirectory apps = directory();
  EXPECT_EQ(refused("/", "protocol=7", apps), CloseCode::path_not_found);
  EXPECT_EQ(refused("/app/", "protocol=7", apps), CloseCode::path_not_found);
  EXPECT_EQ(refused("/app/live-key/x", "protocol=7", apps), CloseCode::path_not_found);
  EXPECT_EQ(refused("/apps/live-key", "protocol=7", apps), CloseCode::path_not_found);
  EXPECT_EQ(refused("/app/nope", "protocol=7", apps), CloseCode::app_not_found);
  EXPECT_EQ(refused("/app/off-key", "protocol=7", apps), CloseCode::app_disabled);
  EXPECT_EQ(refused("/app/live-key", "client=js", apps), CloseCode::no_protocol_version);
  EXPECT_EQ(refused("/app/live-key", "protocol=", apps), CloseCode::no_protocol_version);
  EXPECT_EQ(refused("/app/live-key", "protocol=7a", apps), CloseCode::invalid_version_format);
  EXPECT_EQ(refused("/app/live-key", "protocol=4", apps), CloseCode::unsupported_protocol);
  EXPECT_EQ(refused("/app/live-key", "protocol=8", apps), CloseCode::unsupported_protocol);
  EXPECT_TRUE(std::holds_alternative<AcceptedConnection>(check_connection("/app/live-key", "protocol=5", apps)));
  const auto reason = std::get<ConnectionRefusal>(check_connection("/app/live-key", "protocol=8", apps)).reason;
  EXPECT_LT(reason.size(), 123u) << reason;
}

TEST(ConnectionRequest, QuotaAtAndPastTheLimit) {
  App app = parse_app_spec("1:k:0123456789abcdef").value();
  EXPECT_FALSE(check_connection_quota(app, 1'000'000)) << "0 means no limit";
  app.max_connections = 2;
  EXPECT_FALSE(check_connection_quota(app, 1));
  const auto refusal = check_connection_quota(app, 2);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->code, CloseCode::over_connection_quota);
}

}  // namespace
}  // namespace herald::pusher
