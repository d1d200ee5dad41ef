// Direct messages: send, history, conversations, read receipts. Requests
// that name a room are handed to room_messages.cpp.
#include "handlers.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

struct SendOutcome {
  std::optional<protocol::Error> error;
  protocol::MessageRecord record;
  protocol::Cursor cursor = 0;  // 0 for a duplicate: nothing new to deliver
  Frame frame;
  bool duplicate = false;
  /// The receiver was offline: the notification created for them.
  std::optional<protocol::Cursor> notice_cursor;
};

NewNotification offline_notice(const protocol::UserInfo& sender, const protocol::MessageRecord& record,
                               const protocol::Limits& limits) {
  NewNotification n;
  n.client_scope = "system";
  n.client_id = "dm-" + std::to_string(record.id);
  n.title = "New message from " + sender.username;
  // A preview that fits the body limit, cut at a character boundary.
  std::string preview = record.text;
  std::size_t chars = 0, cut = 0;
  for (; cut < preview.size() && chars < std::min<std::size_t>(limits.max_body_chars, 140); ++cut)
    if ((static_cast<unsigned char>(preview[cut]) & 0xC0) != 0x80) ++chars;
  while (cut < preview.size() && (static_cast<unsigned char>(preview[cut]) & 0xC0) == 0x80) ++cut;
  if (cut < preview.size()) preview = preview.substr(0, cut) + "…";
  n.body = preview;
  n.kind = "message";
  n.ts = record.ts;
  n.to = {record.to.id};
  return n;
}

}  // namespace

protocol::Ack message_ack(const protocol::MessageRecord& record, protocol::Cursor cursor, bool duplicate) {
  protocol::Ack ack;
  ack.client_id = record.client_id;
  ack.id = record.id;
  if (!duplicate) ack.cursor = cursor;
  ack.ts = record.ts;
  return ack;
}

std::size_t encoded_text_bytes(std::string_view text) {
  std::size_t bytes = 0;
  for (const char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    bytes += u < 0x20 ? 6 : (ch == '"' || ch == '\\') ? 2 : 1;  // \u00XX, \" and \\ when escaped
  }
  return bytes;
}

namespace {

std::size_t encoded_bytes(const protocol::MessageRecord& m) {
  constexpr std::size_t kFieldsBytes = 160;  // ids, ts, names and punctuation
  return kFieldsBytes + encoded_text_bytes(m.text) + encoded_text_bytes(m.client_id.value_or(""));
}

}  // namespace

protocol::History history_reply(protocol::Target with, std::vector<protocol::MessageRecord> page, bool after,
                                std::size_t limit, std::size_t max_bytes) {
  protocol::History history;
  history.with = with;
  history.more = page.size() > limit;
  if (history.more) {
    // One extra row was read to learn whether more exist in the paging
    // direction: the oldest when paging back, the newest when forward.
    if (after)
      page.erase(page.begin());
    else
      page.pop_back();
  }
  // The page is newest first; the messages nearest the request's cursor
  // are kept (the newest when paging back, the oldest when forward) and the
  // page ends before max_bytes, with `more` (at least one message is kept).
  std::size_t keep = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < page.size(); ++i) {
    bytes += encoded_bytes(page[after ? page.size() - 1 - i : i]);
    if (keep > 0 && bytes > max_bytes) break;
    ++keep;
  }
  if (keep < page.size()) {
    history.more = true;
    if (after)
      page.erase(page.begin(), page.end() - static_cast<std::ptrdiff_t>(keep));
    else
      page.resize(keep);
  }
  history.messages = std::move(page);
  return history;
}

std::vector<protocol::ConversationSummary> conversation_summaries(std::vector<ConversationRow> rows) {
  std::vector<protocol::ConversationSummary> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    protocol::ConversationSummary c;
    c.target = protocol::Target::user(row.peer);
    c.title = std::move(row.peer_username);
    c.last_message = std::move(row.last_message);
    c.unread = row.unread;
    c.last_read = row.last_read;
    c.peer_last_read = row.peer_last_read;
    out.push_back(std::move(c));
  }
  return out;
}

