// Notifications: send (admins, the HTTP API, the server itself), inbox
// paging, read state across a user's connections.
#include <algorithm>
#include <set>

#include "handlers.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

std::vector<protocol::UserId> unique_ids(std::vector<protocol::UserId> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::string missing_ids(const std::vector<protocol::UserId>& wanted,
                        const std::vector<protocol::UserId>& found) {
  const std::set<protocol::UserId> present(found.begin(), found.end());
  std::string out;
  int listed = 0;
  for (auto id : wanted) {
    if (present.count(id) != 0) continue;
    if (listed++ == 10) return out + ", ...";
    out += (out.empty() ? "" : ", ") + std::to_string(id);
  }
  return out;
}

struct ReadChange {
  std::optional<protocol::NotificationsRead> event;  // set when something became read
  std::int64_t unread = 0;
  Frame frame;
  bool not_found = false;  // the notification is not the user's (or does not exist)
};

/// Sends a read-state change to the requester (with its ref) and to the
/// user's other connections; or, when nothing changed, only the current
/// state to the requester.
void publish_read_change(Context& ctx, ConnectionId id, const Ref& ref, protocol::UserId self,
                         ReadChange change, protocol::NotificationsRead unchanged) {
  if (change.not_found)
    return ctx.fail(id, Errc::not_found, "no such notification among yours", ref, "id");
  if (!change.event) {
    unchanged.unread = change.unread;
    ctx.reply(id, unchanged, ref);
    return;
  }
  ctx.reply(id, *change.event, ref);
  ctx.hub.deliver(self, change.event->cursor, change.frame, id);
}

}  // namespace

void store_and_push_notification(Context& ctx, NewNotification n,
                                 std::function<void(const NotificationOutcome&)> finish,
                                 std::function<void(const StorageFailure&)> failed) {
  n.to = unique_ids(std::move(n.to));
  auto outcome = std::make_shared<NotificationOutcome>();
  auto frame = std::make_shared<Frame>();
  ctx.storage.submit(StorageJob{
      [n, outcome, frame](Storage& s) {
        if (auto existing = s.notification_by_client_id(n.client_scope, n.client_id)) {
          outcome->record = std::move(*existing);
          outcome->duplicate = true;
          return;
        }
        if (!n.everyone) {
          const auto found = s.existing_users(n.to);
          if (found.size() != n.to.size()) {
            outcome->error = protocol::Error{Errc::unknown_recipient, "to",
                                             "no users with ids " + missing_ids(n.to, found)};
            return;
          }
        }
        auto [record, count] = s.insert_notification(n);
        outcome->record = record;
        outcome->recipients = count;
        protocol::NotificationEvent event{0, record};
        if (n.everyone) {
          event.cursor = s.append_event_for_everyone(protocol::encode(protocol::ServerMessage{event}), n.ts);
          *frame = make_frame(protocol::encode(protocol::ServerMessage{event}));
        } else {
          *frame = append_event(s, event, n.to, n.ts);
        }
        outcome->cursor = event.cursor;
      },
      [&ctx, n, outcome, frame, finish = std::move(finish),
       failed = std::move(failed)](const std::optional<StorageFailure>& failure) {
        if (failure) {
          failed(*failure);
          return;
        }
        // The requester's acknowledgement first, then the fan-out.
        finish(*outcome);
        if (!outcome->error && !outcome->duplicate) {
          const auto recipients = n.everyone ? ctx.hub.online_users() : n.to;
          for (auto user : recipients) ctx.hub.deliver(user, outcome->cursor, *frame);
          for (auto* listener : ctx.notification_listeners)
            listener->notification_published(outcome->record, n.everyone ? std::vector<protocol::UserId>{} : n.to,
                                             n.everyone);
        }
      }});
}

