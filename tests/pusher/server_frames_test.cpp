#include "herald/pusher/server_frames.hpp"

#include <gtest/gtest.h>

namespace herald::pusher {
namespace {

using Json = nlohmann::ordered_json;

/// The frame's data as pusher-js reads it: a string is parsed as JSON.
Json decoded_data(const std::string& frame) {
  const Json parsed = Json::parse(frame);
  const Json& data = parsed.at("data");
  return data.is_string() ? Json::parse(data.get<std::string>()) : data;
}

TEST(ServerFrames, ConnectionEstablishedDataIsAString) {
  const std::string frame = connection_established("123.456", 120);
  EXPECT_EQ(frame,
            R"({"event":"pusher:connection_established","data":"{\"socket_id\":\"123.456\",\"activity_timeout\":120}"})");
}

TEST(ServerFrames, Errors) {
  EXPECT_EQ(error_frame(CloseCode::client_event_rate_limited, "slow down"),
            R"({"event":"pusher:error","data":{"code":4301,"message":"slow down"}})");
  EXPECT_EQ(error_frame(std::nullopt, "no"), R"({"event":"pusher:error","data":{"code":null,"message":"no"}})");
  EXPECT_EQ(subscription_error("private-a", "AuthError", "bad", 401),
            R"({"event":"pusher:subscription_error","channel":"private-a","data":{"type":"AuthError","error":"bad","status":401}})");
}

TEST(ServerFrames, PingPongSignin) {
  EXPECT_EQ(pong_frame(), R"({"event":"pusher:pong","data":{}})");
  EXPECT_EQ(ping_frame(), R"({"event":"pusher:ping","data":{}})");
  EXPECT_EQ(signin_success(R"({"id":"1"})"),
            R"({"event":"pusher:signin_success","data":{"user_data":"{\"id\":\"1\"}"}})");
}

TEST(ServerFrames, SubscriptionSucceeded) {
  EXPECT_EQ(subscription_succeeded("news"),
            R"({"event":"pusher_internal:subscription_succeeded","channel":"news","data":"{}"})");
  PresenceSnapshot members;
  members.ids = {"669", "7"};
  members.hash["669"] = nullptr;
  members.hash["7"] = {{"name", "Ann"}};
  members.count = 2;
  const std::string frame = subscription_succeeded("presence-room", members);
  EXPECT_EQ(decoded_data(frame).dump(),
            R"({"presence":{"ids":["669","7"],"hash":{"669":null,"7":{"name":"Ann"}},"count":2}})");
  EXPECT_EQ(Json::parse(frame).at("event"), "pusher_internal:subscription_succeeded");
  EXPECT_TRUE(Json::parse(frame).at("data").is_string());
  EXPECT_EQ(decoded_data(subscription_succeeded("presence-empty", PresenceSnapshot{})).dump(),
            R"({"presence":{"ids":[],"hash":{},"count":0}})");
}

TEST(ServerFrames, MemberAddedAndRemoved) {
  EXPECT_EQ(member_added("presence-room", "7", Json{{"name", "Ann"}}),
            R"({"event":"pusher_internal:member_added","channel":"presence-room","data":"{\"user_id\":\"7\",\"user_info\":{\"name\":\"Ann\"}}"})");
  EXPECT_EQ(decoded_data(member_added("presence-room", "7", nullptr)).dump(), R"({"user_id":"7"})");
  EXPECT_EQ(member_removed("presence-room", "7"),
            R"({"event":"pusher_internal:member_removed","channel":"presence-room","data":"{\"user_id\":\"7\"}"})");
}

TEST(ServerFrames, ChannelEvents) {
  EXPECT_EQ(channel_event("my-event", "news", std::string_view(R"({"hello":"world"})")),
            R"({"event":"my-event","channel":"news","data":"{\"hello\":\"world\"}"})");
  EXPECT_EQ(channel_event("client-x", "presence-room", std::string_view("hi"), std::string_view("7")),
            R"({"event":"client-x","channel":"presence-room","data":"hi","user_id":"7"})");
  EXPECT_EQ(channel_event("e", "c", std::nullopt), R"({"event":"e","channel":"c"})");
  EXPECT_EQ(subscription_count("news", 3),
            R"({"event":"pusher_internal:subscription_count","channel":"news","data":"{\"subscription_count\":3}"})");
}

TEST(ServerFrames, InvalidUtf8IsReplacedNotThrown) {
  const std::string frame = channel_event("e", "c", std::string_view("a\xff" "b"));
  EXPECT_EQ(frame, "{\"event\":\"e\",\"channel\":\"c\",\"data\":\"a\xef\xbf\xbd" "b\"}");
}

}  // namespace
}  // namespace herald::pusher
