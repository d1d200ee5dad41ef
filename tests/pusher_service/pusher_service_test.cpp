// PusherService over in-memory ports: what a Pusher client and an app server
// see, frame by frame. The Node suite (tests/pusher-compat) checks the same
// behaviour with the real pusher-js and pusher packages over sockets.
#include "herald/pusher_service/pusher_service.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "herald/pusher/http_signature.hpp"
#include "herald/pusher/signing.hpp"

namespace herald::pusher_service {
namespace {

using nlohmann::json;
using test::ManualClock;
using test::RecordingOutbound;
using test::RecordingPoster;

constexpr std::string_view kSecret = "secret-0123456789abcdef";

pusher::App make_app(std::string id, std::string key) {
  pusher::App app;
  app.id = std::move(id);
  app.key = std::move(key);
  app.secret = std::string(kSecret);
  app.enable_client_messages = true;
  app.webhook.url = "http://127.0.0.1:9/hooks";
  app.webhook.events.push_back(pusher::WebhookEvent::client_event);
  app.herald_users = true;
  return app;
}

class PusherServiceTest : public ::testing::Test {
 protected:
  PusherServiceTest() : service_(directory(), out_, poster_, clock_) {}

  static pusher::AppDirectory directory() {
    pusher::AppDirectory apps;
    EXPECT_TRUE(apps.add(make_app("1", "key1")));
    EXPECT_TRUE(apps.add(make_app("2", "key2")));
    return apps;
  }

  pusher::AppKeys keys() const { return {"key1", kSecret}; }

  /// Opens connection `id` on app key1; returns its socket id.
  std::string connect(runtime::ConnectionId id, std::string_view key = "key1") {
    service_.on_open(id, "/app/" + std::string(key), "protocol=7&client=js&version=8.4.0", "127.0.0.1");
    auto frames = out_.take(id);
    EXPECT_EQ(frames.size(), 1u);
    const auto data = json::parse(frames.at(0).at("data").get<std::string>());
    return data.at("socket_id").get<std::string>();
  }

  void send(runtime::ConnectionId id, const json& frame) { service_.on_text(id, frame.dump()); }

  void subscribe_presence(runtime::ConnectionId id, const std::string& socket_id, const std::string& user) {
    const std::string channel_data = json{{"user_id", user}, {"user_info", {{"name", user}}}}.dump();
    send(id, {{"event", "pusher:subscribe"},
              {"data",
               {{"channel", "presence-room"},
                {"auth", pusher::sign_channel(keys(), socket_id, "presence-room", channel_data)},
                {"channel_data", channel_data}}}});
  }

  /// Connections 1 (alice) and 2 (bob) on presence-room, frames so far taken.
  void alice_and_bob_on_presence_room() {
    subscribe_presence(1, connect(1), "alice");
    subscribe_presence(2, connect(2), "bob");
    out_.take(1);
    out_.take(2);
  }

  HttpReply http(std::string method, std::string path, std::string body, pusher::AppKeys app_keys,
                 std::int64_t timestamp) {
    const auto query = pusher::sign_http_request(app_keys, method, path, {}, body, timestamp);
    std::string raw;
    for (const auto& [k, v] : query) raw += (raw.empty() ? "" : "&") + k + "=" + v;
    HttpReply reply;
    service_.on_http(HttpRequest{method, path, raw, body, ""}, [&](HttpReply r) { reply = std::move(r); });
    return reply;
  }
  HttpReply http(std::string method, std::string path, std::string body = "") {
    return http(std::move(method), std::move(path), std::move(body), keys(), clock_.now / 1000);
  }

  static std::vector<std::string> events(const std::vector<json>& frames) {
    std::vector<std::string> names;
    for (const auto& frame : frames) names.push_back(frame.at("event").get<std::string>());
    return names;
  }

