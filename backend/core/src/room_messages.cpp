// Room messages: send, history, read receipts, and the rooms in a user's
// conversation list. Only members may send, read history or mark read.
//
// A message is stored with one event for every member (one frame, the same
// bytes for all), acknowledged after the commit, then delivered to every
// member's connections but the sending one. Offline members find it through
// their cursor or the conversation list's unread count; rooms create no
// offline notifications (a busy room would flood the inbox).
#include <algorithm>

#include "handlers.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

/// An event for every member of a room, stored and serialized once.
struct RoomEvent {
  std::optional<protocol::Error> error;
  std::vector<protocol::UserId> recipients;
  Frame frame;
  protocol::Cursor cursor = 0;
};

void deliver_to_members(Context& ctx, const RoomEvent& event, ConnectionId except) {
  for (auto user : event.recipients) ctx.hub.deliver(user, event.cursor, event.frame, except);
}

}  // namespace

void send_room_message(Context& ctx, ConnectionId id, const protocol::SendMessage& m, const Ref& ref) {
  const auto sender = ctx.hub.find(id)->user->id;
  const NewRoomMessage message{sender, m.to.id, m.text, m.client_id, ctx.now()};
  struct Sent : RoomEvent {
    protocol::MessageRecord record;
    bool duplicate = false;
  };
  ctx.query<Sent>(
      id, ref,
      [message](Storage& s) {
        Sent out;
        if (auto existing = s.room_message_by_client_id(message.sender, message.client_id)) {
          out.record = std::move(*existing);
          out.duplicate = true;
          return out;
        }
        out.error = room_access(s, message.room, message.sender, false, Errc::unknown_recipient).error;
        if (out.error) return out;
        out.record = s.insert_room_message(message);
        out.recipients = s.room_member_ids(message.room);
        protocol::MessageEvent event{0, out.record};
        out.frame = append_room_event(s, event, message.room, message.ts);
        out.cursor = event.cursor;
        return out;
      },
      [&ctx, id, ref](Sent out) {
        if (out.error) {
          ctx.fail(id, *out.error, ref);
          return;
        }
        ctx.reply(id, message_ack(out.record, out.cursor, out.duplicate), ref);
        if (!out.duplicate) deliver_to_members(ctx, out, id);
      });
}

void fetch_room_history(Context& ctx, ConnectionId id, const protocol::FetchHistory& m, const Ref& ref) {
  const auto self = ctx.hub.find(id)->user->id;
  const auto limit = ctx.page_size(m.limit);
  struct Page {
    std::optional<protocol::Error> error;
    std::vector<protocol::MessageRecord> messages;
  };
  ctx.query<Page>(
      id, ref,
      [self, m, limit](Storage& s) {
        Page page;
        page.error = room_access(s, m.with.id, self, false).error;
        if (!page.error) page.messages = s.room_history(m.with.id, m.before, m.after, limit + 1);
        return page;
      },
      [&ctx, id, ref, m, limit](Page page) {
        if (page.error)
          ctx.fail(id, *page.error, ref);
        else
          ctx.reply(id,
                    history_reply(m.with, std::move(page.messages), m.after.has_value(), limit,
                                  ctx.config.limits.max_page_bytes),
                    ref);
      });
}

void mark_room_read(Context& ctx, ConnectionId id, const protocol::MarkRead& m, const Ref& ref) {
  const auto self = ctx.hub.find(id)->user->id;
  const auto now = ctx.now();
  struct Marked : RoomEvent {
    protocol::Receipt receipt;
  };
  ctx.query<Marked>(
      id, ref,
      [self, now, m](Storage& s) {
        Marked out;
        out.error = room_access(s, m.with.id, self, false).error;
        if (out.error) return out;
        const auto mark = s.mark_room_read(m.with.id, self, m.message_id);
        if (!mark) {
          out.error = protocol::Error{Errc::not_found, "message_id", "no such message in this room"};
          return out;
        }
        // The room is the conversation from every member's point of view:
        // one receipt, the same bytes for all of them.
        out.receipt = protocol::Receipt{0, m.with, self, *mark};
        out.recipients = s.room_member_ids(m.with.id);
        out.frame = append_room_event(s, out.receipt, m.with.id, now);
        out.cursor = out.receipt.cursor;
        return out;
      },
      [&ctx, id, ref](Marked out) {
        if (out.error) {
          ctx.fail(id, *out.error, ref);
          return;
        }
        ctx.reply(id, out.receipt, ref);
        deliver_to_members(ctx, out, id);
      });
}

std::vector<protocol::ConversationSummary> conversation_list(Storage& s, protocol::UserId user,
                                                             std::size_t limit) {
  struct Entry {
    protocol::Timestamp activity;
    protocol::ConversationSummary summary;
  };
  std::vector<Entry> entries;
  for (auto& summary : conversation_summaries(s.conversations(user, limit))) {
    const auto activity = summary.last_message ? summary.last_message->ts : 0;
    entries.push_back(Entry{activity, std::move(summary)});
  }
  for (auto& row : s.room_conversations(user, limit)) {
    protocol::ConversationSummary c;
    c.target = protocol::Target::room(row.room.id);
    c.title = std::move(row.room.name);
    c.last_message = std::move(row.last_message);
    c.unread = row.unread;
    c.last_read = row.last_read;
    entries.push_back(Entry{row.activity, std::move(c)});
  }
  // Both parts come most recent first; merged, the newest `limit` remain.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.activity > b.activity; });
  if (entries.size() > limit) entries.resize(limit);
  std::vector<protocol::ConversationSummary> out;
  out.reserve(entries.size());
  for (auto& e : entries) out.push_back(std::move(e.summary));
  return out;
}

}  // namespace herald::core
