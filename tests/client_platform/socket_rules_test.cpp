#include "socket_rules.hpp"

#include <gtest/gtest.h>

namespace herald::platform {
namespace {

TEST(SocketRules, BrowserCloseCodesPassOthersBecomeNormal) {
  EXPECT_EQ(sendable_close_code(1000), 1000);
  EXPECT_EQ(sendable_close_code(3000), 3000);
  EXPECT_EQ(sendable_close_code(4999), 4999);
  EXPECT_EQ(sendable_close_code(1001), 1000);
  EXPECT_EQ(sendable_close_code(1006), 1000);
  EXPECT_EQ(sendable_close_code(2999), 1000);
  EXPECT_EQ(sendable_close_code(5000), 1000);
}

TEST(SocketRules, CloseReasonAtTheLimitAndOnePast) {
  const std::string at_limit(123, 'a');
  EXPECT_EQ(sendable_close_reason(at_limit), at_limit);
  EXPECT_EQ(sendable_close_reason(at_limit + "b"), at_limit);
}

TEST(SocketRules, CloseReasonIsCutAtACharacterBoundary) {
  // 122 ASCII bytes, then "ł" (2 bytes) straddles the 123-byte limit.
  const std::string reason = std::string(122, 'a') + "\xC5\x82" + "z";
  EXPECT_EQ(sendable_close_reason(reason), std::string(122, 'a'));
  // 121 bytes + "ł" ends exactly at the limit and stays.
  const std::string fits = std::string(121, 'a') + "\xC5\x82";
  EXPECT_EQ(sendable_close_reason(fits + "z"), fits);
}

TEST(SocketRules, WebSocketUrls) {
  EXPECT_TRUE(is_websocket_url("ws://127.0.0.1:8080/", false));
  EXPECT_FALSE(is_websocket_url("wss://example.org/", false));
  EXPECT_TRUE(is_websocket_url("wss://example.org/", true));
  EXPECT_FALSE(is_websocket_url("http://127.0.0.1/", true));
  EXPECT_FALSE(is_websocket_url("ws://", true));
  EXPECT_FALSE(is_websocket_url("", true));
}

}  // namespace
}  // namespace herald::platform