  RecordingOutbound out_;
  RecordingPoster poster_;
  ManualClock clock_;
  PusherService service_;
};

TEST_F(PusherServiceTest, AnUnknownKeyIsClosedWith4001) {
  service_.on_open(5, "/app/nope", "protocol=7", "127.0.0.1");
  EXPECT_EQ(out_.closed.at(5), 4001);
  EXPECT_EQ(out_.take(5).at(0).at("data").at("code"), 4001);
}

TEST_F(PusherServiceTest, PresenceAnnouncesAUserOnceWhateverTheirTabs) {
  const auto alice1 = connect(1);
  const auto alice2 = connect(2);
  const auto bob = connect(3);
  subscribe_presence(3, bob, "bob");
  out_.take(3);
  subscribe_presence(1, alice1, "alice");
  subscribe_presence(2, alice2, "alice");
  EXPECT_EQ(events(out_.take(3)), (std::vector<std::string>{"pusher_internal:member_added"}));
  const auto succeeded = out_.take(2).at(0);
  const auto presence = json::parse(succeeded.at("data").get<std::string>()).at("presence");
  EXPECT_EQ(presence.at("count"), 2);

  service_.on_close(1);
  EXPECT_TRUE(out_.take(3).empty()) << "alice still has a tab open";
  service_.on_close(2);
  const auto removed = out_.take(3);
  ASSERT_EQ(events(removed), (std::vector<std::string>{"pusher_internal:member_removed"}));
  EXPECT_EQ(json::parse(removed.at(0).at("data").get<std::string>()).at("user_id"), "alice");

  service_.tick();
  ASSERT_EQ(poster_.requests.size(), 1u);
  const auto hook = json::parse(poster_.requests[0].body).at("events");
  std::vector<std::string> names;
  for (const auto& e : hook) names.push_back(e.at("name"));
  EXPECT_EQ(names, (std::vector<std::string>{"channel_occupied", "member_added", "member_added", "member_removed"}));
  EXPECT_TRUE(pusher::verify_webhook(keys(), poster_.requests[0].key, poster_.requests[0].signature,
                                     poster_.requests[0].body));
}

TEST_F(PusherServiceTest, ClientEventsReachTheOthersWithTheSendersUserIdAndNeverEchoBack) {
  alice_and_bob_on_presence_room();
  send(1, {{"event", "client-typing"}, {"channel", "presence-room"}, {"data", {{"on", true}}}});
  EXPECT_TRUE(out_.take(1).empty());
  const auto got = out_.take(2);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("event"), "client-typing");
  EXPECT_EQ(got[0].at("user_id"), "alice");
}

TEST_F(PusherServiceTest, ClientEventsOverTheRateGet4301AndAreDropped) {
  alice_and_bob_on_presence_room();
  for (int i = 0; i < 11; ++i) send(1, {{"event", "client-x"}, {"channel", "presence-room"}, {"data", i}});
  EXPECT_EQ(out_.take(2).size(), 10u);
  const auto errors = out_.take(1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].at("data").at("code"), 4301);
  EXPECT_FALSE(out_.closed.count(1)) << "a rate-limited client keeps its connection";
}

TEST_F(PusherServiceTest, HttpEventsReachSubscribersButNotTheExcludedSocketNorOtherApps) {
  const auto a = connect(1);
  connect(2);
  connect(3, "key2");
  for (runtime::ConnectionId id : {1, 2, 3}) send(id, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}}}});
  for (runtime::ConnectionId id : {1, 2, 3}) out_.take(id);
  const auto body = json{{"name", "headline"}, {"data", "hi"}, {"channels", {"news"}}, {"socket_id", a}}.dump();
  const auto reply = http("POST", "/apps/1/events", body);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(out_.take(1).empty());
  EXPECT_EQ(events(out_.take(2)), (std::vector<std::string>{"headline"}));
  EXPECT_TRUE(out_.take(3).empty()) << "app 2 never sees app 1's channels";
}