void handle(Context& ctx, ConnectionId id, const protocol::SendNotification& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  if (!user->admin) {
    ctx.fail(id, Errc::forbidden, "only admins may send notifications", ref);
    return;
  }
  NewNotification n;
  n.sender = user->id;
  n.client_scope = "user:" + std::to_string(user->id);
  n.client_id = m.client_id;
  n.title = m.title;
  n.body = m.body;
  n.kind = m.kind;
  n.link = m.link;
  n.ts = ctx.now();
  n.to = m.to;
  n.everyone = m.everyone;
  store_and_push_notification(
      ctx, std::move(n),
      [&ctx, id, ref, client_id = m.client_id](const NotificationOutcome& out) {
        if (out.error) {
          ctx.fail(id, *out.error, ref);
          return;
        }
        protocol::Ack ack;
        ack.client_id = client_id;
        ack.id = out.record.id;
        if (!out.duplicate) ack.cursor = out.cursor;
        ack.ts = out.record.ts;
        ctx.reply(id, ack, ref);
      },
      [&ctx, id, ref](const StorageFailure& failure) { ctx.storage_failed(id, failure, ref); });
}

bool trim_to_page_bytes(std::vector<protocol::NotificationRecord>& items, std::size_t max_bytes) {
  constexpr std::size_t kFieldsBytes = 160;  // ids, ts, names and punctuation
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& n = items[i];
    bytes += kFieldsBytes + encoded_text_bytes(n.title) + encoded_text_bytes(n.body) +
             encoded_text_bytes(n.kind.value_or("")) + encoded_text_bytes(n.link.value_or(""));
    if (i > 0 && bytes > max_bytes) {
      items.resize(i);
      return true;
    }
  }
  return false;
}

void handle(Context& ctx, ConnectionId id, const protocol::FetchNotifications& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto limit = ctx.page_size(m.limit);
  ctx.query<protocol::Notifications>(
      id, ref,
      [self, limit, before = m.before, max_bytes = ctx.config.limits.max_page_bytes](Storage& s) {
        protocol::Notifications page;
        page.items = s.notifications(self, before, limit + 1);
        page.more = page.items.size() > limit;
        if (page.more) page.items.pop_back();
        if (trim_to_page_bytes(page.items, max_bytes)) page.more = true;
        page.unread = s.unread_notifications(self);
        return page;
      },
      [&ctx, id, ref](protocol::Notifications page) { ctx.reply(id, page, ref); });
}

void handle(Context& ctx, ConnectionId id, const protocol::MarkNotificationRead& m, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto now = ctx.now();
  const auto notification = m.id;
  ctx.query<ReadChange>(
      id, ref,
      [=](Storage& s) {
        ReadChange change;
        const auto result = s.mark_notification_read(self, notification, now);
        if (result == Storage::NotificationRead::not_found) {
          change.not_found = true;
          return change;
        }
        change.unread = s.unread_notifications(self);
        if (result == Storage::NotificationRead::marked) {
          protocol::NotificationsRead event{0, {notification}, false, change.unread};
          change.frame = append_event(s, event, {self}, now);
          change.event = event;
        }
        return change;
      },
      [&ctx, id, ref, self, notification](ReadChange change) {
        publish_read_change(ctx, id, ref, self, std::move(change),
                            protocol::NotificationsRead{0, {notification}, false, 0});
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::MarkAllNotificationsRead&, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const auto self = user->id;
  const auto now = ctx.now();
  ctx.query<ReadChange>(
      id, ref,
      [=](Storage& s) {
        ReadChange change;
        const auto count = s.mark_all_notifications_read(self, now);
        change.unread = s.unread_notifications(self);
        if (count > 0) {
          protocol::NotificationsRead event{0, {}, true, change.unread};
          change.frame = append_event(s, event, {self}, now);
          change.event = event;
        }
        return change;
      },
      [&ctx, id, ref, self](ReadChange change) {
        publish_read_change(ctx, id, ref, self, std::move(change),
                            protocol::NotificationsRead{0, {}, true, 0});
      });
}

}  // namespace herald::core
