#include "herald/pusher/signing.hpp"

#include <gtest/gtest.h>

#include "herald/pusher/crypto.hpp"
#include "herald/pusher/socket_id.hpp"
#include "test_keys.hpp"

namespace herald::pusher {
namespace {

using test::kDocKeys;
using test::kDocSocketId;

// "Generating the authentication string", worked examples.
constexpr std::string_view kPrivateAuth =
    "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
constexpr std::string_view kUserData = R"({"id":"12345"})";
constexpr std::string_view kUserAuth =
    "278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba";
// The presence example's published signature (afaed369...) was made for
// "Mr. Pusher"; the page later renamed the user to "Mr. Channels" without
// re-signing. The vector is the data that was signed.
constexpr std::string_view kPresenceData = R"({"user_id":10,"user_info":{"name":"Mr. Pusher"}})";
constexpr std::string_view kPresenceAuth =
    "278d425bdf160c739803:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c";

TEST(Crypto, KnownDigests) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex(R"({"name":"foo","channels":["project-3"],"data":"{\"some\":\"data\"}"})"),
            "ec365a775a4cd0599faeb73354201b6f");
}

TEST(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(Signing, DocumentedPrivateChannelExample) {
  EXPECT_EQ(channel_string_to_sign(kDocSocketId, "private-foobar"), "1234.1234:private-foobar");
  EXPECT_EQ(sign_channel(kDocKeys, kDocSocketId, "private-foobar"), kPrivateAuth);
  EXPECT_TRUE(verify_channel_auth(kDocKeys, kDocSocketId, "private-foobar", kPrivateAuth, std::nullopt).ok());
}

TEST(Signing, DocumentedPresenceExample) {
  EXPECT_EQ(channel_string_to_sign(kDocSocketId, "presence-foobar", kPresenceData),
            std::string("1234.1234:presence-foobar:") + std::string(kPresenceData));
  EXPECT_EQ(sign_channel(kDocKeys, kDocSocketId, "presence-foobar", kPresenceData), kPresenceAuth);
  EXPECT_TRUE(verify_channel_auth(kDocKeys, kDocSocketId, "presence-foobar", kPresenceAuth, kPresenceData).ok());
}

TEST(Signing, DocumentedUserAuthenticationExample) {
  EXPECT_EQ(user_string_to_sign(kDocSocketId, kUserData), R"(1234.1234::user::{"id":"12345"})");
  EXPECT_EQ(sign_user(kDocKeys, kDocSocketId, kUserData), kUserAuth);
  EXPECT_TRUE(verify_user_auth(kDocKeys, kDocSocketId, kUserAuth, kUserData).ok());
}

TEST(Signing, UpperCaseHexIsAccepted) {
  std::string upper(kPrivateAuth);
  for (std::size_t i = upper.find(':') + 1; i < upper.size(); ++i)
    if (upper[i] >= 'a' && upper[i] <= 'f') upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
  EXPECT_TRUE(verify_channel_auth(kDocKeys, kDocSocketId, "private-foobar", upper, std::nullopt).ok());
}

TEST(Signing, EachFailureHasItsReason) {
  const auto check = [](std::string_view socket_id, std::string_view channel, std::string_view auth) {
    return verify_channel_auth(kDocKeys, socket_id, channel, auth, std::nullopt);
  };
  EXPECT_EQ(check(kDocSocketId, "private-foobar", "").error().code, Errc::auth_missing);
  EXPECT_EQ(check(kDocSocketId, "private-foobar", "nocolon").error().code, Errc::auth_malformed);
  EXPECT_EQ(check(kDocSocketId, "private-foobar", "278d425bdf160c739803:abc").error().code, Errc::auth_malformed);
  EXPECT_EQ(check(kDocSocketId, "private-foobar", "278d425bdf160c739803:" + std::string(64, 'g')).error().code,
            Errc::auth_malformed);
  EXPECT_EQ(check(kDocSocketId, "private-foobar", "otherkey:" + std::string(64, 'a')).error().code,
            Errc::auth_wrong_key);
  const auto other_socket = check("1234.1235", "private-foobar", kPrivateAuth);
  ASSERT_FALSE(other_socket.ok());
  EXPECT_EQ(other_socket.error().code, Errc::auth_bad_signature);
  EXPECT_NE(other_socket.error().message.find("'1234.1235:private-foobar'"), std::string::npos)
      << other_socket.error().message;
  EXPECT_EQ(check(kDocSocketId, "private-foobaz", kPrivateAuth).error().code, Errc::auth_bad_signature);
  EXPECT_EQ(verify_channel_auth(kDocKeys, kDocSocketId, "presence-foobar", kPresenceAuth,
                                R"({"user_id":10,"user_info":{"name":"Mr. Channels"}})")
                .error()
                .code,
            Errc::auth_bad_signature)
      << "channel_data is signed as text";
  EXPECT_EQ(verify_user_auth(kDocKeys, kDocSocketId, kUserAuth, R"({"id":"12346"})").error().code,
            Errc::auth_bad_signature);
}

ChannelName channel(std::string_view name) { return parse_channel_name(name).value(); }

TEST(AuthorizeSubscription, PublicChannelsNeedNothing) {
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, channel("news"), "", std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, channel("news"), "junk", "junk", std::nullopt).ok());
}