TEST_F(PusherServiceTest, HttpApiRefusalsCarryPushersStatusCodes) {
  const auto body = json{{"name", "e"}, {"data", "x"}, {"channel", "news"}}.dump();
  EXPECT_EQ(http("POST", "/apps/1/events", body, {"key1", "wrong-secret-0123456789"}, clock_.now / 1000).status, 401);
  EXPECT_EQ(http("POST", "/apps/1/events", body, keys(), clock_.now / 1000 - 700).status, 401);
  EXPECT_EQ(http("POST", "/apps/9/events", body).status, 404);
  EXPECT_EQ(http("POST", "/apps/1/events", "{not json").status, 400);
  const auto big = json{{"name", "e"}, {"data", std::string(10 * 1024 + 1, 'x')}, {"channel", "news"}}.dump();
  const auto too_large = http("POST", "/apps/1/events", big);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_FALSE(too_large.body.empty());
  EXPECT_EQ(http("GET", "/apps/1/channels/news/users").status, 400) << "only presence channels have users";
}

TEST_F(PusherServiceTest, HttpApiChannelPathsWithInvalidChannelNamesAre400) {
  const std::string too_long(5000, 'a');
  EXPECT_EQ(http("GET", "/apps/1/channels/" + too_long).status, 400);
  EXPECT_EQ(http("GET", "/apps/1/channels/presence-" + too_long + "/users").status, 400);
  EXPECT_EQ(http("GET", "/apps/1/channels/bad%20name").status, 400) << "a space is not a channel character";
  EXPECT_EQ(http("GET", "/apps/1/channels/news").status, 200);
  EXPECT_EQ(http("GET", "/apps/1/channels/presence-room/users").status, 200);
}

TEST_F(PusherServiceTest, AResumingSubscriberGetsWhatItMissedExactlyOnce) {
  connect(1);
  send(1, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}}}});
  EXPECT_TRUE(out_.take(1).at(0).contains("herald_position")) << "subscription_succeeded carries the position";
  for (const char* name : {"e1", "e2"})
    ASSERT_EQ(http("POST", "/apps/1/events", json{{"name", name}, {"data", "x"}, {"channel", "news"}}.dump()).status,
              200);
  const auto got = out_.take(1);
  ASSERT_EQ(events(got), (std::vector<std::string>{"e1", "e2"}));
  const std::string after_e1 = got[0].at("herald_position");
  service_.on_close(1);

  ASSERT_EQ(http("POST", "/apps/1/events", json{{"name", "e3"}, {"data", "x"}, {"channel", "news"}}.dump()).status,
            200);
  connect(2);
  send(2, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}, {"herald_resume_from", after_e1}}}});
  EXPECT_EQ(events(out_.take(2)),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "e2", "e3"}));
  connect(3);
  send(3, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}, {"herald_resume_from", "1-999999"}}}});
  EXPECT_EQ(events(out_.take(3)),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "herald:resume_failed"}));
}

TEST_F(PusherServiceTest, HeraldUsersGetTheirOwnChannelSignedAndTheirNotificationsOnIt) {
  service_.set_session_resolver([](const std::string& token, auto done) {
    if (token == "good") return done(protocol::UserInfo{42, "kamil", false});
    done(std::nullopt);
  });
  const auto socket = connect(1);
  auto auth = [&](std::string token, std::string channel) {
    HttpReply reply;
    service_.on_http(HttpRequest{"POST", "/pusher/auth", "", "socket_id=" + socket + "&channel_name=" + channel,
                                 token.empty() ? "" : "Bearer " + token},
                     [&](HttpReply r) { reply = std::move(r); });
    return reply;
  };
  EXPECT_EQ(auth("", "private-herald-user-42").status, 401);
  EXPECT_EQ(auth("bad", "private-herald-user-42").status, 401);
  EXPECT_EQ(auth("good", "private-herald-user-43").status, 403);
  const auto ok = auth("good", "private-herald-user-42");
  ASSERT_EQ(ok.status, 200) << ok.body;
  const std::string signature = json::parse(ok.body).at("auth");
  send(1, {{"event", "pusher:subscribe"}, {"data", {{"channel", "private-herald-user-42"}, {"auth", signature}}}});
  EXPECT_EQ(events(out_.take(1)), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}));

  protocol::NotificationRecord record;
  record.id = 7;
  record.title = "Deploy finished";
  record.ts = 1;
  service_.notification_published(record, {42}, false);
  const auto got = out_.take(1);
  ASSERT_EQ(events(got), (std::vector<std::string>{"herald:notification"}));
  EXPECT_EQ(json::parse(got[0].at("data").get<std::string>()).at("title"), "Deploy finished");
}

