// herald_client_core: every server event, reconnect and resume without loss
// or duplicates, retries under the same client id, paging, unread counts,
// rooms (create, discover, invitations, join, leave, member lists).
// Runs natively and as WebAssembly under Node (same count).
#include "herald/client/client.hpp"

#include <set>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "herald/client/test_hook.hpp"

namespace herald::client {
namespace {

using Json = nlohmann::json;
using protocol::MessageRecord;
using protocol::ServerMessage;

const std::string kToken(64, 'a');
constexpr UserId kMe = 1;
constexpr UserId kPeer = 2;

/// A client on an open socket, signed in as user 1 ("me"), with helpers to
/// play the server's part.
class ClientTest : public ::testing::Test {
 protected:
  ClientTest() : client(ClientOptions{}, 42) {}

  void SetUp() override { connect_and_sign_in(); }

  void connect_and_sign_in(std::optional<Cursor> expect_cursor = std::nullopt) {
    client.start(now, kToken);
    EXPECT_EQ(client.take_socket_command(), SocketCommand::connect);
    client.socket_opened(now);
    const auto hello = sent();
    EXPECT_EQ(hello.size(), 1u);
    if (!hello.empty()) {
      EXPECT_EQ(hello[0]["type"], "hello");
      if (expect_cursor)
        EXPECT_EQ(hello[0]["cursor"], *expect_cursor);
      else
        EXPECT_FALSE(hello[0].contains("cursor"));
    }
    receive(ServerMessage{ready()}, "hello");
    EXPECT_EQ(client.state().phase, Phase::ready);
    sent();  // the rooms requests every ready sends (RoomsAreFetchedOnEveryReady)
  }

  protocol::Ready ready() {
    protocol::Ready r;
    r.user = {kMe, "meg", false};
    r.cursor = 10;
    return r;
  }

  void receive(const ServerMessage& m, std::optional<std::string> ref = std::nullopt) {
    client.frame_received(now, protocol::encode(m, ref));
  }

  /// Frames the client sent since the last call, parsed.
  std::vector<Json> sent() {
    std::vector<Json> out;
    for (const auto& f : client.take_outgoing()) out.push_back(Json::parse(f));
    return out;
  }

  static RoomInfo room(RoomId id, const std::string& name, std::int64_t members = 1,
                       protocol::Visibility visibility = protocol::Visibility::public_room,
                       UserId owner = kMe) {
    return RoomInfo{id, name, visibility, owner, members};
  }

  /// room.member from the server: `user` joined (or left, or was invited to) `info`.
  void member_event(Cursor cursor, const RoomInfo& info, UserId user, bool joined) {
    receive(ServerMessage{protocol::RoomMemberEvent{cursor, info, user, joined}});
  }

  void rooms_reply(std::vector<RoomInfo> items, const std::string& ref, std::vector<RoomInfo> invitations = {}) {
    protocol::Rooms reply;
    reply.items = std::move(items);
    reply.invitations = std::move(invitations);
    receive(ServerMessage{reply}, ref);
  }

  void error_reply(protocol::Errc code, const std::string& ref, bool retryable = false) {
    protocol::ErrorReply e;
    e.code = code;
    e.message = "refused";
    e.retryable = retryable;
    receive(ServerMessage{e}, ref);
  }

  /// The server's ack of a request sent under `ref`.
  void ack(const std::string& ref, std::optional<std::int64_t> id = std::nullopt,
           std::optional<std::string> client_id = std::nullopt, std::optional<Cursor> cursor = std::nullopt) {
    protocol::Ack a;
    a.client_id = std::move(client_id);
    a.id = id;
    a.cursor = cursor;
    a.ts = now;
    receive(ServerMessage{a}, ref);
  }

  std::vector<RoomId> ids(const std::vector<RoomInfo>& rooms) {
    std::vector<RoomId> out;
    for (const auto& r : rooms) out.push_back(r.id);
    return out;
  }

  static MessageRecord message(MessageId id, UserId from, UserId to, const std::string& text,
                               Timestamp ts = 1000) {
    MessageRecord m;
    m.id = id;
    m.sender = from;
    m.to = Target::user(to);
    m.text = text;
    m.ts = ts;
    return m;
  }

  const Conversation& peer() {
    const Conversation* c = client.find(Target::user(kPeer));
    EXPECT_NE(c, nullptr);
    static const Conversation kEmpty;
    return c ? *c : kEmpty;
  }

  Timestamp now = 1'000'000;
  Client client;
};

TEST_F(ClientTest, RegisterThenHelloThenReady) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  EXPECT_EQ(fresh.take_socket_command(), SocketCommand::connect);
  EXPECT_EQ(fresh.state().phase, Phase::connecting);
  fresh.socket_opened(now);
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  EXPECT_TRUE(fresh.take_outgoing().empty()) << "no token: nothing to say yet";
  fresh.register_account("alice", "password123");
  auto out = fresh.take_outgoing();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Json::parse(out[0])["type"], "register");
  protocol::Session session{kToken, {5, "alice", false}, now + 1000};
  fresh.frame_received(now, protocol::encode(ServerMessage{session}, std::string("auth")));
  EXPECT_EQ(fresh.state().token, kToken);
  out = fresh.take_outgoing();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Json::parse(out[0])["token"], kToken);
  protocol::Ready r;
  r.user = {5, "alice", false};
  fresh.frame_received(now, protocol::encode(ServerMessage{r}, std::string("hello")));
  EXPECT_EQ(fresh.state().phase, Phase::ready);
  EXPECT_EQ(fresh.state().me->username, "alice");
}

