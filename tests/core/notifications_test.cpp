// Notifications: admins and the HTTP API send to one user, a list, or
// everyone; stored first, then pushed; read state across tabs.
#include "harness.hpp"

namespace herald::testing {
namespace {

struct Org {
  Harness h;
  std::string root_token = h.register_user("root");  // an admin by configuration
  std::string ann_token = h.register_user("ann");
  std::string ben_token = h.register_user("ben");
  std::int64_t ann = h.user_id(ann_token);
  std::int64_t ben = h.user_id(ben_token);
};

Json notification(Json to_or_everyone, const std::string& client_id = "n1") {
  Json n = {
      {"type", "notification.send"}, {"client_id", client_id}, {"title", "Deploy"}, {"body", "v2 is live"}};
  if (to_or_everyone.is_array())
    n["to"] = to_or_everyone;
  else
    n["everyone"] = true;
  return n;
}

TEST(Notifications, OnlyAdminsSendOverTheWebSocket) {
  Org o;
  const auto ann = o.h.sign_in(o.ann_token);
  o.h.send(ann, notification(Json::array({o.ben})));
  EXPECT_EQ(o.h.expect(ann, "error")["code"], "forbidden");
}

TEST(Notifications, ToOneUserIsStoredThenPushedToEveryTab) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  const auto ann1 = o.h.sign_in(o.ann_token);
  const auto ann2 = o.h.sign_in(o.ann_token);
  const auto ben = o.h.sign_in(o.ben_token);
  o.h.send(root, notification(Json::array({o.ann})));
  const Json ack = o.h.expect(root, "ack");
  const Json pushed = o.h.expect(ann1, "notification");
  EXPECT_EQ(o.h.expect(ann2, "notification"), pushed);
  EXPECT_EQ(pushed["notification"]["id"], ack["id"]);
  EXPECT_EQ(pushed["cursor"], ack["cursor"]);
  EXPECT_EQ(pushed["notification"]["title"], "Deploy");
  EXPECT_EQ(pushed["notification"]["read"], false);
  EXPECT_TRUE(o.h.quiet(ben)) << "ben is not a recipient";
}

TEST(Notifications, ToAListAndToEveryone) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  const auto ann = o.h.sign_in(o.ann_token);
  const auto ben = o.h.sign_in(o.ben_token);
  o.h.send(root, notification(Json::array({o.ann, o.ben}), "list"));
  o.h.expect(root, "ack");
  o.h.expect(ann, "notification");
  o.h.expect(ben, "notification");
  o.h.send(root, notification(nullptr, "all"));
  o.h.expect(root, "ack");
  o.h.expect(ann, "notification");
  o.h.expect(ben, "notification");
  EXPECT_EQ(o.h.expect(root, "notification")["notification"]["title"], "Deploy")
      << "everyone includes the sender";
  // Offline users get it too, in their history.
  const auto late = o.h.register_user("late");
  Json ready;
  o.h.sign_in(late, std::nullopt, &ready);
  EXPECT_TRUE(ready["notifications"].empty()) << "a user created afterwards was not a recipient";
  o.h.disconnect(ann);
  o.h.send(root, notification(nullptr, "all-2"));
  o.h.expect(root, "ack");
  o.h.sign_in(o.ann_token, std::nullopt, &ready);
  EXPECT_EQ(ready["notifications"].size(), 3u);
  EXPECT_EQ(ready["unread_notifications"], 3);
}

TEST(Notifications, UnknownRecipientsAreNamedAndNothingIsStored) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  o.h.send(root, notification(Json::array({o.ann, 4242})));
  const Json error = o.h.expect(root, "error");
  EXPECT_EQ(error["code"], "unknown_recipient");
  EXPECT_NE(error["message"].get<std::string>().find("4242"), std::string::npos);
  Json ready;
  o.h.sign_in(o.ann_token, std::nullopt, &ready);
  EXPECT_TRUE(ready["notifications"].empty());
}

TEST(Notifications, RetryWithTheSameClientIdStoresOnce) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  o.h.send(root, notification(Json::array({o.ann}), "same"));
  const auto first = o.h.expect(root, "ack");
  o.h.send(root, notification(Json::array({o.ann}), "same"));
  EXPECT_EQ(o.h.expect(root, "ack")["id"], first["id"]);
  Json ready;
  o.h.sign_in(o.ann_token, std::nullopt, &ready);
  EXPECT_EQ(ready["notifications"].size(), 1u);
}

TEST(Notifications, HistoryOnSignInNewestFirstAndPaged) {
  auto config = test_config();
  config.limits.default_page_size = 3;
  Harness h(config);
  const auto root_token = h.register_user("root");
  const auto ann_token = h.register_user("ann");
  const auto ann_id = h.user_id(ann_token);
  const auto root = h.sign_in(root_token);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    h.clock.now += 1000;
    h.send(root, notification(Json::array({ann_id}), "n" + std::to_string(i)));
    ids.push_back(h.expect(root, "ack")["id"].get<std::int64_t>());
  }
  Json ready;
  const auto ann = h.sign_in(ann_token, std::nullopt, &ready);
  ASSERT_EQ(ready["notifications"].size(), 3u);
  EXPECT_EQ(ready["notifications"][0]["id"], ids[4]);
  EXPECT_EQ(ready["notifications"][2]["id"], ids[2]);
  EXPECT_EQ(ready["more_notifications"], true);
  EXPECT_EQ(ready["unread_notifications"], 5);
  h.send(ann, {{"type", "notifications.fetch"}, {"before", ids[2]}});
  const Json older = h.expect(ann, "notifications");
  ASSERT_EQ(older["items"].size(), 2u);
  EXPECT_EQ(older["items"][0]["id"], ids[1]);
  EXPECT_EQ(older["more"], false);
  EXPECT_EQ(older["unread"], 5);
}