TEST_F(PusherServiceTest, AppsRequiringSignInCloseLateConnectionsWith4009) {
  pusher::AppDirectory apps;
  auto app = make_app("3", "key3");
  app.user_authentication_required = true;
  app.user_authentication_timeout_seconds = 30;
  ASSERT_TRUE(apps.add(app));
  PusherService strict(std::move(apps), out_, poster_, clock_);
  strict.on_open(1, "/app/key3", "protocol=7", "127.0.0.1");
  clock_.now += 29'000;
  strict.tick();
  EXPECT_FALSE(out_.closed.count(1));
  clock_.now += 1'000;
  strict.tick();
  EXPECT_EQ(out_.closed.at(1), 4009);
}

TEST_F(PusherServiceTest, AConnectionMaySubscribeToAtMostTheAppsChannelLimit) {
  pusher::AppDirectory apps;
  auto app = make_app("4", "key4");
  app.max_channels_per_connection = 3;
  ASSERT_TRUE(apps.add(app));
  PusherService limited(std::move(apps), out_, poster_, clock_);
  limited.on_open(1, "/app/key4", "protocol=7", "127.0.0.1");
  out_.take(1);
  for (int i = 0; i < 4; ++i)
    limited.on_text(1, json{{"event", "pusher:subscribe"}, {"data", {{"channel", "c" + std::to_string(i)}}}}.dump());
  const auto got = out_.take(1);
  ASSERT_EQ(events(got), (std::vector<std::string>{"pusher_internal:subscription_succeeded",
                                                   "pusher_internal:subscription_succeeded",
                                                   "pusher_internal:subscription_succeeded",
                                                   "pusher:subscription_error"}));
  EXPECT_EQ(got[3].at("data").at("status"), 403);
  limited.on_text(1, json{{"event", "pusher:subscribe"}, {"data", {{"channel", "c0"}}}}.dump());
  EXPECT_EQ(events(out_.take(1)), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}))
      << "subscribing again to a channel it has is not a new channel";
}

TEST_F(PusherServiceTest, AFloodOfFramesIsRefusedThenClosedWith4100) {
  connect(1);
  for (int i = 0; i < 50; ++i) send(1, {{"event", "pusher:ping"}, {"data", json::object()}});
  EXPECT_EQ(out_.take(1).size(), 50u) << "the burst is answered";
  send(1, {{"event", "pusher:ping"}, {"data", json::object()}});
  const auto refused = out_.take(1);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].at("event"), "pusher:error");
  EXPECT_FALSE(out_.closed.count(1));
  for (int i = 0; i < 20; ++i) send(1, {{"event", "pusher:ping"}, {"data", json::object()}});
  EXPECT_EQ(out_.closed.at(1), 4100);
  clock_.now += 1000;
  send(1, {{"event", "pusher:ping"}, {"data", json::object()}});
  out_.take(1);
  EXPECT_TRUE(out_.take(1).empty()) << "a closing connection's frames are ignored";
}

/// The counts in the pusher_internal:subscription_count frames of `frames`.
std::vector<int> counts_in(const std::vector<json>& frames) {
  std::vector<int> counts;
  for (const auto& frame : frames)
    if (frame.at("event") == "pusher_internal:subscription_count")
      counts.push_back(json::parse(frame.at("data").get<std::string>()).at("subscription_count").get<int>());
  return counts;
}