TEST_F(ClientTest, RegisterBeforeTheSocketOpensIsSentWhenItOpens) {
  // A page can ask to register (the form, or the test hook) while it is
  // still connecting: the request waits for the socket instead of vanishing.
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  EXPECT_EQ(fresh.take_socket_command(), SocketCommand::connect);
  fresh.register_account("alice", "password123");
  EXPECT_EQ(fresh.state().phase, Phase::connecting) << "until the socket opens";
  EXPECT_TRUE(fresh.take_outgoing().empty());
  fresh.socket_opened(now);
  EXPECT_EQ(fresh.state().phase, Phase::authenticating) << "not the sign-in form again";
  auto out = fresh.take_outgoing();
  ASSERT_EQ(out.size(), 1u) << "the register request, and no hello (there is no token)";
  EXPECT_EQ(Json::parse(out[0])["type"], "register");
  EXPECT_EQ(Json::parse(out[0])["username"], "alice");
  protocol::Session session{kToken, {5, "alice", false}, now + 1000};
  fresh.frame_received(now, protocol::encode(ServerMessage{session}, std::string("auth")));
  EXPECT_EQ(fresh.state().token, kToken);
}

TEST_F(ClientTest, AnAuthRequestCutOffByADisconnectIsNotResentAndSaysSo) {
  // The server may have created the account before the socket dropped, so
  // sending "register" again could only fail; the user is asked to retry.
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  fresh.socket_opened(now);
  fresh.register_account("alice", "password123");
  ASSERT_EQ(fresh.take_outgoing().size(), 1u);
  fresh.socket_closed(now, 1006, "");
  ASSERT_TRUE(fresh.state().error.has_value());
  EXPECT_EQ(fresh.state().error->code, "connection_lost");
  now += 60'000;
  fresh.tick(now);
  EXPECT_EQ(fresh.take_socket_command(), SocketCommand::connect);
  fresh.socket_opened(now);
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  EXPECT_TRUE(fresh.take_outgoing().empty());
}

TEST_F(ClientTest, ASignInAskedForWhileOfflineWaitsForTheReconnect) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  fresh.take_socket_command();
  fresh.socket_closed(now, 1006, "");  // the first connect failed
  ASSERT_EQ(fresh.state().phase, Phase::offline);
  fresh.sign_in("alice", "password123");
  EXPECT_EQ(fresh.state().phase, Phase::offline) << "still offline: the reconnect must still happen";
  EXPECT_FALSE(fresh.state().error.has_value()) << "nothing was sent, nothing was lost";
  now += 60'000;
  fresh.tick(now);
  EXPECT_EQ(fresh.take_socket_command(), SocketCommand::connect);
  fresh.socket_closed(now, 1006, "");  // and the second one too
  now += 60'000;
  fresh.tick(now);
  EXPECT_EQ(fresh.take_socket_command(), SocketCommand::connect);
  fresh.socket_opened(now);
  EXPECT_EQ(fresh.state().phase, Phase::authenticating);
  const auto out = fresh.take_outgoing();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Json::parse(out[0])["type"], "sign_in");
}

TEST_F(ClientTest, ARegisterReplacesAStoredSessionAndItsRefusalSignsOut) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now, kToken);
  fresh.register_account("alice", "password123");
  EXPECT_TRUE(fresh.state().token.empty()) << "the stored session is given up for the new one";
  fresh.socket_opened(now);
  const auto out = fresh.take_outgoing();
  ASSERT_EQ(out.size(), 1u) << "no hello with the old token";
  EXPECT_EQ(Json::parse(out[0])["type"], "register");
  protocol::ErrorReply e;
  e.code = protocol::Errc::username_taken;
  e.message = "taken";
  fresh.frame_received(now, protocol::encode(ServerMessage{e}, std::string("auth")));
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  ASSERT_TRUE(fresh.state().error.has_value());
  EXPECT_EQ(fresh.state().error->code, "username_taken");
}

TEST_F(ClientTest, SignOutBeforeTheSocketOpensDropsAWaitingSignIn) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  fresh.sign_in("alice", "password123");
  fresh.sign_out();
  fresh.socket_opened(now);
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  EXPECT_TRUE(fresh.take_outgoing().empty());
}

TEST_F(ClientTest, AuthErrorsAreShownAndLeaveTheUserSignedOut) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now);
  fresh.socket_opened(now);
  fresh.sign_in("alice", "wrong");
  protocol::ErrorReply e;
  e.code = protocol::Errc::invalid_credentials;
  e.message = "wrong username or password";
  fresh.frame_received(now, protocol::encode(ServerMessage{e}, std::string("auth")));
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  ASSERT_TRUE(fresh.state().error.has_value());
  EXPECT_EQ(fresh.state().error->code, "invalid_credentials");
}

TEST_F(ClientTest, StaleStoredTokenFallsBackToSignIn) {
  Client fresh(ClientOptions{}, 7);
  fresh.start(now, kToken);
  fresh.socket_opened(now);
  fresh.take_outgoing();
  protocol::ErrorReply e;
  e.code = protocol::Errc::invalid_token;
  e.message = "expired";
  fresh.frame_received(now, protocol::encode(ServerMessage{e}, std::string("hello")));
  EXPECT_EQ(fresh.state().phase, Phase::signed_out);
  EXPECT_TRUE(fresh.state().token.empty());
}

TEST_F(ClientTest, SentMessageIsPendingThenSentOnAck) {
  const auto id = client.send_message(Target::user(kPeer), "Cześć!", now);
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(peer().timeline.size(), 1u);
  EXPECT_EQ(peer().timeline[0].delivery, Delivery::pending);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "message.send");
  EXPECT_EQ(out[0]["client_id"], id);
  EXPECT_EQ(out[0]["to"], kPeer);
  EXPECT_EQ(out[0]["ref"], "m:" + id);

  protocol::Ack ack;
  ack.client_id = id;
  ack.id = 77;
  ack.cursor = 11;
  ack.ts = 5000;
  receive(ServerMessage{ack}, "m:" + id);
  EXPECT_EQ(peer().timeline[0].delivery, Delivery::sent);
  EXPECT_EQ(peer().timeline[0].record.id, 77);
  EXPECT_EQ(client.state().cursor, 11);
}

