// The whole client (ClientApp: socket, client core, every view) in the
// headless loop with ImGui's null backend, under ASan+UBSan in the asan
// preset: a few hundred frames through every view with the test playing the
// server, and the real path against a real herald-server.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName

#include "client_app.hpp"
#include "herald/platform/platform.hpp"
#include "test_server.hpp"

namespace herald::app {
namespace {

using platform::AppConfig;
using platform::run_app;

AppConfig headless_config(int frames) {
  AppConfig config;
  config.width = 1024;
  config.height = 700;
  config.max_frames = frames;
  return config;
}

std::string frame(const protocol::ServerMessage& m, std::optional<std::string> ref = std::nullopt) {
  return protocol::encode(m, ref);
}

bool window_active(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  return w != nullptr && w->Active && w->Size.x > 100;
}

protocol::MessageRecord message(protocol::MessageId id, protocol::UserId from, protocol::UserId to,
                                std::string text) {
  protocol::MessageRecord m;
  m.id = id;
  m.sender = from;
  m.to = protocol::Target::user(to);
  m.text = std::move(text);
  m.ts = ClientApp::now();
  return m;
}

/// What the server says to sign alice (user 1) in: the session, then ready.
std::string alice_session() {
  return frame(protocol::Session{std::string(64, 'a'), {1, "alice", false}, 0}, "auth");
}
protocol::Ready alice_ready() {
  protocol::Ready ready;
  ready.user = {1, "alice", false};
  ready.cursor = 5;
  return ready;
}

class HeadlessApp : public ::testing::Test {
 protected:
  void SetUp() override { setenv("HERALD_NO_SETTINGS", "1", 1); }
};

TEST_F(HeadlessApp, DrawsEveryViewForThreeHundredFrames) {
  // "not-a-url" never connects: the test plays the server through the socket's callbacks.
  ClientApp app("not-a-url", 1);
  auto& socket = app.socket();
  int frames = 0;
  bool signed_out_drawn = false, ready_drawn = false, inbox_drawn = false, offline_seen = false;
  const std::string polish = "Zażółć gęślą jaźń — Příliš žluťoučký kůň; Съешь же ещё; Ωμέγα";
  const int result = run_app(headless_config(300), [&](double) {
    ++frames;
    if (frames == 5) socket.on_open();
    if (frames == 10) socket.on_message(frame(protocol::Welcome{"herald/test", {65536, 4000, 200}}));
    if (frames == 20) socket.on_message(alice_session());
    if (frames == 30) {
      protocol::Ready ready = alice_ready();
      protocol::ConversationSummary c;
      c.target = protocol::Target::user(2);
      c.title = "bob";
      c.last_message = message(1, 2, 1, "hello");
      c.unread = 1;
      ready.conversations.push_back(c);
      socket.on_message(frame(ready, "hello"));
    }
    if (frames == 40) app.client().open_conversation(protocol::Target::user(2), "bob");
    if (frames > 40 && frames <= 200 && frames % 4 == 0) {
      const auto id = static_cast<protocol::MessageId>(frames);
      const bool mine = frames % 8 == 0;
      socket.on_message(frame(protocol::MessageEvent{
          id, message(id, mine ? 1 : 2, mine ? 2 : 1,
                      polish + " " + std::string(static_cast<std::size_t>(frames), 'x'))}));
    }
    if (frames == 60) app.client().send_message(protocol::Target::user(2), "pending one", ClientApp::now());
    if (frames == 70) socket.on_message(frame(protocol::TypingEvent{protocol::Target::user(2), 2, true}));
    if (frames == 75)
      socket.on_message(frame(protocol::Presence{2, protocol::PresenceStatus::online, std::nullopt}));
    if (frames == 80) {
      protocol::NotificationEvent n{300, {}};
      n.notification.id = 9;
      n.notification.title = "Deploy finished";
      n.notification.body = polish;
      n.notification.link = "/status";
      socket.on_message(frame(n));
      app.view().show_inbox(true);
    }
    if (frames == 90) socket.on_message(frame(protocol::Receipt{301, protocol::Target::user(2), 2, 80}));
    if (frames == 250) socket.on_close(1006, "");
    app.frame();
    const auto phase = app.client().state().phase;
    signed_out_drawn = signed_out_drawn || (phase == client::Phase::signed_out && window_active("Herald"));
    ready_drawn = ready_drawn || (phase == client::Phase::ready && window_active("Herald"));
    inbox_drawn = inbox_drawn || window_active("Notifications");
    offline_seen = offline_seen || phase == client::Phase::offline;
  });
  EXPECT_EQ(result, 0);
  EXPECT_EQ(frames, 300);
  EXPECT_TRUE(signed_out_drawn);
  EXPECT_TRUE(ready_drawn);
  EXPECT_TRUE(inbox_drawn);
  EXPECT_TRUE(offline_seen);
  const auto* bob = app.client().find(protocol::Target::user(2));
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->unread, 0) << "the open conversation was read as messages arrived";
  EXPECT_EQ(bob->peer_presence, std::optional<protocol::PresenceStatus>(protocol::PresenceStatus::online));
  EXPECT_EQ(app.client().state().inbox.unread, 1);
}

// The rooms views: the sidebar's rooms and invitations, a room's header and
// its timeline with senders named from the member list.
TEST_F(HeadlessApp, DrawsRoomViews) {
  ClientApp app("not-a-url", 1);
  auto& socket = app.socket();
  const auto general = [](std::int64_t members) {
    return protocol::RoomInfo{7, "Zespół backend", protocol::Visibility::private_room, 1, members};
  };
  int frames = 0;
  bool room_drawn = false;
  const int result = run_app(headless_config(120), [&](double) {
    ++frames;
    if (frames == 2) socket.on_open();
    if (frames == 3) socket.on_message(alice_session());
    if (frames == 4) socket.on_message(frame(alice_ready(), "hello"));
    if (frames == 6) socket.on_message(frame(protocol::Rooms{{general(2)}, {}}, "rooms"));
    if (frames == 7)
      socket.on_message(
          frame(protocol::Rooms{{general(2), {9, "random", protocol::Visibility::public_room, 3, 40}}, {}},
                "rooms:discover"));
    if (frames == 8)
      socket.on_message(frame(
          protocol::RoomMemberEvent{6, {11, "secret", protocol::Visibility::private_room, 3, 2}, 1, false}));
    if (frames == 10) app.client().open_conversation(protocol::Target::room(7));
    if (frames == 12)
      socket.on_message(frame(protocol::RoomMembers{7, {{1, "alice", false}, {2, "bob", false}}}, "rm:7"));
    if (frames > 12 && frames <= 60 && frames % 6 == 0) {
      auto m = message(static_cast<protocol::MessageId>(frames), frames % 12 == 0 ? 1 : 2, 0, "in the room");
      m.to = protocol::Target::room(7);
      socket.on_message(frame(protocol::MessageEvent{frames, m}));
    }
    if (frames == 70) socket.on_message(frame(protocol::TypingEvent{protocol::Target::room(7), 2, true}));
    if (frames == 80) app.client().create_room("ops", protocol::Visibility::public_room);
    if (frames == 90) socket.on_message(frame(protocol::RoomMemberEvent{100, general(1), 1, false}));
    app.frame();
    room_drawn = room_drawn || (app.client().state().open_conversation == protocol::Target::room(7) &&
                                window_active("Herald"));
  });
  EXPECT_EQ(result, 0);
  EXPECT_TRUE(room_drawn);
  const auto& state = app.client().state();
  EXPECT_EQ(state.rooms.invitations.size(), 1u);
  EXPECT_EQ(state.rooms.discoverable.size(), 1u);
  EXPECT_EQ(app.client().display_name(2), "bob");
  EXPECT_EQ(app.client().find(protocol::Target::room(7)), nullptr) << "left at frame 90";
  EXPECT_FALSE(state.open_conversation.has_value());
}

TEST_F(HeadlessApp, RequestQuitEndsTheLoop) {
  int frames = 0;
  const int result = run_app(headless_config(0), [&](double) {
    if (++frames == 5) platform::request_quit();
  });
  EXPECT_EQ(result, 0);
  EXPECT_EQ(frames, 5);
}

// The client as herald-headless runs it, against a real server: registers,
// writes a note to itself, sees it acknowledged.
TEST_F(HeadlessApp, RegistersAndChatsWithARealServer) {
  herald::testing::TestServer server;
  ClientApp app(server.url(), 2);
  bool registered = false, sent = false, done = false;
  AppConfig config = headless_config(2000);  // at 5 ms: 10 s at most
  config.headless_frame_interval_ms = 5;
  const int result = run_app(config, [&](double) {
    app.frame();
    auto& client = app.client();
    const auto& state = client.state();
    if (!registered && state.phase == client::Phase::signed_out) {
      client.register_account("headless", "password123");
      registered = true;
    }
    if (!sent && state.phase == client::Phase::ready) {
      sent = !client.send_message(protocol::Target::user(state.me->id), "note to self", ClientApp::now())
                  .empty();
    }
    if (sent) {
      const auto* c = client.find(protocol::Target::user(state.me->id));
      done = c != nullptr && !c->timeline.empty() && c->timeline.back().delivery == client::Delivery::sent;
      if (done) platform::request_quit();
    }
  });
  EXPECT_EQ(result, 0);
  EXPECT_TRUE(registered);
  EXPECT_TRUE(done) << "the message was not acknowledged; phase "
                    << static_cast<int>(app.client().state().phase);
}

}  // namespace
}  // namespace herald::app