TEST_F(PusherServiceTest, SubscriptionCountsGoOutAtOnceOnQuietChannelsAndAtMostEvery5sOnBusyOnes) {
  pusher::AppDirectory apps;
  auto app = make_app("5", "key5");
  app.subscription_count = true;
  app.webhook.events = {pusher::WebhookEvent::subscription_count};
  ASSERT_TRUE(apps.add(app));
  PusherService counted(std::move(apps), out_, poster_, clock_);
  const auto join = [&](runtime::ConnectionId id, const std::string& channel) {
    counted.on_open(id, "/app/key5", "protocol=7", "127.0.0.1");
    counted.on_text(id, json{{"event", "pusher:subscribe"}, {"data", {{"channel", channel}}}}.dump());
  };
  for (runtime::ConnectionId id = 1; id <= 100; ++id) join(id, "lobby");
  std::vector<int> one_to_hundred;
  for (int n = 1; n <= 100; ++n) one_to_hundred.push_back(n);
  EXPECT_EQ(counts_in(out_.take(1)), one_to_hundred) << "every change on a quiet channel";
  EXPECT_EQ(counts_in(out_.take(100)), std::vector<int>{100});

  join(101, "lobby");
  EXPECT_EQ(counts_in(out_.take(1)), std::vector<int>{101}) << "the first change past 100 goes at once";
  join(102, "lobby");
  join(103, "lobby");
  counted.on_close(50);
  EXPECT_TRUE(counts_in(out_.take(1)).empty()) << "a busy channel is paced";
  clock_.now += 4999;
  counted.tick();
  EXPECT_TRUE(counts_in(out_.take(1)).empty());
  clock_.now += 1;
  counted.tick();
  EXPECT_EQ(counts_in(out_.take(1)), std::vector<int>{102}) << "the count of that moment, once";
  EXPECT_EQ(counts_in(out_.take(103)), std::vector<int>{102});
  counted.tick();
  EXPECT_TRUE(counts_in(out_.take(1)).empty());

  // Webhooks carry the same announcements, batched by the tick.
  std::vector<int> hooked;
  for (const auto& request : poster_.requests) {
    const json body = json::parse(request.body);
    for (const auto& event : body.at("events")) {
      EXPECT_EQ(event.at("name"), "subscription_count");
      EXPECT_EQ(event.at("channel"), "lobby");
      hooked.push_back(event.at("subscription_count").get<int>());
    }
  }
  ASSERT_FALSE(hooked.empty());
  EXPECT_EQ(hooked.back(), 102);
  EXPECT_EQ(hooked.size(), 102u) << "1..101 at once, then 102 after the pause";

  // Presence channels have member events instead; no counts.
  counted.on_open(200, "/app/key5", "protocol=7", "127.0.0.1");
  const auto socket_id = json::parse(out_.take(200).at(0).at("data").get<std::string>()).at("socket_id");
  const std::string channel_data = json{{"user_id", "u"}}.dump();
  counted.on_text(200, json{{"event", "pusher:subscribe"},
                            {"data",
                             {{"channel", "presence-x"},
                              {"auth", pusher::sign_channel({"key5", kSecret}, socket_id.get<std::string>(),
                                                            "presence-x", channel_data)},
                              {"channel_data", channel_data}}}}
                          .dump());
  EXPECT_EQ(events(out_.take(200)), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}));

  // Encrypted channels are counted like private ones.
  counted.on_text(200, json{{"event", "pusher:subscribe"},
                            {"data",
                             {{"channel", "private-encrypted-vault"},
                              {"auth", pusher::sign_channel({"key5", kSecret}, socket_id.get<std::string>(),
                                                            "private-encrypted-vault")}}}}
                           .dump());
  EXPECT_EQ(counts_in(out_.take(200)), std::vector<int>{1});
}

TEST_F(PusherServiceTest, AppsWithoutSubscriptionCountingSendNoCounts) {
  connect(1);
  connect(2);
  send(1, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}}}});
  send(2, {{"event", "pusher:subscribe"}, {"data", {{"channel", "news"}}}});
  EXPECT_EQ(events(out_.take(1)), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}));
}