TEST_F(ClientTest, MessagesWrittenOfflineAreSentOnReconnectWithTheSameClientId) {
  const auto id = client.send_message(Target::user(kPeer), "first try", now);
  sent();
  client.socket_closed(now, 1006, "");
  EXPECT_EQ(client.state().phase, Phase::offline);
  const auto offline_id = client.send_message(Target::user(kPeer), "written offline", now);
  EXPECT_TRUE(sent().empty());

  now = client.state().reconnect_at;
  client.tick(now);
  EXPECT_EQ(client.take_socket_command(), SocketCommand::connect);
  client.socket_opened(now);
  const auto hello = sent();
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0]["cursor"], 10) << "resume from the newest cursor seen";
  receive(ServerMessage{ready()}, "hello");
  const auto out = sent();
  ASSERT_EQ(out.size(), 4u) << "the two messages, then the rooms requests";
  EXPECT_EQ(out[0]["client_id"], id) << "the unacknowledged message is resent under its client id";
  EXPECT_EQ(out[1]["client_id"], offline_id);
  EXPECT_EQ(out[2]["type"], "rooms.fetch");
  EXPECT_EQ(out[3]["type"], "rooms.fetch");
}

TEST_F(ClientTest, RetryableErrorsRetryLaterNonRetryableOnesFail) {
  const auto id = client.send_message(Target::user(kPeer), "hello", now);
  sent();
  protocol::ErrorReply unavailable;
  unavailable.code = protocol::Errc::unavailable;
  unavailable.retryable = true;
  unavailable.message = "db down";
  receive(ServerMessage{unavailable}, "m:" + id);
  EXPECT_EQ(peer().timeline[0].delivery, Delivery::pending);
  client.tick(now + 100);
  EXPECT_TRUE(sent().empty()) << "not before the retry delay";
  client.tick(now + client.options().retry_delay_ms);
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["client_id"], id);

  protocol::ErrorReply refused;
  refused.code = protocol::Errc::unknown_recipient;
  refused.message = "no such user";
  receive(ServerMessage{refused}, "m:" + id);
  EXPECT_EQ(peer().timeline[0].delivery, Delivery::failed);
  EXPECT_EQ(peer().timeline[0].failure, "no such user");
  client.retry_message(Target::user(kPeer), id);
  out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["client_id"], id);
}

TEST_F(ClientTest, GivesUpAfterMaxAttempts) {
  ClientOptions options;
  options.max_send_attempts = 2;
  Client c(options, 3);
  c.start(now, kToken);
  c.socket_opened(now);
  c.frame_received(now, protocol::encode(ServerMessage{ready()}));
  const auto id = c.send_message(Target::user(kPeer), "x", now);
  protocol::ErrorReply e;
  e.code = protocol::Errc::unavailable;
  e.retryable = true;
  for (int i = 0; i < 3; ++i) {
    c.frame_received(now, protocol::encode(ServerMessage{e}, "m:" + id));
    now += c.options().retry_delay_ms;
    c.tick(now);
  }
  EXPECT_EQ(c.find(Target::user(kPeer))->timeline[0].delivery, Delivery::failed);
}

TEST_F(ClientTest, ReconnectBacksOffWithJitterAndResetsWhenReady) {
  std::vector<Timestamp> delays;
  for (int i = 0; i < 8; ++i) {
    client.socket_closed(now, 1006, "");
    delays.push_back(client.state().reconnect_at - now);
    now = client.state().reconnect_at;
    client.tick(now);
    EXPECT_EQ(client.take_socket_command(), SocketCommand::connect);
  }
  Timestamp cap = client.options().reconnect_min_ms;
  for (auto d : delays) {
    EXPECT_GE(d, cap / 2);
    EXPECT_LE(d, cap);
    cap = std::min(cap * 2, client.options().reconnect_max_ms);
  }
  client.socket_opened(now);
  receive(ServerMessage{ready()});
  EXPECT_EQ(client.state().reconnect_attempt, 0);
  client.socket_closed(now, 1006, "");
  EXPECT_LE(client.state().reconnect_at - now, client.options().reconnect_min_ms);
}

TEST(ReconnectDelay, JitterSpreadsClientsApart) {
  std::mt19937_64 random(1);
  std::set<Timestamp> seen;
  for (int i = 0; i < 50; ++i) seen.insert(reconnect_delay(5, 500, 30'000, random));
  EXPECT_GT(seen.size(), 40u);
}

TEST_F(ClientTest, ReplayedEventsAreAppliedOnce) {
  protocol::MessageEvent e{12, message(50, kPeer, kMe, "hi")};
  receive(ServerMessage{e});
  receive(ServerMessage{e});
  EXPECT_EQ(peer().timeline.size(), 1u);
  EXPECT_EQ(peer().unread, 1);
  EXPECT_EQ(client.state().cursor, 12);
  protocol::NotificationEvent n{13, {}};
  n.notification.id = 9;
  n.notification.title = "t";
  receive(ServerMessage{n});
  receive(ServerMessage{n});
  EXPECT_EQ(client.state().inbox.items.size(), 1u);
  EXPECT_EQ(client.state().inbox.unread, 1);
}

TEST_F(ClientTest, OwnMessageFromAnotherTabReplacesNothingAndAppearsOnce) {
  auto m = message(60, kMe, kPeer, "from my phone");
  m.client_id = "other-tab";
  receive(ServerMessage{protocol::MessageEvent{14, m}});
  ASSERT_EQ(peer().timeline.size(), 1u);
  EXPECT_EQ(peer().unread, 0) << "my own messages are never unread";
}

TEST_F(ClientTest, UnreadCountsAndReadMarks) {
  receive(ServerMessage{protocol::MessageEvent{12, message(50, kPeer, kMe, "one")}});
  receive(ServerMessage{protocol::MessageEvent{13, message(51, kPeer, kMe, "two")}});
  EXPECT_EQ(peer().unread, 2);
  client.open_conversation(Target::user(kPeer), "bob");
  auto out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["type"], "history.fetch");
  EXPECT_EQ(out[1]["type"], "read.mark");
  EXPECT_EQ(out[1]["message_id"], 51);
  EXPECT_EQ(peer().unread, 0);
  EXPECT_EQ(peer().title, "bob");
  // While the conversation is open, new messages are read at once.
  receive(ServerMessage{protocol::MessageEvent{14, message(52, kPeer, kMe, "three")}});
  out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["message_id"], 52);
  EXPECT_EQ(peer().unread, 0);
}

