#include "herald/pusher/webhook.hpp"

#include <gtest/gtest.h>

#include "herald/pusher/http_signature.hpp"

namespace herald::pusher {
namespace {

App app_with_hook(std::vector<WebhookEvent> events) {
  App app = parse_app_spec("3:278d425bdf160c739803:7ad3773142a6692b25b8").value();
  app.webhook.url = "https://example.com/pusher";
  app.webhook.events = std::move(events);
  return app;
}

TEST(WebhookBatch, BodyAndSignatureHeaders) {
  const App app = app_with_hook({WebhookEvent::channel_occupied});
  WebhookBatch batch(app.webhook);
  batch.channel_occupied("my-channel");
  const WebhookRequest request = batch.finish(app, 1327078148132);
  EXPECT_EQ(request.url, "https://example.com/pusher");
  EXPECT_EQ(request.body, R"({"time_ms":1327078148132,"events":[{"name":"channel_occupied","channel":"my-channel"}]})");
  EXPECT_EQ(request.key, "278d425bdf160c739803");
  EXPECT_EQ(request.signature, "c19001ae3963ccb13bf618e5b16ba9848e7e74df0993aa0689168e341c6833cf");
  EXPECT_TRUE(verify_webhook(app.keys(), request.key, request.signature, request.body).ok());
}

TEST(WebhookBatch, SubscriptionCountOnlyWhenListed) {
  App app = app_with_hook({WebhookEvent::subscription_count});
  WebhookBatch batch(app.webhook);
  batch.channel_occupied("news");
  batch.subscription_count("news", 3);
  batch.subscription_count("news", 0);
  EXPECT_EQ(batch.finish(app, 9).body,
            R"({"time_ms":9,"events":[{"name":"subscription_count","channel":"news","subscription_count":3},)"
            R"({"name":"subscription_count","channel":"news","subscription_count":0}]})");
  WebhookBatch by_default(WebhookConfig{"https://example.com/pusher"});
  by_default.subscription_count("news", 3);
  EXPECT_TRUE(by_default.empty()) << "like client_event, only when webhook_events lists it";
}

TEST(WebhookBatch, UnwantedEventsAreDropped) {
  const App app = app_with_hook({WebhookEvent::member_added, WebhookEvent::client_event});
  WebhookBatch batch(app.webhook);
  batch.channel_occupied("presence-a");
  batch.member_added("presence-a", "7");
  batch.member_removed("presence-a", "7");
  batch.channel_vacated("presence-a");
  batch.client_event("presence-a", "client-x", std::string_view("hi"), "1.2", std::string_view("7"));
  batch.client_event("private-b", "client-y", std::nullopt, "1.3", std::nullopt);
  ASSERT_EQ(batch.size(), 3u);
  const std::string body = batch.finish(app, 5).body;
  EXPECT_EQ(body,
            R"({"time_ms":5,"events":[)"
            R"({"name":"member_added","channel":"presence-a","user_id":"7"},)"
            R"({"name":"client_event","channel":"presence-a","event":"client-x","data":"hi","socket_id":"1.2","user_id":"7"},)"
            R"({"name":"client_event","channel":"private-b","event":"client-y","socket_id":"1.3"}]})");
  EXPECT_TRUE(WebhookBatch(WebhookConfig{}).empty());
}

}  // namespace
}  // namespace herald::pusher