TEST_F(PusherServiceTest, CacheChannelsGiveNewSubscribersTheLastEventOrACacheMiss) {
  const auto subscribe = [&](runtime::ConnectionId id, const std::string& channel) {
    send(id, {{"event", "pusher:subscribe"}, {"data", {{"channel", channel}}}});
    return out_.take(id);
  };
  connect(1);
  connect(2);
  connect(3, "key2");
  for (const char* value : {"1-0", "2-0"}) {
    const auto body = json{{"name", "score"}, {"data", value}, {"channels", {"cache-match"}}}.dump();
    ASSERT_EQ(http("POST", "/apps/1/events", body).status, 200);
  }
  auto got = subscribe(1, "cache-match");
  ASSERT_EQ(events(got), (std::vector<std::string>{"pusher_internal:subscription_succeeded", "score"}));
  EXPECT_EQ(got[1].at("data"), "2-0") << "the last event only";
  EXPECT_FALSE(got[1].contains("herald_position")) << "an old position would spoil the subscriber's resume";
  EXPECT_EQ(events(subscribe(1, "cache-match")), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}))
      << "subscribing again on the same connection is not a new subscriber";

  // A resuming subscriber gets what it missed instead; after a failed
  // resume, the kept event.
  connect(6);
  const std::string latest = subscribe(6, "news").at(0).at("herald_position").get<std::string>();
  send(6, {{"event", "pusher:subscribe"}, {"data", {{"channel", "cache-match"}, {"herald_resume_from", latest}}}});
  EXPECT_EQ(events(out_.take(6)), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}));
  connect(7);
  send(7, {{"event", "pusher:subscribe"}, {"data", {{"channel", "cache-match"}, {"herald_resume_from", "5000000000-1"}}}});
  EXPECT_EQ(events(out_.take(7)), (std::vector<std::string>{"pusher_internal:subscription_succeeded",
                                                           "herald:resume_failed", "score"}));
  EXPECT_EQ(events(subscribe(3, "cache-match")),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "pusher:cache_miss"}))
      << "apps never share their caches";

  // Two subscribers miss on an empty channel: two frames, one webhook.
  EXPECT_EQ(events(subscribe(1, "cache-empty")),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "pusher:cache_miss"}));
  EXPECT_EQ(events(subscribe(2, "cache-empty")),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "pusher:cache_miss"}));
  EXPECT_EQ(events(subscribe(2, "news")), (std::vector<std::string>{"pusher_internal:subscription_succeeded"}))
      << "other channels are not cache channels";
  service_.tick();
  std::vector<std::string> misses;  // "<app key> <channel>"
  for (const auto& request : poster_.requests) {
    const json body = json::parse(request.body);
    for (const auto& event : body.at("events"))
      if (event.at("name") == "cache_miss") misses.push_back(request.key + " " + event.at("channel").get<std::string>());
  }
  std::sort(misses.begin(), misses.end());
  EXPECT_EQ(misses, (std::vector<std::string>{"key1 cache-empty", "key2 cache-match"}));

  // Client events are never kept; the kept event expires after 30 minutes.
  const auto sender = connect(4);
  send(4, {{"event", "pusher:subscribe"},
           {"data",
            {{"channel", "private-cache-room"}, {"auth", pusher::sign_channel(keys(), sender, "private-cache-room")}}}});
  out_.take(4);
  send(4, {{"event", "client-typing"}, {"channel", "private-cache-room"}, {"data", "{}"}});
  EXPECT_TRUE(out_.take(4).empty()) << "the client event was accepted";
  const auto other = connect(5);
  send(5, {{"event", "pusher:subscribe"},
           {"data",
            {{"channel", "private-cache-room"}, {"auth", pusher::sign_channel(keys(), other, "private-cache-room")}}}});
  EXPECT_EQ(events(out_.take(5)),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "pusher:cache_miss"}));
  clock_.now += 30 * 60 * 1000;
  service_.tick();
  EXPECT_EQ(events(subscribe(2, "cache-match")),
            (std::vector<std::string>{"pusher_internal:subscription_succeeded", "pusher:cache_miss"}));
}

}  // namespace
}  // namespace herald::pusher_service
