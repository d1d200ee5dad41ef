// What the client knows, as plain data for the views to draw. Only
// herald::client::Client changes it; views read it and queue intents.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::client {

using protocol::Cursor;
using protocol::MessageId;
using protocol::NotificationId;
using protocol::RoomId;
using protocol::RoomInfo;
using protocol::Target;
using protocol::Timestamp;
using protocol::UserId;

enum class Phase {
  offline,         // no connection; waiting to reconnect at `reconnect_at`
  connecting,      // the platform is opening the socket
  signed_out,      // connected, no session: show sign in / register
  authenticating,  // hello (or sign_in/register) sent, waiting for the answer
  ready,           // signed in, state is live
};

enum class Delivery { pending, sent, failed };

struct TimelineEntry {
  protocol::MessageRecord record;  // id 0 until the server acknowledged it
  std::string client_id;           // set for this user's own messages
  Delivery delivery = Delivery::sent;
  int attempts = 0;        // times sent on this page session
  bool in_flight = false;  // sent on the current connection, no answer yet
  std::string failure;     // why it failed, for the view
};

struct Conversation {
  Target target;
  std::string title;
  std::vector<TimelineEntry> timeline;  // oldest first
  std::int64_t unread = 0;
  std::optional<MessageId> last_read;       // newest this user has read
  std::optional<MessageId> peer_last_read;  // newest the peer has read (receipts)
  bool history_loaded = false;              // the newest page has been fetched
  bool has_older = true;                    // older pages exist on the server
  bool loading_older = false;
  Timestamp peer_typing_until = 0;  // the peer is typing until then
  UserId typing_user = 0;           // who is typing (a room has many peers)
  /// The peer's presence, once the server has sent it (direct conversations).
  std::optional<protocol::PresenceStatus> peer_presence;
  Timestamp peer_last_seen = 0;
  Timestamp last_activity = 0;      // ts of the newest message (sorting)
};

struct Inbox {
  std::vector<protocol::NotificationRecord> items;  // newest first
  std::int64_t unread = 0;
  bool has_more = false;
  bool loading = false;
};

/// A room being created: resent under the same client id (the server makes
/// it once) until the server acknowledges it.
struct PendingRoom {
  std::string client_id;
  std::string name;
  protocol::Visibility visibility = protocol::Visibility::public_room;
  int attempts = 0;
  bool in_flight = false;
};

struct RoomMemberList {
  std::vector<protocol::UserInfo> members;  // in order of joining
  bool loading = false;
};

/// What the user knows about rooms. `mine` follows rooms replies and
/// room.member events; `discoverable` and `invitations` never hold a room of
/// `mine`.
struct RoomDirectory {
  std::vector<RoomInfo> mine;          // the rooms this user belongs to
  std::vector<RoomInfo> discoverable;  // public rooms they could join, newest first
  std::vector<RoomInfo> invitations;   // rooms they were invited to and have not joined
  std::vector<PendingRoom> creating;
  std::vector<RoomId> joining;  // join sent, no answer yet
  /// Member lists asked for (fetch_room_members), fetched again when the
  /// membership of their room changes.
  std::map<RoomId, RoomMemberList> members;
  /// Invitations the server acknowledged, per room (for "Invited" marks).
  std::map<RoomId, std::vector<UserId>> invited;
  bool loaded = false;            // the first rooms reply arrived
  bool discover_loading = false;  // a discover request is out
};

struct Toast {
  std::uint64_t id = 0;
  std::string title;
  std::string body;
  Timestamp until = 0;
};

struct ErrorNotice {
  std::string code;  // an error code name from the protocol, or "connection_lost"
  std::string message;
};

struct ClientState {
  Phase phase = Phase::offline;
  Timestamp reconnect_at = 0;  // when offline: the next attempt
  int reconnect_attempt = 0;
  std::optional<protocol::UserInfo> me;
  std::string token;                        // the session token ("" when signed out)
  Cursor cursor = 0;                        // the newest event cursor seen
  protocol::LimitsInfo limits;              // from the server's welcome
  std::vector<Conversation> conversations;  // most recent activity first
  std::optional<Target> open_conversation;  // the one the user is looking at
  Inbox inbox;
  std::deque<Toast> toasts;
  std::vector<protocol::UserInfo> search_results;
  RoomDirectory rooms;
  /// Usernames seen so far (search results, member lists, direct
  /// conversations), to name senders in rooms.
  std::map<UserId, std::string> usernames;
  std::optional<ErrorNotice> error;  // the last error not tied to a message
  std::uint64_t revision = 0;        // grows on every change; views may cache on it
};

}  // namespace herald::client
