#include "herald/pusher/app_config.hpp"

#include <gtest/gtest.h>

#include "herald/pusher/client_events.hpp"

namespace herald::pusher {
namespace {

TEST(AppSpec, ParsesIdKeySecret) {
  const auto app = parse_app_spec("3:278d425bdf160c739803:7ad3773142a6692b25b8");
  ASSERT_TRUE(app.ok()) << app.error().message;
  EXPECT_EQ(app.value().id, "3");
  EXPECT_EQ(app.value().key, "278d425bdf160c739803");
  EXPECT_EQ(app.value().secret, "7ad3773142a6692b25b8");
  EXPECT_EQ(app.value().keys().key, "278d425bdf160c739803");
  EXPECT_FALSE(app.value().enable_client_messages) << "client events are opt-in";
  EXPECT_EQ(app.value().activity_timeout_seconds, 120u);
  EXPECT_TRUE(parse_app_spec("my-app:my.key_1:secret:with:colons!").ok()) << "the secret is the rest";
}

TEST(AppSpec, ErrorsNameThePartAndNeverTheSecret) {
  struct Case {
    const char* spec;
    const char* mentions;
  };
  const Case cases[] = {
      {"", "three"},
      {"3", "three"},
      {"3:key", "three"},
      {":key:0123456789abcdef", "app id is empty"},
      {"3::0123456789abcdef", "app key is empty"},
      {"3 x:key:0123456789abcdef", "app id '3 x'"},
      {"3:k/y:0123456789abcdef", "app key 'k/y'"},
      {"3:key:short", "at least 16"},
      {"3:key:0123456789 abcdef", "printable"},
  };
  for (const Case& c : cases) {
    const auto app = parse_app_spec(c.spec);
    ASSERT_FALSE(app.ok()) << c.spec;
    EXPECT_EQ(app.error().code, Errc::app_spec_invalid);
    EXPECT_NE(app.error().message.find(c.mentions), std::string::npos) << app.error().message;
    EXPECT_NE(app.error().message.find("ID:KEY:SECRET"), std::string::npos) << app.error().message;
  }
  EXPECT_EQ(parse_app_spec("3:key:shortsecret").error().message.find("shortsecret"), std::string::npos);
  EXPECT_TRUE(parse_app_spec(std::string(64, 'i') + ":key:0123456789abcdef").ok());
  EXPECT_FALSE(parse_app_spec(std::string(65, 'i') + ":key:0123456789abcdef").ok());
}

TEST(AppDirectory, LookupByKeyAndIdAndDuplicates) {
  AppDirectory apps;
  ASSERT_TRUE(apps.add(parse_app_spec("1:key-one:0123456789abcdef").value()).ok());
  ASSERT_TRUE(apps.add(parse_app_spec("2:key-two:0123456789abcdef").value()).ok());
  ASSERT_NE(apps.find_by_key("key-two"), nullptr);
  EXPECT_EQ(apps.find_by_key("key-two")->id, "2");
  EXPECT_EQ(apps.find_by_id("1")->key, "key-one");
  EXPECT_EQ(apps.find_by_key("key-three"), nullptr);
  EXPECT_EQ(apps.find_by_id("3"), nullptr);
  EXPECT_EQ(apps.add(parse_app_spec("1:key-three:0123456789abcdef").value()).error().code, Errc::app_duplicate);
  EXPECT_EQ(apps.add(parse_app_spec("3:key-one:0123456789abcdef").value()).error().code, Errc::app_duplicate);
  EXPECT_EQ(apps.apps().size(), 2u);
}

TEST(Webhooks, OnlyWantedEventsWithAUrl) {
  WebhookConfig config;
  EXPECT_FALSE(config.wants(WebhookEvent::channel_occupied)) << "no url, no webhooks";
  config.url = "https://example.com/hook";
  EXPECT_TRUE(config.wants(WebhookEvent::channel_occupied));
  EXPECT_FALSE(config.wants(WebhookEvent::client_event)) << "client_event is opt-in";
  EXPECT_EQ(to_string(WebhookEvent::member_removed), "member_removed");
}

TEST(ClientEvents, AppChannelKindAndSubscription) {
  App app = parse_app_spec("1:key:0123456789abcdef").value();
  const ChannelName private_channel = parse_channel_name("private-chat").value();
  EXPECT_EQ(authorize_client_event(app, private_channel, true).error().code, Errc::client_events_disabled);
  app.enable_client_messages = true;
  EXPECT_TRUE(authorize_client_event(app, private_channel, true).ok());
  EXPECT_TRUE(authorize_client_event(app, parse_channel_name("presence-chat").value(), true).ok());
  EXPECT_EQ(authorize_client_event(app, parse_channel_name("news").value(), true).error().code,
            Errc::client_event_channel_kind);
  EXPECT_EQ(authorize_client_event(app, private_channel, false).error().code, Errc::not_subscribed);
}

}  // namespace
}  // namespace herald::pusher
