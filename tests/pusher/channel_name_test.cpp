#include "herald/pusher/channel_name.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

TEST(ChannelName, KindsFollowThePrefix) {
  EXPECT_EQ(parse_channel_name("my-channel").value().kind, ChannelKind::public_channel);
  EXPECT_EQ(parse_channel_name("private-foobar").value().kind, ChannelKind::private_channel);
  EXPECT_EQ(parse_channel_name("presence-room").value().kind, ChannelKind::presence);
  EXPECT_EQ(parse_channel_name("private-encrypted-x").value().kind, ChannelKind::private_encrypted);
  EXPECT_EQ(parse_channel_name("privateroom").value().kind, ChannelKind::public_channel) << "needs the dash";
  EXPECT_EQ(parse_channel_name("private-").value().kind, ChannelKind::private_channel);
}

TEST(ChannelName, EveryAllowedCharacterIsAccepted) {
  const auto parsed = parse_channel_name("AZaz09_-=@,.;");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().name, "AZaz09_-=@,.;");
}

TEST(ChannelName, LengthLimitIs164) {
  EXPECT_TRUE(parse_channel_name(std::string(164, 'a')).ok());
  const auto too_long = parse_channel_name(std::string(165, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, Errc::channel_name_too_long);
  EXPECT_NE(too_long.error().message.find("165"), std::string::npos) << too_long.error().message;
  EXPECT_TRUE(parse_channel_name("a").ok());
  EXPECT_EQ(parse_channel_name("").error().code, Errc::channel_name_empty);
}

TEST(ChannelName, BadCharactersAreNamedWithTheirPosition) {
  for (const std::string name : {"my channel", "a/b", "a#b", "caf\xc3\xa9", "a+b", "a:b", "a\tb", "a*"}) {
    const auto parsed = parse_channel_name(name);
    ASSERT_FALSE(parsed.ok()) << name;
    EXPECT_EQ(parsed.error().code, Errc::channel_name_invalid_char) << name;
  }
  const auto space = parse_channel_name("my channel");
  EXPECT_NE(space.error().message.find("position 2"), std::string::npos) << space.error().message;
  const auto tab = parse_channel_name("a\tb");
  EXPECT_NE(tab.error().message.find("byte 0x09"), std::string::npos) << tab.error().message;
}

TEST(ChannelName, ServerToUserChannelsCarryTheUserId) {
  const auto parsed = parse_channel_name("#server-to-user-user 42");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().kind, ChannelKind::server_to_user);
  EXPECT_EQ(parsed.value().user_id, "user 42");
  EXPECT_EQ(server_to_user_channel("abc"), "#server-to-user-abc");
  EXPECT_EQ(parse_channel_name("#server-to-user-").error().code, Errc::user_channel_invalid);
  EXPECT_EQ(parse_channel_name("#server-to-user-a\nb").error().code, Errc::user_channel_invalid);
  EXPECT_TRUE(parse_channel_name("#server-to-user-" + std::string(164, 'u')).ok());
  EXPECT_EQ(parse_channel_name("#server-to-user-" + std::string(165, 'u')).error().code,
            Errc::user_channel_invalid);
  EXPECT_EQ(parse_channel_name("#other").error().code, Errc::channel_name_invalid_char);
}

TEST(ChannelName, PoliciesPerKind) {
  EXPECT_FALSE(needs_auth(ChannelKind::public_channel));
  EXPECT_TRUE(needs_auth(ChannelKind::private_channel));
  EXPECT_TRUE(needs_auth(ChannelKind::presence));
  EXPECT_TRUE(needs_auth(ChannelKind::private_encrypted));
  EXPECT_FALSE(needs_auth(ChannelKind::server_to_user)) << "pusher-js sends an empty auth for it";
  EXPECT_TRUE(allows_client_events(ChannelKind::private_channel));
  EXPECT_TRUE(allows_client_events(ChannelKind::presence));
  EXPECT_FALSE(allows_client_events(ChannelKind::public_channel));
  EXPECT_FALSE(allows_client_events(ChannelKind::private_encrypted));
  EXPECT_FALSE(allows_client_events(ChannelKind::server_to_user));
}

TEST(ChannelName, EncryptedChannelsNeedAuthAndRefuseClientEvents) {
  const auto parsed = parse_channel_name("private-encrypted-secret");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.value().kind, ChannelKind::private_encrypted);
  EXPECT_TRUE(needs_auth(parsed.value().kind));
  EXPECT_FALSE(allows_client_events(parsed.value().kind));
}

}  // namespace
}  // namespace herald::pusher