TEST(Notifications, ReadStateFollowsTheUserAcrossTabs) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  o.h.send(root, notification(Json::array({o.ann}), "a"));
  const auto first = o.h.expect(root, "ack")["id"];
  o.h.send(root, notification(Json::array({o.ann}), "b"));
  o.h.expect(root, "ack");
  const auto tab1 = o.h.sign_in(o.ann_token);
  const auto tab2 = o.h.sign_in(o.ann_token);

  o.h.send(tab1, {{"type", "notification.mark_read"}, {"id", first}, {"ref", "m1"}});
  const Json here = o.h.expect(tab1, "notifications.read");
  EXPECT_EQ(here["ref"], "m1");
  EXPECT_EQ(here["ids"], Json::array({first}));
  EXPECT_EQ(here["unread"], 1);
  const Json there = o.h.expect(tab2, "notifications.read");
  EXPECT_EQ(there["unread"], 1);
  EXPECT_EQ(there["cursor"], here["cursor"]);

  o.h.send(tab2, {{"type", "notification.mark_all_read"}});
  EXPECT_EQ(o.h.expect(tab2, "notifications.read")["unread"], 0);
  const Json all = o.h.expect(tab1, "notifications.read");
  EXPECT_EQ(all["all"], true);
  EXPECT_EQ(all["unread"], 0);

  // Marking again changes nothing and tells only the asking tab.
  o.h.send(tab1, {{"type", "notification.mark_all_read"}});
  EXPECT_EQ(o.h.expect(tab1, "notifications.read")["unread"], 0);
  EXPECT_TRUE(o.h.quiet(tab2));
}

// docs/protocol.md: marking a notification that does not exist, or that was
// sent to someone else, is `not_found` (the same answer for both, so ids of
// other users' notifications cannot be probed); marking one already read is
// answered with the current state, as before.
TEST(Notifications, MarkReadOfAnUnknownOrForeignNotificationIsNotFound) {
  Org o;
  const auto root = o.h.sign_in(o.root_token);
  o.h.send(root, notification(Json::array({o.ben}), "n-ben"));
  const auto bens = o.h.expect(root, "ack")["id"].get<std::int64_t>();
  const auto ann = o.h.sign_in(o.ann_token);

  o.h.send(ann, {{"type", "notification.mark_read"}, {"id", bens}, {"ref", "foreign"}});
  Json error = o.h.expect(ann, "error");
  EXPECT_EQ(error["code"], "not_found");
  EXPECT_EQ(error["ref"], "foreign");

  o.h.send(ann, {{"type", "notification.mark_read"}, {"id", bens + 1000}, {"ref", "missing"}});
  error = o.h.expect(ann, "error");
  EXPECT_EQ(error["code"], "not_found");
  EXPECT_EQ(error["ref"], "missing");

  // ben's notification is still unread for ben.
  const auto ben = o.h.sign_in(o.ben_token);
  o.h.send(ben, {{"type", "notification.mark_read"}, {"id", bens}, {"ref", "mine"}});
  const Json read = o.h.expect(ben, "notifications.read");
  EXPECT_EQ(read["ids"], Json::array({bens}));
  EXPECT_GT(read["cursor"].get<std::int64_t>(), 0);
  // Again: already read, so the current state without a cursor.
  o.h.send(ben, {{"type", "notification.mark_read"}, {"id", bens}, {"ref", "again"}});
  const Json again = o.h.expect(ben, "notifications.read");
  EXPECT_EQ(again["ref"], "again");
  EXPECT_EQ(again["unread"], 0);
}

TEST(Notifications, HttpApiValidatesStoresAndPushes) {
  Org o;
  const auto ann = o.h.sign_in(o.ann_token);
  std::optional<core::ApiReply> reply;
  const auto call = [&](const std::string& body) {
    reply.reset();
    o.h.service.api_send_notification(body, [&](core::ApiReply r) { reply = r; });
    o.h.loop.run_until([&] { return reply.has_value(); });
    return Json::parse(reply->body);
  };
  Json created =
      call(Json{{"title", "Invoice paid"}, {"body", "#1024"}, {"to", {o.ann}}, {"link", "/billing"}}.dump());
  EXPECT_EQ(reply->status, 201);
  EXPECT_EQ(created["recipients"], 1);
  const Json pushed = o.h.expect(ann, "notification");
  EXPECT_EQ(pushed["notification"]["id"], created["id"]);
  EXPECT_FALSE(pushed["notification"].contains("sender")) << "API notifications have no user sender";

  Json bad = call(R"({"title":"","body":"x","to":[1]})");
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(bad["error"], "invalid_field");
  EXPECT_EQ(bad["field"], "title");
  call("not json");
  EXPECT_EQ(reply->status, 400);
  Json unknown = call(R"({"title":"t","body":"","to":[987654]})");
  EXPECT_EQ(reply->status, 422);
  EXPECT_EQ(unknown["error"], "unknown_recipient");
  call(R"({"client_id":"k1","title":"t","body":"","everyone":true})");
  EXPECT_EQ(reply->status, 201);
  Json again = call(R"({"client_id":"k1","title":"t","body":"","everyone":true})");
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(again["duplicate"], true);
}

}  // namespace
}  // namespace herald::testing
