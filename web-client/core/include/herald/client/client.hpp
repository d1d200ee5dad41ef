// The client's state machine: events in, state and intents out. No I/O, no
// clocks, no threads: the platform layer feeds it socket events and the time,
// sends the frames it produces, and opens or closes the socket when asked.
// The views read state() and call the intent methods.
//
// Contracts:
//  - Messages the user sends appear in the timeline at once as pending and
//    keep their client_id through every retry and reconnect, so the server
//    stores each exactly once; they become sent on the server's ack.
//  - The highest event cursor seen is sent in hello after a reconnect, so
//    nothing is missed; replayed events are applied idempotently (by id).
//  - Rooms: the user's rooms are fetched on every ready and kept current by
//    room.member events (applied once each, by cursor); a room the user
//    creates or joins opens as a conversation on the server's ack.
//  - Reconnects back off exponentially with jitter between
//    reconnect_min_ms and reconnect_max_ms.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "herald/client/state.hpp"
#include "herald/protocol/codec.hpp"

namespace herald::client {

struct ClientOptions {
  Timestamp reconnect_min_ms = 500;
  Timestamp reconnect_max_ms = 30'000;
  Timestamp typing_send_interval_ms = 3'000;  // resend "typing" at most this often
  Timestamp typing_expiry_ms = 6'000;         // a peer's typing shows this long without updates
  Timestamp toast_ms = 5'000;
  Timestamp retry_delay_ms = 2'000;  // resend a message the server refused as retryable
  int max_send_attempts = 5;
  std::int64_t page_size = 50;
};

/// What the platform should do with the socket.
enum class SocketCommand { none, connect, disconnect };

class Client {
 public:
  explicit Client(ClientOptions options = {}, std::uint64_t seed = std::random_device{}());

  const ClientState& state() const { return state_; }
  const ClientOptions& options() const { return options_; }

  // --- events from the platform -------------------------------------------
  void socket_opened(Timestamp now);
  void socket_closed(Timestamp now, std::uint16_t code, const std::string& reason);
  void frame_received(Timestamp now, std::string_view frame);
  /// Timers: reconnects, typing expiry, toasts, message retries.
  void tick(Timestamp now);

  // --- outputs for the platform ---------------------------------------------
  /// Frames to send now, in order. Empty unless the socket is open.
  std::vector<std::string> take_outgoing();
  /// What to do with the socket; cleared by reading it.
  SocketCommand take_socket_command();

  // --- intents from the views -------------------------------------------------
  /// Starts (or restarts) the connection; with a stored token, signs in.
  void start(Timestamp now, const std::string& stored_token = "");
  void register_account(const std::string& username, const std::string& password);
  void sign_in(const std::string& username, const std::string& password);
  void sign_out();
  /// Queues a message (sent now if ready, on reconnect otherwise). Returns
  /// its client id, or "" when the text breaks the limits (state().error says why).
  std::string send_message(const Target& to, const std::string& text, Timestamp now);
  void retry_message(const Target& to, const std::string& client_id);
  /// Selects a conversation: fetches its newest page the first time, marks it read.
  void open_conversation(const Target& target, const std::string& title = "");
  void close_conversation();
  void load_older(const Target& target);
  void mark_read(const Target& target);
  void set_typing(const Target& target, bool active, Timestamp now);
  void search_users(const std::string& prefix);
  void load_older_notifications();
  void mark_notification_read(NotificationId id);
  void mark_all_notifications_read();
  void dismiss_toast(std::uint64_t id);
  void clear_error();

  // --- rooms -----------------------------------------------------------------
  /// Creates a room, which opens as a conversation once the server has it.
  /// Returns its client id (kept through retries and reconnects), or "" when
  /// the name breaks the rules (state().error says why).
  std::string create_room(const std::string& name, protocol::Visibility visibility);
  /// Asks for the user's rooms and for the public rooms they could join.
  void fetch_rooms();
  /// Joins a public room or one the user was invited to; it opens on the ack.
  void join_room(RoomId room);
  void leave_room(RoomId room);
  void invite_to_room(RoomId room, UserId user);
  void fetch_room_members(RoomId room);
  /// Forgets an invitation on this page (the server keeps it).
  void dismiss_invitation(RoomId room);
  /// One of the user's rooms, or nullptr.
  const RoomInfo* my_room(RoomId room) const;
  /// A user's name when seen anywhere, else "user <id>".
  std::string display_name(UserId user) const;