TEST(AuthorizeSubscription, PrivateAndPresenceNeedValidAuth) {
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, channel("private-foobar"), kPrivateAuth, std::nullopt,
                                     std::nullopt)
                  .ok());
  EXPECT_EQ(authorize_subscription(kDocKeys, kDocSocketId, channel("private-foobar"), "", std::nullopt, std::nullopt)
                .error()
                .code,
            Errc::auth_missing);
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, channel("presence-foobar"), kPresenceAuth,
                                     kPresenceData, std::nullopt)
                  .ok());
  EXPECT_EQ(authorize_subscription(kDocKeys, kDocSocketId, channel("presence-foobar"), kPresenceAuth, std::nullopt,
                                   std::nullopt)
                .error()
                .code,
            Errc::channel_data_missing);
}

TEST(AuthorizeSubscription, ServerToUserNeedsTheSameSignedInUser) {
  const ChannelName mine = channel("#server-to-user-42");
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, mine, "", std::nullopt, std::string_view("42")).ok());
  EXPECT_EQ(authorize_subscription(kDocKeys, kDocSocketId, mine, "", std::nullopt, std::string_view("43"))
                .error()
                .code,
            Errc::user_channel_forbidden);
  EXPECT_EQ(authorize_subscription(kDocKeys, kDocSocketId, mine, "", std::nullopt, std::nullopt).error().code,
            Errc::user_channel_forbidden);
}

TEST(AuthorizeSubscription, EncryptedChannelsNeedASignatureLikePrivateOnes) {
  const ChannelName encrypted = channel("private-encrypted-x");
  const std::string auth = sign_channel(kDocKeys, kDocSocketId, encrypted.name);
  EXPECT_TRUE(authorize_subscription(kDocKeys, kDocSocketId, encrypted, auth, std::nullopt, std::nullopt).ok());
  EXPECT_EQ(authorize_subscription(kDocKeys, kDocSocketId, encrypted, "", std::nullopt, std::nullopt).error().code,
            Errc::auth_missing);
  const std::string for_other = sign_channel(kDocKeys, kDocSocketId, "private-x");
  EXPECT_EQ(
      authorize_subscription(kDocKeys, kDocSocketId, encrypted, for_other, std::nullopt, std::nullopt).error().code,
      Errc::auth_bad_signature);
}

TEST(SocketId, FormatIsDigitsDotDigits) {
  for (const char* good : {"1234.1234", "0.0", "1.2", "18446744073709551615.18446744073709551615"})
    EXPECT_TRUE(is_valid_socket_id(good)) << good;
  for (const char* bad : {"", ".", "1.", ".1", "1", "1.2.3", "a.1", "1.a", " 1.1", "1.1 ", "-1.1", "1,1",
                          "123456789012345678901.1"})
    EXPECT_FALSE(is_valid_socket_id(bad)) << bad;
  const auto bad = check_socket_id("abc");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::invalid_socket_id);
  EXPECT_NE(bad.error().message.find("'abc'"), std::string::npos);
}

TEST(SocketId, FactoryRoundTripsConnections) {
  const SocketIdFactory factory(7'000'000'123);
  EXPECT_EQ(factory.prefix(), 123u) << "the seed modulo 10^9";
  const std::string id = factory.make(42);
  EXPECT_EQ(id, "123.42");
  EXPECT_TRUE(is_valid_socket_id(id));
  EXPECT_EQ(factory.connection_of(id), std::optional<ConnectionId>(42));
  EXPECT_EQ(factory.connection_of("124.42"), std::nullopt) << "another run's prefix";
  EXPECT_EQ(factory.connection_of("0123.42"), std::nullopt) << "only the canonical spelling";
  EXPECT_EQ(factory.connection_of("123.042"), std::nullopt);
  EXPECT_EQ(factory.connection_of("123.99999999999999999999"), std::nullopt) << "overflow";
  EXPECT_EQ(factory.connection_of("junk"), std::nullopt);
  EXPECT_EQ(SocketIdFactory(0).prefix(), 1u) << "never a zero prefix";
  EXPECT_EQ(SocketIdFactory(2'000'000'000).prefix(), 1u);
}

}  // namespace
}  // namespace herald::pusher
