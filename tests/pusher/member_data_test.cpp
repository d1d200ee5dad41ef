#include "herald/pusher/member_data.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

TEST(ChannelData, StringOrIntegerUserId) {
  const auto text = parse_channel_data(R"({"user_id":"abc","user_info":{"name":"Ann","age":3}})");
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text.value().user_id, "abc");
  EXPECT_EQ(text.value().user_info.dump(), R"({"name":"Ann","age":3})") << "key order is kept";
  const auto number = parse_channel_data(R"({"user_id":669})");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(number.value().user_id, "669") << "Pusher reports numeric ids as strings";
  EXPECT_TRUE(number.value().user_info.is_null());
}

TEST(ChannelData, InvalidShapes) {
  for (const char* bad : {R"([])", R"("x")", R"({})", R"({"user_id":""})", R"({"user_id":1.5})",
                          R"({"user_id":null})", R"({"user_id":true})", R"({"user_id":["a"]})"}) {
    const auto parsed = parse_channel_data(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, Errc::channel_data_invalid) << bad;
  }
  EXPECT_EQ(parse_channel_data("{").error().code, Errc::malformed_json);
}

TEST(ChannelData, LimitsAtAndPastThem) {
  MemberLimits limits;
  limits.max_user_id_bytes = 4;
  limits.max_user_info_bytes = 11;  // {"a":"123"} is 11 bytes
  EXPECT_TRUE(parse_channel_data(R"({"user_id":"abcd"})", limits).ok());
  EXPECT_EQ(parse_channel_data(R"({"user_id":"abcde"})", limits).error().code, Errc::channel_data_invalid);
  EXPECT_TRUE(parse_channel_data(R"({"user_id":"a","user_info":{"a":"123"}})", limits).ok());
  EXPECT_EQ(parse_channel_data(R"({"user_id":"a","user_info":{"a":"1234"}})", limits).error().code,
            Errc::channel_data_invalid);
  limits.max_depth = 2;
  EXPECT_TRUE(parse_channel_data(R"({"user_id":"a","user_info":{}})", limits).ok());
  EXPECT_EQ(parse_channel_data(R"({"user_id":"a","user_info":{"x":{}}})", limits).error().code,
            Errc::too_deeply_nested);
}

TEST(UserData, NeedsAStringId) {
  const std::string text = R"({"id":"12345","name":"Ann"})";
  const auto user = parse_user_data(text);
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ(user.value().id, "12345");
  EXPECT_EQ(user.value().user_data, text) << "the signed text is kept as it was";
  for (const char* bad : {R"({"id":12345})", R"({"id":""})", R"({})", R"([])", R"({"user_id":"1"})"}) {
    const auto parsed = parse_user_data(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, Errc::user_data_invalid) << bad;
  }
}

}  // namespace
}  // namespace herald::pusher