void handle(Context& ctx, ConnectionId id, const protocol::SendMessage& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  if (m.to.is_room()) return send_room_message(ctx, id, m, ref);
  const protocol::UserInfo sender = *user;
  const bool notify_offline =
      ctx.config.notify_offline_recipients && m.to.id != sender.id && !ctx.hub.online(m.to.id);
  const auto limits = ctx.config.limits;
  const NewMessage message{sender.id, m.to.id, m.text, m.client_id, ctx.now()};
  ctx.query<SendOutcome>(
      id, ref,
      [=](Storage& s) {
        SendOutcome out;
        if (auto existing = s.message_by_client_id(message.sender, message.client_id)) {
          out.record = std::move(*existing);
          out.duplicate = true;
          return out;
        }
        if (!s.user_by_id(message.receiver)) {
          out.error = protocol::Error{Errc::unknown_recipient, "to", "no user with this id"};
          return out;
        }
        out.record = s.insert_message(message);
        protocol::MessageEvent event{0, out.record};
        out.frame = append_event(s, event, {message.sender, message.receiver}, message.ts);
        out.cursor = event.cursor;
        if (notify_offline) {
          const auto notice = offline_notice(sender, out.record, limits);
          auto [record, count] = s.insert_notification(notice);
          protocol::NotificationEvent note{0, record};
          append_event(s, note, notice.to, message.ts);
          out.notice_cursor = note.cursor;
        }
        return out;
      },
      [&ctx, id, ref, sender](SendOutcome out) {
        if (out.error) {
          ctx.fail(id, *out.error, ref);
          return;
        }
        ctx.reply(id, message_ack(out.record, out.cursor, out.duplicate), ref);
        if (out.duplicate) return;
        ctx.hub.deliver(sender.id, out.cursor, out.frame, id);
        if (out.record.to.id != sender.id) ctx.hub.deliver(out.record.to.id, out.cursor, out.frame);
        presence_on_new_conversation(ctx, sender.id, out.record.to.id);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::FetchHistory& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  if (m.with.is_room()) return fetch_room_history(ctx, id, m, ref);
  const auto self = user->id;
  const auto limit = ctx.page_size(m.limit);
  ctx.query<std::vector<protocol::MessageRecord>>(
      id, ref,
      [self, m, limit](Storage& s) {
        return s.direct_history(self, m.with.id, m.before, m.after, limit + 1);
      },
      [&ctx, id, ref, m, limit](std::vector<protocol::MessageRecord> page) {
        ctx.reply(id,
                  history_reply(m.with, std::move(page), m.after.has_value(), limit,
                                ctx.config.limits.max_page_bytes),
                  ref);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::FetchConversations& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto limit = ctx.page_size(m.limit);
  ctx.query<std::vector<protocol::ConversationSummary>>(
      id, ref, [self, limit](Storage& s) { return conversation_list(s, self, limit); },
      [&ctx, id, ref](std::vector<protocol::ConversationSummary> items) {
        protocol::Conversations reply;
        reply.items = std::move(items);
        ctx.reply(id, reply, ref);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::MarkRead& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  if (m.with.is_room()) return mark_room_read(ctx, id, m, ref);
  const auto self = user->id;
  const auto peer = m.with.id;
  const auto now = ctx.now();
  struct Marked {
    std::optional<protocol::Receipt> mine;  // as the reader's own connections see it
    Frame mine_frame, theirs_frame;
    protocol::Cursor theirs_cursor = 0;
  };
  ctx.query<Marked>(
      id, ref,
      [=](Storage& s) {
        Marked out;
        const auto mark = s.mark_read(self, peer, m.message_id);
        if (!mark) return out;
        protocol::Receipt mine{0, protocol::Target::user(peer), self, *mark};
        out.mine_frame = append_event(s, mine, {self}, now);
        out.mine = mine;
        if (peer != self) {
          protocol::Receipt theirs{0, protocol::Target::user(self), self, *mark};
          out.theirs_frame = append_event(s, theirs, {peer}, now);
          out.theirs_cursor = theirs.cursor;
        }
        return out;
      },
      [&ctx, id, ref, self, peer](Marked out) {
        if (!out.mine) {
          ctx.fail(id, Errc::not_found, "no such message in this conversation", ref, "message_id");
          return;
        }
        ctx.reply(id, *out.mine, ref);
        ctx.hub.deliver(self, out.mine->cursor, out.mine_frame, id);
        if (out.theirs_frame) ctx.hub.deliver(peer, out.theirs_cursor, out.theirs_frame);
      });
}

}  // namespace herald::core
