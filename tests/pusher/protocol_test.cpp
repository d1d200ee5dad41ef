#include "herald/pusher/protocol.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

template <class T>
T parse_as(std::string_view text) {
  auto parsed = parse_client_frame(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(parsed.value())) << text;
  return std::holds_alternative<T>(parsed.value()) ? std::get<T>(std::move(parsed).value()) : T{};
}

Error parse_error(std::string_view text, const FrameLimits& limits = {}) {
  auto parsed = parse_client_frame(text, limits);
  EXPECT_FALSE(parsed.ok()) << text;
  return parsed.ok() ? Error{} : parsed.error();
}

TEST(ClientFrames, SubscribeAsPusherJsSendsIt) {
  // pusher-js 8, public channel: auth "" and no channel_data.
  const auto pub = parse_as<Subscribe>(R"({"event":"pusher:subscribe","data":{"auth":"","channel":"news"}})");
  EXPECT_EQ(pub.channel, "news");
  EXPECT_EQ(pub.auth, "");
  EXPECT_FALSE(pub.channel_data);

  const auto presence = parse_as<Subscribe>(
      R"({"event":"pusher:subscribe","data":{"auth":"key:sig","channel_data":"{\"user_id\":669}","channel":"presence-channel"}})");
  EXPECT_EQ(presence.channel, "presence-channel");
  EXPECT_EQ(presence.auth, "key:sig");
  EXPECT_EQ(presence.channel_data, std::optional<std::string>(R"({"user_id":669})"));
}

TEST(ClientFrames, DataMayBeAStringHoldingTheObject) {
  const auto sub =
      parse_as<Subscribe>(R"({"event":"pusher:subscribe","data":"{\"channel\":\"private-a\",\"auth\":\"k:s\"}"})");
  EXPECT_EQ(sub.channel, "private-a");
  EXPECT_EQ(sub.auth, "k:s");
  EXPECT_EQ(parse_as<Unsubscribe>(R"({"event":"pusher:unsubscribe","data":"{\"channel\":\"x\"}"})").channel, "x");
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":"not json"})").code, Errc::malformed_json);
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":"[1]"})").code, Errc::not_an_object);
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":42})").code, Errc::wrong_field_type);
}

TEST(ClientFrames, SubscribeFieldErrorsNameTheField) {
  const Error no_data = parse_error(R"({"event":"pusher:subscribe"})");
  EXPECT_EQ(no_data.code, Errc::missing_field);
  EXPECT_NE(no_data.message.find("data.channel"), std::string::npos) << no_data.message;
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":{}})").code, Errc::missing_field);
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":{"channel":5}})").code, Errc::wrong_field_type);
  EXPECT_EQ(parse_error(R"({"event":"pusher:subscribe","data":{"channel":"a","auth":1}})").code,
            Errc::wrong_field_type);
  const Error object_data =
      parse_error(R"({"event":"pusher:subscribe","data":{"channel":"presence-a","channel_data":{"user_id":"1"}}})");
  EXPECT_EQ(object_data.code, Errc::wrong_field_type);
  EXPECT_NE(object_data.message.find("signed"), std::string::npos) << object_data.message;
  const auto nulls = parse_as<Subscribe>(R"({"event":"pusher:subscribe","data":{"channel":"a","auth":null,"channel_data":null}})");
  EXPECT_EQ(nulls.auth, "");
  EXPECT_FALSE(nulls.channel_data);
}

TEST(ClientFrames, PingPongAndUnsubscribe) {
  parse_as<Ping>(R"({"event":"pusher:ping","data":{}})");
  parse_as<Ping>(R"({"event":"pusher:ping"})");
  parse_as<Pong>(R"({"event":"pusher:pong","data":"{}"})");
  EXPECT_EQ(parse_as<Unsubscribe>(R"({"event":"pusher:unsubscribe","data":{"channel":"news"}})").channel, "news");
  EXPECT_EQ(parse_error(R"({"event":"pusher:unsubscribe","data":{}})").code, Errc::missing_field);
}

TEST(ClientFrames, Signin) {
  const auto signin =
      parse_as<Signin>(R"({"event":"pusher:signin","data":{"auth":"k:s","user_data":"{\"id\":\"12345\"}"}})");
  EXPECT_EQ(signin.auth, "k:s");
  EXPECT_EQ(signin.user_data, R"({"id":"12345"})");
  EXPECT_EQ(parse_error(R"({"event":"pusher:signin","data":{"auth":"k:s"}})").code, Errc::missing_field);
  EXPECT_EQ(parse_error(R"({"event":"pusher:signin","data":{"user_data":"{}"}})").code, Errc::missing_field);
}