// Applying a summary re-sorts the list by recency; each count must still
// land on its own conversation (the newer one moves to the front mid-way).
TEST_F(ClientTest, SummariesKeepTheirCountsWhateverTheOrder) {
  protocol::Ready r = ready();
  for (const auto& [peer, ts, unread] :
       {std::tuple<UserId, Timestamp, std::int64_t>{2, 1000, 5}, {3, 9000, 1}}) {
    protocol::ConversationSummary s;
    s.target = Target::user(peer);
    s.title = "user" + std::to_string(peer);
    s.last_message = message(100 + peer, peer, kMe, "hi", ts);
    s.unread = unread;
    r.conversations.push_back(s);
  }
  receive(ServerMessage{r});
  ASSERT_EQ(client.state().conversations.size(), 2u);
  EXPECT_EQ(client.state().conversations[0].target, Target::user(3)) << "most recent first";
  EXPECT_EQ(client.find(Target::user(2))->unread, 5);
  EXPECT_EQ(client.find(Target::user(3))->unread, 1);
  protocol::Conversations list;
  list.items = r.conversations;
  list.items[0].unread = 7;
  receive(ServerMessage{list});
  EXPECT_EQ(client.find(Target::user(2))->unread, 7);
  EXPECT_EQ(client.find(Target::user(3))->unread, 1);
}

TEST_F(ClientTest, ReceiptsFromThePeerAndFromMyOtherTabs) {
  receive(ServerMessage{protocol::MessageEvent{12, message(50, kPeer, kMe, "one")}});
  receive(ServerMessage{protocol::Receipt{15, Target::user(kPeer), kMe, 50}});
  EXPECT_EQ(peer().unread, 0) << "read on another tab";
  receive(ServerMessage{protocol::Receipt{16, Target::user(kPeer), kPeer, 49}});
  EXPECT_EQ(peer().peer_last_read, std::optional<MessageId>(49));
  EXPECT_EQ(client.state().cursor, 16);
}

TEST_F(ClientTest, HistoryPagesMergeInOrder) {
  client.open_conversation(Target::user(kPeer));
  sent();
  protocol::History first;
  first.with = Target::user(kPeer);
  first.messages = {message(30, kPeer, kMe, "c"), message(20, kMe, kPeer, "b")};
  first.more = true;
  receive(ServerMessage{first}, "newest");
  ASSERT_EQ(peer().timeline.size(), 2u);
  EXPECT_EQ(peer().timeline[0].record.id, 20) << "oldest first";
  EXPECT_TRUE(peer().history_loaded);
  EXPECT_TRUE(peer().has_older);

  client.load_older(Target::user(kPeer));
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["before"], 20);
  EXPECT_TRUE(peer().loading_older);
  client.load_older(Target::user(kPeer));
  EXPECT_TRUE(sent().empty()) << "one page at a time";

  protocol::History older;
  older.with = Target::user(kPeer);
  older.messages = {message(10, kPeer, kMe, "a")};
  older.more = false;
  receive(ServerMessage{older}, "older");
  ASSERT_EQ(peer().timeline.size(), 3u);
  EXPECT_EQ(peer().timeline[0].record.text, "a");
}

TEST_F(ClientTest, NotificationsInboxToastsAndReadStateAcrossTabs) {
  protocol::Ready r = ready();
  for (int id = 5; id >= 4; --id) {
    protocol::NotificationRecord n;
    n.id = id;
    n.title = "n" + std::to_string(id);
    r.notifications.push_back(n);
  }
  r.unread_notifications = 2;
  r.more_notifications = true;
  receive(ServerMessage{r});
  sent();  // the rooms requests of ready
  EXPECT_EQ(client.state().inbox.items.size(), 2u);
  EXPECT_TRUE(client.state().inbox.has_more);

  protocol::NotificationEvent e{20, {}};
  e.notification.id = 6;
  e.notification.title = "Deploy";
  e.notification.body = "v2";
  receive(ServerMessage{e});
  EXPECT_EQ(client.state().inbox.items.front().id, 6) << "newest first";
  EXPECT_EQ(client.state().inbox.unread, 3);
  ASSERT_EQ(client.state().toasts.size(), 1u);
  EXPECT_EQ(client.state().toasts[0].title, "Deploy");
  client.tick(now + client.options().toast_ms);
  EXPECT_TRUE(client.state().toasts.empty()) << "toasts go away by themselves";

  client.mark_notification_read(6);
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "notification.mark_read");
  EXPECT_EQ(client.state().inbox.unread, 2);
  receive(ServerMessage{protocol::NotificationsRead{21, {}, true, 0}});
  EXPECT_EQ(client.state().inbox.unread, 0);
  for (const auto& n : client.state().inbox.items) EXPECT_TRUE(n.read);

  client.load_older_notifications();
  out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["before"], 4);
  protocol::Notifications page;
  page.items.resize(1);
  page.items[0].id = 3;
  page.items[0].title = "old";
  page.more = false;
  receive(ServerMessage{page});
  EXPECT_EQ(client.state().inbox.items.back().id, 3);
  EXPECT_FALSE(client.state().inbox.has_more);
}