  /// Characters left for a message of `text` (negative when over the limit).
  std::int64_t remaining_chars(const std::string& text) const;
  Conversation* find(const Target& target);
  const Conversation* find(const Target& target) const;

 private:
  void send(const protocol::ClientMessage& message, std::optional<std::string> ref = std::nullopt);
  /// register or sign_in: both wait for a "session" answer under the same ref.
  void authenticate(const protocol::ClientMessage& request);
  void changed() { ++state_.revision; }
  void schedule_reconnect(Timestamp now);
  void on_ready(Timestamp now, const protocol::Ready& ready);
  /// Conversation summaries from "ready" or "conversations", in any order.
  void apply_summaries(Timestamp now, const std::vector<protocol::ConversationSummary>& items);
  void flush_outbox();
  void apply(Timestamp now, const protocol::ServerEnvelope& envelope);
  void apply_message(Timestamp now, const protocol::MessageRecord& record);
  void apply_error(Timestamp now, const protocol::ErrorReply& error, const std::optional<std::string>& ref);
  void apply_notification(Timestamp now, const protocol::NotificationRecord& n);
  Conversation& conversation(const Target& target, const std::string& title = "");
  void sort_conversations();
  Target conversation_of(const protocol::MessageRecord& record) const;
  std::string new_client_id();
  void see_cursor(Cursor cursor);
  void remember(const protocol::UserInfo& user);

  // Rooms (rooms.cpp).
  void apply_room_member(const protocol::RoomMemberEvent& m);
  void apply_rooms(const protocol::Rooms& m, const std::optional<std::string>& ref);
  void apply_room_members(const protocol::RoomMembers& m);
  /// An ack for a room request; false when `ref` is not one.
  bool apply_room_ack(const protocol::Ack& m, const std::optional<std::string>& ref);
  /// Undoes what waited on a failed room request. True when the error is
  /// absorbed (a creation to retry later), so nothing is shown.
  bool apply_room_error(Timestamp now, const protocol::ErrorReply& error,
                        const std::optional<std::string>& ref);
  void flush_room_creations();
  /// Drops a room the user left: its conversation closes and goes away.
  void forget_room(RoomId room);
  void refresh_member_list(RoomId room);

  /// The newest room.member cursor applied: replays at or below it are skipped.
  Cursor room_event_cursor_ = 0;
  /// Membership changed (an event, or the ack of a create or join) since
  /// rooms.fetch was sent: its reply may be stale, so it is merged rather
  /// than taken as the whole list.
  bool membership_changed_ = false;

  ClientOptions options_;
  ClientState state_;
  std::mt19937_64 random_;
  std::vector<std::string> outgoing_;
  SocketCommand command_ = SocketCommand::none;
  bool socket_open_ = false;
  /// A register or sign-in asked for before the socket opened; sent by
  /// socket_opened in place of the hello.
  std::optional<protocol::ClientMessage> waiting_auth_;
  std::uint64_t last_toast_id_ = 0;
  struct TypingSent {
    Target target;
    bool active = false;
    Timestamp at = 0;
  };
  std::vector<TypingSent> typing_sent_;
  /// Retryable failures wait until this time before being sent again.
  Timestamp retry_at_ = 0;
};

/// Next reconnect delay for attempt `attempt` (0-based): exponential from
/// min_ms, capped at max_ms, with "equal jitter" (half fixed, half random) so
/// that many clients cut off together do not return together.
Timestamp reconnect_delay(int attempt, Timestamp min_ms, Timestamp max_ms, std::mt19937_64& random);

}  // namespace herald::client