TEST(ClientFrames, ClientEventDataAsObjectOrString) {
  const auto object =
      parse_as<ClientEvent>(R"({"event":"client-typing","data":{"who":"ann","n":1},"channel":"private-chat"})");
  EXPECT_EQ(object.event, "client-typing");
  EXPECT_EQ(object.channel, "private-chat");
  EXPECT_EQ(object.data, std::optional<std::string>(R"({"who":"ann","n":1})")) << "key order is kept";
  const auto text = parse_as<ClientEvent>(R"({"event":"client-x","data":"hello \"you\"","channel":"private-chat"})");
  EXPECT_EQ(text.data, std::optional<std::string>(R"(hello "you")")) << "a string is forwarded as its contents";
  EXPECT_FALSE(parse_as<ClientEvent>(R"({"event":"client-x","channel":"private-chat"})").data);
  EXPECT_EQ(parse_as<ClientEvent>(R"({"event":"client-x","channel":"c","data":7})").data,
            std::optional<std::string>("7"));
}

TEST(ClientFrames, ClientEventNeedsAChannel) {
  const Error error = parse_error(R"({"event":"client-x","data":{}})");
  EXPECT_EQ(error.code, Errc::missing_field);
  EXPECT_NE(error.message.find("\"channel\""), std::string::npos) << error.message;
}

TEST(ClientFrames, ClientEventDataLimitAtAndPastIt) {
  FrameLimits limits;
  limits.max_client_event_data_bytes = 10;
  const auto at = parse_client_frame(R"({"event":"client-x","channel":"c","data":"0123456789"})", limits);
  EXPECT_TRUE(at.ok());
  const auto past = parse_client_frame(R"({"event":"client-x","channel":"c","data":"0123456789a"})", limits);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().code, Errc::data_too_large);
}

TEST(ClientFrames, UnknownEventsAreValuesNotErrors) {
  EXPECT_EQ(parse_as<UnknownEvent>(R"({"event":"pusher:something_new","data":{}})").event, "pusher:something_new");
  EXPECT_EQ(parse_as<UnknownEvent>(R"({"event":"my-event","channel":"c","data":{}})").event, "my-event");
  EXPECT_EQ(event_name(ClientFrame{Ping{}}), "pusher:ping");
  EXPECT_EQ(event_name(ClientFrame{ClientEvent{"client-a", "c", std::nullopt}}), "client-a");
}

TEST(ClientFrames, MalformedInput) {
  EXPECT_EQ(parse_error("").code, Errc::malformed_json);
  EXPECT_EQ(parse_error("{").code, Errc::malformed_json);
  EXPECT_EQ(parse_error(R"({"event":"pusher:ping",})").code, Errc::malformed_json);
  EXPECT_EQ(parse_error("{\"event\":\"\xff\"}").code, Errc::malformed_json) << "invalid UTF-8";
  EXPECT_EQ(parse_error("[]").code, Errc::not_an_object);
  EXPECT_EQ(parse_error(R"("pusher:ping")").code, Errc::not_an_object);
  EXPECT_EQ(parse_error(R"({"data":{}})").code, Errc::missing_field);
  EXPECT_EQ(parse_error(R"({"event":1})").code, Errc::wrong_field_type);
}

TEST(ClientFrames, LimitsOnSizeDepthAndEventName) {
  FrameLimits limits;
  limits.max_frame_bytes = 40;
  EXPECT_EQ(parse_error(R"({"event":"pusher:ping","data":{"pad":"xxxxxxxxxxxx"}})", limits).code,
            Errc::frame_too_large);
  EXPECT_EQ(parse_error(std::string(100000, '['), {}).code, Errc::frame_too_large);
  const std::string deep = R"({"event":"client-x","channel":"c","data":)" + std::string(40, '[') +
                           std::string(40, ']') + "}";
  EXPECT_EQ(parse_error(deep).code, Errc::too_deeply_nested);
  const std::string name(200, 'e');
  EXPECT_TRUE(parse_client_frame(R"({"event":")" + name + "\"}").ok());
  EXPECT_EQ(parse_error(R"({"event":")" + name + "e\"}").code, Errc::event_name_too_long);
}

TEST(ClientFrames, EveryPrefixOfAValidFrameFailsCleanly) {
  const std::string frame =
      R"({"event":"pusher:subscribe","data":{"auth":"k:s","channel_data":"{\"user_id\":1}","channel":"presence-a"}})";
  for (std::size_t n = 0; n < frame.size(); ++n) EXPECT_FALSE(parse_client_frame(frame.substr(0, n)).ok()) << n;
  EXPECT_TRUE(parse_client_frame(frame).ok());
}

}  // namespace
}  // namespace herald::pusher