TEST_F(ClientTest, TypingIsThrottledAndExpires) {
  const Target bob = Target::user(kPeer);
  client.set_typing(bob, true, now);
  EXPECT_EQ(sent().size(), 1u);
  client.set_typing(bob, true, now + 1000);
  EXPECT_TRUE(sent().empty()) << "throttled";
  client.set_typing(bob, true, now + client.options().typing_send_interval_ms);
  EXPECT_EQ(sent().size(), 1u);
  client.set_typing(bob, false, now + 4000);
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["active"], false);

  receive(ServerMessage{protocol::TypingEvent{bob, kPeer, true}});
  EXPECT_NE(peer().peer_typing_until, 0);
  client.tick(now + client.options().typing_expiry_ms);
  EXPECT_EQ(peer().peer_typing_until, 0) << "a typing indicator expires on its own";
}

TEST_F(ClientTest, PresenceOfPeersIsKeptPerConversation) {
  receive(ServerMessage{protocol::Presence{kPeer, protocol::PresenceStatus::online, std::nullopt}});
  EXPECT_EQ(peer().peer_presence, std::optional<protocol::PresenceStatus>(protocol::PresenceStatus::online));
  receive(ServerMessage{protocol::Presence{kPeer, protocol::PresenceStatus::offline, 123}});
  EXPECT_EQ(peer().peer_presence, std::optional<protocol::PresenceStatus>(protocol::PresenceStatus::offline));
  EXPECT_EQ(peer().peer_last_seen, 123);
  receive(ServerMessage{protocol::Presence{kMe, protocol::PresenceStatus::away, std::nullopt}});
  EXPECT_EQ(client.find(Target::user(kMe)), nullptr) << "my own presence makes no conversation";
}

TEST_F(ClientTest, ComposerLimitsCountCharactersNotBytes) {
  protocol::Welcome w;
  w.limits = {65536, 10, 200};
  receive(ServerMessage{w});
  EXPECT_EQ(client.remaining_chars("żółć"), 6);
  EXPECT_TRUE(client.send_message(Target::user(kPeer), "żółćżółćżó", now).size() > 0);
  EXPECT_TRUE(client.send_message(Target::user(kPeer), "żółćżółćżół", now).empty());
  EXPECT_EQ(client.state().error->code, "text_too_long");
  EXPECT_TRUE(client.send_message(Target::user(kPeer), "  \n", now).empty()) << "whitespace is not a message";
}

TEST_F(ClientTest, SignOutForgetsTheSession) {
  receive(ServerMessage{protocol::MessageEvent{12, message(50, kPeer, kMe, "hi")}});
  client.sign_out();
  EXPECT_EQ(sent()[0]["type"], "sign_out");
  EXPECT_EQ(client.state().phase, Phase::signed_out);
  EXPECT_TRUE(client.state().token.empty());
  EXPECT_TRUE(client.state().conversations.empty());
}

TEST_F(ClientTest, SignedOutElsewhereReturnsToTheSignInScreen) {
  protocol::ErrorReply e;
  e.code = protocol::Errc::invalid_token;
  e.message = "this session was signed out";
  receive(ServerMessage{e});
  EXPECT_EQ(client.state().phase, Phase::signed_out);
  EXPECT_TRUE(client.state().token.empty());
}

TEST_F(ClientTest, TestHookReportsStateAndRunsIntents) {
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"send","peer":2,"text":"hook"})", now), "");
  const Json state = Json::parse(state_json(client.state()));
  EXPECT_EQ(state["phase"], "ready");
  EXPECT_EQ(state["me"]["id"], kMe);
  EXPECT_EQ(state["conversations"][0]["timeline"][0]["text"], "hook");
  EXPECT_EQ(state["conversations"][0]["timeline"][0]["delivery"], "pending");
  EXPECT_NE(apply_intent_json(client, R"({"intent":"fly"})", now), "");
  EXPECT_NE(apply_intent_json(client, "nope", now), "");
}

// --- rooms -------------------------------------------------------------------

TEST_F(ClientTest, RoomsAreFetchedOnEveryReady) {
  client.socket_closed(now, 1006, "");
  now = client.state().reconnect_at;
  client.tick(now);
  client.socket_opened(now);
  sent();
  receive(ServerMessage{ready()}, "hello");
  const auto out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["type"], "rooms.fetch");
  EXPECT_EQ(out[0]["ref"], "rooms");
  EXPECT_FALSE(out[0].contains("discover"));
  EXPECT_EQ(out[1]["type"], "rooms.fetch");
  EXPECT_EQ(out[1]["ref"], "rooms:discover");
  EXPECT_EQ(out[1]["discover"], true);
  EXPECT_TRUE(client.state().rooms.discover_loading);
}

TEST_F(ClientTest, RoomConversationsAreTitledWithTheRoomName) {
  auto m = message(40, kPeer, 0, "build is green");
  m.to = Target::room(7);
  receive(ServerMessage{protocol::MessageEvent{12, m}});
  EXPECT_EQ(client.find(Target::room(7))->title, "room 7") << "before the rooms reply, only the id is known";
  rooms_reply({room(7, "Zespół backend", 3)}, "rooms");
  EXPECT_EQ(client.find(Target::room(7))->title, "Zespół backend");
  rooms_reply({room(7, "Zespół backend", 3), room(8, "ops")}, "rooms");
  ASSERT_NE(client.find(Target::room(8)), nullptr) << "every room of mine is a conversation, messages or not";
  EXPECT_EQ(client.find(Target::room(8))->title, "ops");
  EXPECT_TRUE(client.state().rooms.loaded);
}

