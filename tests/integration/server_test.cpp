// herald-server end to end over loopback: real sockets, real WebSocket and
// HTTP clients, SQLite under a temporary folder.
#include <thread>

#include "fixture.hpp"

namespace herald::testing {
namespace {

using beast::http::verb;

TEST_F(ServerTest, HealthReadinessAndStaticFiles) {
  std::ofstream(web_ / "herald.wasm") << "\0asm";
  std::ofstream(web_ / "herald.js") << "console.log(1)";
  start();
  EXPECT_EQ(http(port(), verb::get, "/healthz").status, 200u);
  const auto ready = http(port(), verb::get, "/readyz");
  EXPECT_EQ(ready.status, 200u);
  const auto index = http(port(), verb::get, "/");
  EXPECT_EQ(index.status, 200u);
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("<title>Herald"), std::string::npos);
  EXPECT_EQ(http(port(), verb::get, "/herald.wasm").content_type, "application/wasm");
  EXPECT_EQ(http(port(), verb::get, "/herald.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(http(port(), verb::get, "/../data/herald.db").status, 404u);
  EXPECT_EQ(http(port(), verb::get, "/%2e%2e/data/herald.db").status, 404u);
  EXPECT_EQ(http(port(), verb::get, "/missing.js").status, 404u);
}

TEST_F(ServerTest, TwoUsersExchangeDirectMessages) {
  start();
  WsClient alice(port());
  EXPECT_EQ(alice.welcome()["type"], "welcome");
  EXPECT_EQ(alice.welcome()["limits"]["max_frame_bytes"], 65536);
  const auto alice_token = alice.sign_up("alice");
  const auto alice_id = alice.hello(alice_token)["user"]["id"];
  WsClient bob(port());
  const auto bob_token = bob.sign_up("bob");
  const auto bob_id = bob.hello(bob_token)["user"]["id"];

  alice.send(
      {{"type", "message.send"}, {"client_id", "a1"}, {"to", bob_id}, {"text", "Cześć, Bob! Привет!"}});
  const Json ack = alice.expect("ack");
  const Json got = bob.expect("message");
  EXPECT_EQ(got["message"]["id"], ack["id"]);
  EXPECT_EQ(got["message"]["text"], "Cześć, Bob! Привет!");
  bob.send({{"type", "message.send"}, {"client_id", "b1"}, {"to", alice_id}, {"text", "Hi Alice"}});
  bob.expect("ack");
  EXPECT_EQ(alice.expect("message")["message"]["sender"], bob_id);

  bob.send({{"type", "history.fetch"}, {"peer", alice_id}});
  const Json history = bob.expect("history");
  ASSERT_EQ(history["messages"].size(), 2u);
  EXPECT_EQ(history["messages"][0]["text"], "Hi Alice");
}

TEST_F(ServerTest, ThreeUsersTalkInARoom) {
  start();
  WsClient ann(port());
  const auto ann_id = ann.hello(ann.sign_up("ann"))["user"]["id"];
  WsClient ben(port());
  const auto ben_id = ben.hello(ben.sign_up("ben"))["user"]["id"];
  WsClient cid(port());
  const auto cid_id = cid.hello(cid.sign_up("cid"))["user"]["id"];

  ann.send({{"type", "room.create"}, {"client_id", "r1"}, {"name", "Zespół"}, {"visibility", "private"}});
  const auto room = ann.expect("ack")["id"];
  EXPECT_EQ(ann.expect("room.member")["room"]["owner"], ann_id);
  for (const auto& user : {ben_id, cid_id}) {
    ann.send({{"type", "room.invite"}, {"room", room}, {"user", user}});
    ann.expect("ack");
    ann.expect("room.member");
  }
  ben.expect("room.member");
  cid.expect("room.member");
  ben.send({{"type", "room.join"}, {"room", room}});
  ben.expect("ack");
  ben.expect("room.member");
  ann.expect("room.member");
  cid.send({{"type", "room.join"}, {"room", room}});
  cid.expect("ack");
  EXPECT_EQ(cid.expect("room.member")["room"]["members"], 3);
  ann.expect("room.member");
  ben.expect("room.member");

  ben.send({{"type", "message.send"}, {"client_id", "b1"}, {"room", room}, {"text", "Cześć! Привет!"}});
  const Json ack = ben.expect("ack");
  for (WsClient* member : {&ann, &cid}) {
    const Json got = member->expect("message");
    EXPECT_EQ(got["message"]["id"], ack["id"]);
    EXPECT_EQ(got["message"]["room"], room);
    EXPECT_EQ(got["message"]["text"], "Cześć! Привет!");
  }
  cid.send({{"type", "history.fetch"}, {"room", room}});
  const Json history = cid.expect("history");
  ASSERT_EQ(history["messages"].size(), 1u);
  EXPECT_EQ(history["messages"][0]["sender"], ben_id);
  cid.send({{"type", "room.members"}, {"room", room}});
  EXPECT_EQ(cid.expect("room.members")["members"].size(), 3u);
}

TEST_F(ServerTest, NotificationsThroughTheHttpApiToOneAListAndEveryone) {
  start();
  WsClient ann(port());
  const auto ann_token = ann.sign_up("ann");
  const auto ann_id = ann.hello(ann_token)["user"]["id"];
  WsClient ben(port());
  const auto ben_id = ben.hello(ben.sign_up("ben"))["user"]["id"];

  EXPECT_EQ(post_notification({{"title", "x"}, {"body", ""}, {"everyone", true}}, "wrong-key").status, 401u);
  EXPECT_EQ(http(port(), verb::post, "/api/v1/notifications", "{}").status, 401u) << "no key";

  auto r = post_notification({{"title", "Only Ann"}, {"body", "1"}, {"to", {ann_id}}});
  EXPECT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(ann.expect("notification")["notification"]["title"], "Only Ann");
  r = post_notification({{"title", "Both"}, {"body", "2"}, {"to", {ann_id, ben_id}}});
  EXPECT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(ann.expect("notification")["notification"]["title"], "Both");
  EXPECT_EQ(ben.expect("notification")["notification"]["title"], "Both");
  r = post_notification({{"title", "Everyone"}, {"body", "3"}, {"everyone", true}});
  EXPECT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(Json::parse(r.body)["recipients"], 2);
  EXPECT_EQ(ann.expect("notification")["notification"]["title"], "Everyone");
  EXPECT_EQ(ben.expect("notification")["notification"]["title"], "Everyone");

  r = post_notification({{"title", std::string(201, 't')}, {"body", ""}, {"everyone", true}});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(Json::parse(r.body)["error"], "text_too_long");
  r = post_notification({{"title", "t"}, {"body", ""}, {"to", {999999}}});
  EXPECT_EQ(r.status, 422u);

  // History on sign-in: a new connection of ann's gets all three, newest
  // first, with the unread count.
  WsClient ann2(port());
  const Json ready = ann2.hello(ann_token);
  ASSERT_EQ(ready["notifications"].size(), 3u);
  EXPECT_EQ(ready["notifications"][0]["title"], "Everyone");
  EXPECT_EQ(ready["notifications"][2]["title"], "Only Ann");
  EXPECT_EQ(ready["unread_notifications"], 3);
  ann2.send({{"type", "notification.mark_all_read"}});
  EXPECT_EQ(ann2.expect("notifications.read")["unread"], 0);
  EXPECT_EQ(ann.expect("notifications.read")["unread"], 0) << "the other tab follows";
}

TEST_F(ServerTest, AdminSendsNotificationsOverTheWebSocket) {
  start();
  WsClient root(port());
  const Json ready = root.hello(root.sign_up("root"));
  EXPECT_EQ(ready["user"]["admin"], true);
  WsClient ann(port());
  const auto ann_id = ann.hello(ann.sign_up("ann"))["user"]["id"];
  root.send({{"type", "notification.send"},
             {"client_id", "n1"},
             {"title", "Hello"},
             {"body", ""},
             {"to", {ann_id}}});
  root.expect("ack");
  EXPECT_EQ(ann.expect("notification")["notification"]["sender"], ready["user"]["id"]);
}

TEST_F(ServerTest, ReconnectAfterARestartWithACursorLosesNothing) {
  start();
  std::string bob_token;
  std::int64_t cursor = 0, bob_id = 0;
  {
    WsClient bob(port());
    bob_token = bob.sign_up("bob");
    const Json ready = bob.hello(bob_token);
    cursor = ready["cursor"];
    bob_id = ready["user"]["id"];
  }
  WsClient alice(port());
  const auto alice_token = alice.sign_up("alice");
  alice.hello(alice_token);
  std::vector<std::int64_t> sent;
  for (int i = 0; i < 3; ++i) {
    alice.send({{"type", "message.send"},
                {"client_id", "before-" + std::to_string(i)},
                {"to", bob_id},
                {"text", "x"}});
    sent.push_back(alice.expect("ack")["id"]);
  }
  int status = -1;
  std::thread stopper([&] { status = stop(SIGTERM); });
  EXPECT_EQ(alice.close_code(), std::optional<std::uint16_t>(1001))
      << "clients are told the server is going away";
  stopper.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a clean exit, status " << status;

  start();  // same data folder
  WsClient alice2(port());
  alice2.hello(alice_token);
  alice2.send({{"type", "message.send"}, {"client_id", "after-0"}, {"to", bob_id}, {"text", "y"}});
  sent.push_back(alice2.expect("ack")["id"]);
  // A retry of a message stored before the restart is still recognised.
  alice2.send({{"type", "message.send"}, {"client_id", "before-0"}, {"to", bob_id}, {"text", "x"}});
  EXPECT_EQ(alice2.expect("ack")["id"], sent[0]);

  WsClient bob(port());
  const Json ready = bob.hello(bob_token, cursor);
  std::vector<std::int64_t> received;
  for (const auto& e : bob.replayed)
    if (e["type"] == "message") received.push_back(e["message"]["id"]);
  EXPECT_EQ(received, sent) << "everything missed, in order, once";
  EXPECT_GT(ready["cursor"].get<std::int64_t>(), cursor);
}

TEST_F(ServerTest, AckedMessagesSurviveAKill) {
  start();
  WsClient alice(port());
  const auto token = alice.sign_up("alice");
  const auto id = alice.hello(token)["user"]["id"];
  for (int i = 0; i < 20; ++i) {
    alice.send(
        {{"type", "message.send"}, {"client_id", "k" + std::to_string(i)}, {"to", id}, {"text", "note"}});
    alice.expect("ack");
  }
  stop(SIGKILL);
  start();
  WsClient again(port());
  again.hello(token);
  again.send({{"type", "history.fetch"}, {"peer", id}, {"limit", 200}});
  EXPECT_EQ(again.expect("history")["messages"].size(), 20u);
}

TEST_F(ServerTest, ProtocolViolationsCloseWithTheRightCodes) {
  start({"--max-frame-bytes", "1024"});
  {
    WsClient c(port());
    c.send_raw(std::string(2000, 'x'));
    EXPECT_EQ(c.close_code(), std::optional<std::uint16_t>(1009)) << "oversized frame";
  }
  {
    WsClient c(port());
    c.send_raw("{\"v\":1,\"type\":\"ping\",\"x\":\"\xed\xa0\x80\"}");
    EXPECT_EQ(c.close_code(), std::optional<std::uint16_t>(1007)) << "invalid UTF-8";
  }
  {
    WsClient c(port());
    c.send_raw("\x01\x02", /*binary=*/true);
    EXPECT_EQ(c.close_code(), std::optional<std::uint16_t>(1003)) << "binary frame";
  }
  {
    WsClient c(port());
    c.send_raw("{oops");
    EXPECT_EQ(c.expect("error")["code"], "malformed_json");
    c.send({{"type", "launch"}});
    EXPECT_EQ(c.expect("error")["code"], "unknown_type");
    c.send({{"type", "message.send"}, {"client_id", "c"}, {"to", 1}, {"text", "hi"}});
    EXPECT_EQ(c.expect("error")["code"], "not_authenticated");
    c.send({{"type", "ping"}});
    c.expect("pong");
  }
  EXPECT_EQ(http(port(), verb::get, "/healthz").status, 200u) << "the server is still up";
}

TEST_F(ServerTest, CheckConfigValidatesWithoutServing) {
  const std::string command = std::string(HERALD_SERVER_BINARY) + " --check-config --data-dir " +
                              (dir_ / "d").string() + " > /dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0);
  const std::string bad =
      std::string(HERALD_SERVER_BINARY) + " --check-config --max-page-size 0 > /dev/null 2>&1";
  EXPECT_NE(std::system(bad.c_str()), 0);
}

}  // namespace
}  // namespace herald::testing