TEST_F(ClientTest, DiscoverableRoomsArePublicRoomsMinusMine) {
  client.fetch_rooms();
  sent();
  // The discover reply holds my rooms first, then public ones; it may come
  // before or after the plain one.
  rooms_reply({room(7, "mine"), room(9, "general", 120, protocol::Visibility::public_room, 5),
               room(8, "random", 4, protocol::Visibility::public_room, 5)},
              "rooms:discover");
  rooms_reply({room(7, "mine")}, "rooms");
  EXPECT_EQ(ids(client.state().rooms.mine), std::vector<RoomId>{7});
  EXPECT_EQ(ids(client.state().rooms.discoverable), (std::vector<RoomId>{9, 8})) << "newest first";
  EXPECT_FALSE(client.state().rooms.discover_loading);
  EXPECT_EQ(client.state().rooms.discoverable[0].members, 120);

  client.fetch_rooms();
  sent();
  rooms_reply({room(7, "mine")}, "rooms");
  rooms_reply({room(7, "mine"), room(9, "general", 121, protocol::Visibility::public_room, 5)},
              "rooms:discover");
  EXPECT_EQ(ids(client.state().rooms.discoverable), std::vector<RoomId>{9})
      << "the other order, and a new list";
  EXPECT_EQ(client.state().rooms.discoverable[0].members, 121);
}

TEST_F(ClientTest, CreatedRoomOpensByNameOnAckAndMemberEvent) {
  const auto id = client.create_room("Zespół backend", protocol::Visibility::private_room);
  ASSERT_FALSE(id.empty());
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "room.create");
  EXPECT_EQ(out[0]["client_id"], id);
  EXPECT_EQ(out[0]["name"], "Zespół backend");
  EXPECT_EQ(out[0]["visibility"], "private");
  EXPECT_EQ(client.state().rooms.creating.size(), 1u);
  EXPECT_EQ(client.find(Target::room(7)), nullptr);

  ack(out[0]["ref"].get<std::string>(), 7, id, 11);
  EXPECT_TRUE(client.state().rooms.creating.empty());
  const Conversation* c = client.find(Target::room(7));
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->title, "Zespół backend");
  EXPECT_EQ(client.state().open_conversation, std::optional<Target>(Target::room(7)));
  out = sent();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["type"], "history.fetch");
  EXPECT_EQ(out[1]["type"], "room.members") << "to name the senders";

  member_event(11, room(7, "Zespół backend", 1, protocol::Visibility::private_room), kMe, true);
  ASSERT_EQ(client.state().rooms.mine.size(), 1u);
  EXPECT_EQ(client.state().rooms.mine[0].visibility, protocol::Visibility::private_room);
  EXPECT_EQ(client.state().rooms.mine[0].owner, kMe);
  EXPECT_EQ(client.state().conversations.size(), 1u);
  EXPECT_TRUE(client.state().rooms.discoverable.empty());
}

TEST_F(ClientTest, RoomCreationIsResentUnderItsClientIdAfterAReconnect) {
  const auto id = client.create_room("ops", protocol::Visibility::public_room);
  sent();
  client.socket_closed(now, 1006, "");
  now = client.state().reconnect_at;
  client.tick(now);
  client.socket_opened(now);
  sent();
  // The server had committed it: the replay brings its room.member first.
  member_event(11, room(7, "ops"), kMe, true);
  receive(ServerMessage{ready()}, "hello");
  const auto out = sent();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out[0]["type"], "room.create");
  EXPECT_EQ(out[0]["client_id"], id);
  ack(out[0]["ref"].get<std::string>(), 7, id);
  EXPECT_EQ(client.state().conversations.size(), 1u);
  EXPECT_EQ(client.state().open_conversation, std::optional<Target>(Target::room(7)));
  EXPECT_TRUE(client.state().rooms.creating.empty());
}

TEST_F(ClientTest, RoomNamesBreakingTheRulesAreRefusedBeforeSending) {
  EXPECT_TRUE(client.create_room("   ", protocol::Visibility::public_room).empty());
  ASSERT_TRUE(client.state().error.has_value());
  EXPECT_EQ(client.state().error->code, "invalid_room_name");
  EXPECT_TRUE(client.create_room(std::string(65, 'x'), protocol::Visibility::public_room).empty());
  EXPECT_FALSE(client.create_room(std::string(64, 'x'), protocol::Visibility::public_room).empty())
      << "at the limit";
  EXPECT_EQ(sent().size(), 1u);
}

TEST_F(ClientTest, InvitationAppearsAndGoesAwayWhenJoined) {
  member_event(20, room(9, "secret", 2, protocol::Visibility::private_room, 5), kMe, false);
  EXPECT_EQ(ids(client.state().rooms.invitations), std::vector<RoomId>{9});
  EXPECT_TRUE(client.state().rooms.mine.empty());
  EXPECT_EQ(client.find(Target::room(9)), nullptr) << "no conversation before joining";

  client.join_room(9);
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "room.join");
  EXPECT_EQ(out[0]["room"], 9);
  EXPECT_EQ(client.state().rooms.joining, std::vector<RoomId>{9});
  ack(out[0]["ref"].get<std::string>(), std::nullopt, std::nullopt, 21);
  EXPECT_TRUE(client.state().rooms.joining.empty());
  EXPECT_EQ(client.state().open_conversation, std::optional<Target>(Target::room(9)));
  EXPECT_EQ(client.find(Target::room(9))->title, "secret");

  member_event(21, room(9, "secret", 3, protocol::Visibility::private_room, 5), kMe, true);
  EXPECT_TRUE(client.state().rooms.invitations.empty());
  ASSERT_EQ(ids(client.state().rooms.mine), std::vector<RoomId>{9});
  EXPECT_EQ(client.state().rooms.mine[0].members, 3);
}

TEST_F(ClientTest, InvitationsMadeBeforeThePageLoadedComeWithTheRoomsReply) {
  // A reloaded page sends no cursor, so no room.member replays the invitation.
  rooms_reply({room(7, "general", 2)}, "rooms", {room(9, "secret", 2, protocol::Visibility::private_room, 5)});
  EXPECT_EQ(ids(client.state().rooms.invitations), std::vector<RoomId>{9});
  EXPECT_EQ(client.state().rooms.invitations[0].name, "secret");
  EXPECT_EQ(client.find(Target::room(9)), nullptr) << "no conversation before joining";
  rooms_reply({room(7, "general", 2)}, "rooms", {room(9, "secret", 2, protocol::Visibility::private_room, 5)});
  EXPECT_EQ(ids(client.state().rooms.invitations), std::vector<RoomId>{9}) << "listed once";
}

TEST_F(ClientTest, LeavingRemovesTheRoomAndItsConversation) {
  member_event(11, room(7, "general", 2), kMe, true);
  member_event(12, room(8, "ops", 2, protocol::Visibility::private_room), kMe, true);
  client.open_conversation(Target::room(7));
  client.leave_room(7);
  auto out = sent();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back()["type"], "room.leave");
  EXPECT_EQ(out.back()["room"], 7);
  ack(out.back()["ref"].get<std::string>(), std::nullopt, std::nullopt, 13);
  EXPECT_NE(client.find(Target::room(7)), nullptr) << "gone with the event, not before";

  member_event(13, room(7, "general", 1), kMe, false);
  EXPECT_EQ(client.find(Target::room(7)), nullptr);
  EXPECT_FALSE(client.state().open_conversation.has_value());
  EXPECT_EQ(ids(client.state().rooms.mine), std::vector<RoomId>{8});
  EXPECT_TRUE(client.state().rooms.invitations.empty()) << "leaving is not an invitation";
  EXPECT_EQ(ids(client.state().rooms.discoverable), std::vector<RoomId>{7})
      << "a public room can be joined again";

  member_event(14, room(8, "ops", 1, protocol::Visibility::private_room), kMe, false);
  EXPECT_TRUE(client.state().rooms.mine.empty());
  EXPECT_EQ(ids(client.state().rooms.discoverable), std::vector<RoomId>{7}) << "a private one cannot";
}

TEST_F(ClientTest, MemberCountFollowsOtherUsersEvents) {
  member_event(11, room(7, "general", 1), kMe, true);
  member_event(12, room(7, "general", 2), kPeer, true);
  EXPECT_EQ(client.my_room(7)->members, 2);
  member_event(13, room(7, "general", 2), 3, false);
  EXPECT_EQ(client.my_room(7)->members, 2) << "user 3 was invited";
  EXPECT_TRUE(client.state().rooms.invitations.empty()) << "an invitation for someone else";
  member_event(14, room(7, "general", 1, protocol::Visibility::public_room, kPeer), kPeer, false);
  EXPECT_EQ(client.my_room(7)->members, 1);
  EXPECT_EQ(client.my_room(7)->owner, kPeer);
  EXPECT_NE(client.find(Target::room(7)), nullptr) << "someone else left, not me";
}

TEST_F(ClientTest, ReplayedRoomEventsAreAppliedOnce) {
  const std::vector<protocol::RoomMemberEvent> events{
      {20, room(9, "secret", 1, protocol::Visibility::private_room, 5), kMe, false},
      {21, room(9, "secret", 2, protocol::Visibility::private_room, 5), kMe, true},
      {22, room(9, "secret", 3, protocol::Visibility::private_room, 5), kPeer, true},
      {23, room(9, "secret", 2, protocol::Visibility::private_room, 5), kMe, false}};
  for (int round = 0; round < 2; ++round)
    for (const auto& e : events) receive(ServerMessage{e});
  EXPECT_TRUE(client.state().rooms.invitations.empty()) << "the old invitation came back";
  EXPECT_TRUE(client.state().rooms.mine.empty()) << "the old join came back";
  EXPECT_EQ(client.find(Target::room(9)), nullptr);
  EXPECT_EQ(client.state().cursor, 23);

  // Joined again: a stale "left" must not take the room away.
  member_event(24, room(9, "secret", 3, protocol::Visibility::private_room, 5), kMe, true);
  receive(ServerMessage{events[3]});
  EXPECT_EQ(ids(client.state().rooms.mine), std::vector<RoomId>{9});
  EXPECT_NE(client.find(Target::room(9)), nullptr);
}

TEST_F(ClientTest, RoomRequestErrorsSurface) {
  client.join_room(9);
  error_reply(protocol::Errc::forbidden, sent().at(0)["ref"].get<std::string>());
  ASSERT_TRUE(client.state().error.has_value());
  EXPECT_EQ(client.state().error->code, "forbidden");
  EXPECT_TRUE(client.state().rooms.joining.empty());

  client.clear_error();
  client.fetch_room_members(9);
  EXPECT_TRUE(client.state().rooms.members.at(9).loading);
  error_reply(protocol::Errc::not_found, sent().at(0)["ref"].get<std::string>());
  EXPECT_EQ(client.state().error->code, "not_found");
  EXPECT_EQ(client.state().rooms.members.count(9), 0u);

  client.clear_error();
  client.leave_room(9);
  error_reply(protocol::Errc::forbidden, sent().at(0)["ref"].get<std::string>());
  EXPECT_EQ(client.state().error->code, "forbidden");

  client.clear_error();
  client.create_room("ops", protocol::Visibility::public_room);
  error_reply(protocol::Errc::invalid_room_name, sent().at(0)["ref"].get<std::string>());
  EXPECT_EQ(client.state().error->code, "invalid_room_name");
  EXPECT_TRUE(client.state().rooms.creating.empty());
}

TEST_F(ClientTest, RetryableRoomCreationErrorsRetryQuietly) {
  const auto id = client.create_room("ops", protocol::Visibility::public_room);
  error_reply(protocol::Errc::unavailable, sent().at(0)["ref"].get<std::string>(), true);
  EXPECT_FALSE(client.state().error.has_value());
  client.tick(now + client.options().retry_delay_ms);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "room.create");
  EXPECT_EQ(out[0]["client_id"], id);
}

TEST_F(ClientTest, MemberListsNameSendersAndFollowMembership) {
  member_event(11, room(7, "general", 2), kMe, true);
  client.fetch_room_members(7);
  auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "room.members");
  EXPECT_EQ(out[0]["room"], 7);
  EXPECT_EQ(client.display_name(kPeer), "user 2");
  receive(ServerMessage{protocol::RoomMembers{7, {{kMe, "meg", false}, {kPeer, "bob", false}}}},
          out[0]["ref"].get<std::string>());
  EXPECT_EQ(client.state().rooms.members.at(7).members.size(), 2u);
  EXPECT_FALSE(client.state().rooms.members.at(7).loading);
  EXPECT_EQ(client.display_name(kPeer), "bob");

  member_event(12, room(7, "general", 3), 3, true);
  out = sent();
  ASSERT_EQ(out.size(), 1u) << "the list is asked for again when the membership changes";
  EXPECT_EQ(out[0]["type"], "room.members");
  member_event(12, room(7, "general", 3), 3, true);
  EXPECT_TRUE(sent().empty()) << "not for a replayed event";
}

TEST_F(ClientTest, AcknowledgedInvitationsAreMarked) {
  member_event(11, room(7, "general", 1), kMe, true);
  client.invite_to_room(7, 3);
  const auto out = sent();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["type"], "room.invite");
  EXPECT_EQ(out[0]["room"], 7);
  EXPECT_EQ(out[0]["user"], 3);
  EXPECT_EQ(client.state().rooms.invited.count(7), 0u);
  ack(out[0]["ref"].get<std::string>(), std::nullopt, std::nullopt, 12);
  EXPECT_EQ(client.state().rooms.invited.at(7), std::vector<UserId>{3});
}

TEST_F(ClientTest, RoomsReplyDropsRoomsLeftWhileAwayButNotNewOnes) {
  member_event(11, room(7, "general"), kMe, true);
  member_event(12, room(8, "ops"), kMe, true);
  client.fetch_rooms();
  sent();
  rooms_reply({room(8, "ops")}, "rooms");
  EXPECT_EQ(ids(client.state().rooms.mine), std::vector<RoomId>{8}) << "7 was left on another page";
  EXPECT_EQ(client.find(Target::room(7)), nullptr);

  client.fetch_rooms();
  sent();
  member_event(13, room(9, "new"), kMe, true);  // joined while the request was out
  rooms_reply({room(8, "ops")}, "rooms");
  EXPECT_EQ(ids(client.state().rooms.mine), (std::vector<RoomId>{9, 8}));

  client.fetch_rooms();
  const auto id = client.create_room("created meanwhile", protocol::Visibility::public_room);
  auto out = sent();
  ASSERT_EQ(out.size(), 3u);
  ack(out[2]["ref"].get<std::string>(), 10, id, 14);  // acknowledged; its room.member is yet to come
  rooms_reply({room(9, "new"), room(8, "ops")}, "rooms");
  EXPECT_EQ(ids(client.state().rooms.mine), (std::vector<RoomId>{10, 9, 8}));
  EXPECT_EQ(client.state().open_conversation, std::optional<Target>(Target::room(10)));
}

TEST_F(ClientTest, TestHookDrivesRooms) {
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"create_room","name":"ops","visibility":"private"})", now),
            "");
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"join_room","room":9})", now), "");
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"invite","room":7,"user":3})", now), "");
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"leave_room","room":7})", now), "");
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"fetch_rooms"})", now), "");
  EXPECT_EQ(apply_intent_json(client, R"({"intent":"room_members","room":7})", now), "");
  EXPECT_NE(apply_intent_json(client, R"({"intent":"create_room","name":""})", now), "");
  std::vector<std::string> types;
  for (const auto& f : sent()) types.push_back(f["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"room.create", "room.join", "room.invite", "room.leave",
                                             "rooms.fetch", "rooms.fetch", "room.members"}));

  member_event(11, room(7, "general", 2), kMe, true);
  member_event(12, room(9, "secret", 1, protocol::Visibility::private_room, 5), kMe, false);
  rooms_reply({room(7, "general", 2), room(10, "random", 4)}, "rooms:discover");
  const Json state = Json::parse(state_json(client.state()));
  EXPECT_EQ(state["rooms"][0]["name"], "general");
  EXPECT_EQ(state["rooms"][0]["members"], 2);
  EXPECT_EQ(state["invitations"][0]["id"], 9);
  EXPECT_EQ(state["invitations"][0]["visibility"], "private");
  EXPECT_EQ(state["discoverable"].size(), 1u);
  EXPECT_EQ(state["discoverable"][0]["id"], 10);
  EXPECT_EQ(state["creating"], 1);
  EXPECT_TRUE(state["room_members"].contains("7"));
  EXPECT_FALSE(state.contains("open"));
  client.open_conversation(Target::room(7));
  EXPECT_EQ(Json::parse(state_json(client.state()))["open"]["room"], 7);
}

}  // namespace
}  // namespace herald::client
