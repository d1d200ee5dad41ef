// register, sign_in, sign_out and hello (with resume).
#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "handlers.hpp"
#include "herald/core/passwords.hpp"

namespace herald::core {
namespace {

using protocol::Errc;

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool configured_admin(const ServiceConfig& config, const std::string& username) {
  const auto key = lowercase(username);
  return std::any_of(config.admin_usernames.begin(), config.admin_usernames.end(),
                     [&](const std::string& admin) { return lowercase(admin) == key; });
}


/// Creates a session for `user` inside a storage job.
protocol::Session open_session(Storage& s, const protocol::UserInfo& user, protocol::Timestamp now,
                               protocol::Timestamp ttl) {
  protocol::Session session;
  session.token = new_session_token();
  session.user = user;
  session.expires_at = now + ttl;
  s.create_session(token_hash(session.token), user.id, now, session.expires_at);
  return session;
}

/// The state "ready" carries, read in the same storage job as the last
/// replayed events so that nothing committed in between is missed.
protocol::Ready load_ready(Storage& s, protocol::UserId user, const protocol::Limits& limits) {
  protocol::Ready ready;
  ready.cursor = s.latest_cursor(user);
  const auto page = limits.default_page_size;
  ready.notifications = s.notifications(user, std::nullopt, page + 1);
  ready.more_notifications = ready.notifications.size() > page;
  if (ready.more_notifications) ready.notifications.resize(page);
  // Half the page budget for notifications: "ready" also lists conversations.
  if (trim_to_page_bytes(ready.notifications, limits.max_page_bytes / 2)) ready.more_notifications = true;
  ready.unread_notifications = s.unread_notifications(user);
  ready.conversations = conversation_list(s, user, page);
  return ready;
}

struct ReplayChunk {
  std::vector<Frame> frames;
  protocol::Cursor last = 0;
  std::optional<protocol::Ready> ready;    // set on the last chunk
  std::vector<protocol::UserId> contacts;  // set on the last chunk, for presence
};

void replay(Context& ctx, ConnectionId id, Ref ref, protocol::UserId user,
            std::optional<protocol::Cursor> after);

/// Sends "ready" after the last replayed event, then the live events that
/// arrived meanwhile (Hub holds them while replaying), then presence.
void finish_replay(Context& ctx, ConnectionId id, const Ref& ref, Connection& c, ReplayChunk& chunk) {
  chunk.ready->user = *c.user;
  const auto up_to = std::max(chunk.last, chunk.ready->cursor);
  ctx.reply(id, *chunk.ready, ref);
  c.hello_pending = false;
  ctx.hub.finish_replay(id, up_to);
  presence_on_ready(ctx, id, c.user->id, chunk.contacts);
}

/// Streams one chunk's frames from `next` on with flow control: at most
/// max_page_bytes go out before the connection's queue must drain (the
/// transport tells Service::on_drained), so a replay of any size reaches a
/// reader that keeps up, on one connection, without overflowing its queue.
void stream_chunk(Context& ctx, ConnectionId id, Ref ref, protocol::UserId user,
                  std::shared_ptr<ReplayChunk> chunk, std::size_t next) {
  Connection* c = ctx.hub.find(id);
  if (c == nullptr || !c->user || c->user->id != user) return;  // closed or signed out meanwhile
  const std::size_t budget = ctx.config.limits.max_page_bytes;
  std::size_t sent = 0;
  while (next < chunk->frames.size() && sent < budget) {
    sent += chunk->frames[next]->size();
    ctx.hub.send(id, chunk->frames[next++]);
  }
  const bool chunk_done = next == chunk->frames.size();
  if (chunk_done && chunk->ready) return finish_replay(ctx, id, ref, *c, *chunk);
  auto go_on = [&ctx, id, ref, user, chunk, next, chunk_done] {
    if (chunk_done)
      replay(ctx, id, ref, user, chunk->last);
    else
      stream_chunk(ctx, id, ref, user, chunk, next);
  };
  if (ctx.outbound.notify_when_drained(id))
    ctx.paused_replays[id] = std::move(go_on);
  else
    go_on();
}

/// Sends the user's events after `after` in chunks (stream_chunk), then
/// "ready" (finish_replay).
void replay(Context& ctx, ConnectionId id, Ref ref, protocol::UserId user,
            std::optional<protocol::Cursor> after) {
  const std::size_t chunk_size = ctx.config.replay_chunk;
  const std::size_t max_room_members = ctx.config.presence_max_room_members;
  const protocol::Limits limits = ctx.config.limits;
  ctx.query<ReplayChunk>(
      id, ref,
      [=](Storage& s) {
        ReplayChunk chunk;
        chunk.last = after.value_or(0);
        if (after) {
          const auto rows = s.events_after(user, *after, chunk_size);
          for (const auto& row : rows) chunk.frames.push_back(replay_frame(row));
          if (!rows.empty()) chunk.last = rows.back().cursor;
          if (rows.size() == chunk_size) return chunk;
        }
        chunk.ready = load_ready(s, user, limits);
        chunk.contacts = presence_contacts(s, user, max_room_members);
        return chunk;
      },
      [&ctx, id, ref, user](ReplayChunk chunk) {
        stream_chunk(ctx, id, ref, user, std::make_shared<ReplayChunk>(std::move(chunk)), 0);
      },
      [&ctx, id, user] {
        // The error reply went out; the connection may say hello again.
        ctx.hub.detach(id);
        if (Connection* c = ctx.hub.find(id)) c->hello_pending = false;
        presence_on_leave(ctx, user);
      });
}

/// Refuses a second sign-in on a connection; returns the connection if it
/// may proceed.
Connection* signed_out_connection(Context& ctx, ConnectionId id, const Ref& ref) {
  Connection* c = ctx.hub.find(id);
  if (c == nullptr) return nullptr;
  if (c->user || c->hello_pending) {
    ctx.fail(id, Errc::already_authenticated, "this connection is already signed in", ref);
    return nullptr;
  }
  return c;
}

/// Where a sign-in attempt stands with the account limit (sign_in.account).
/// A correct password from an address known for the account is admitted
/// even while the account's bucket is empty; other attempts need a token.
/// Tokens are spent only by wrong passwords: a success gives its token back.
struct SignInAttempt {
  std::string account;  // lowercase username: the limiter and known-address key
  std::string address;
  bool known = false;    // `address` signed in to `account` before
  bool charged = false;  // a token of the account bucket was taken up front
};

/// Records the outcome of a verified attempt with the account limiter.
void settle(Context& ctx, const SignInAttempt& attempt, bool succeeded) {
  const auto now = ctx.now();
  if (succeeded) {
    if (attempt.charged) ctx.sign_in_account.refund(attempt.account, now);
    ctx.known_addresses.remember(attempt.account, attempt.address);
    return;
  }
  if (!attempt.charged) ctx.sign_in_account.allow(attempt.account, now);  // a known address guessed wrong
  // The failure that empties the bucket (and any after it) is reported:
  // guesses from unknown addresses are refused from now on.
  if (ctx.sign_in_account.limiting(attempt.account, now))
    ctx.observer->sign_in_account_limited(attempt.account, attempt.address);
}

}  // namespace

protocol::UserInfo effective(const ServiceConfig& config, protocol::UserInfo user) {
  user.admin = user.admin || configured_admin(config, user.username);
  return user;
}

void handle(Context& ctx, ConnectionId id, const protocol::Register& m, const Ref& ref) {
  Connection* c = signed_out_connection(ctx, id, ref);
  if (c == nullptr) return;
  if (!ctx.register_address.allow(c->address, ctx.now())) {
    ctx.fail(id, Errc::rate_limited, "too many registrations from this address; try again later", ref);
    return;
  }
  auto hash = std::make_shared<std::string>();
  const auto cost = ctx.config.password_cost;
  ctx.blocking.run(
      [hash, password = m.password, cost] {
        try {
          *hash = hash_password(password, cost);
        } catch (const std::exception&) {
          hash->clear();  // reported below
        }
      },
      [&ctx, id, ref, hash, username = m.username, address = c->address] {
        if (ctx.hub.find(id) == nullptr) return;
        if (hash->empty()) {
          ctx.fail(id, Errc::internal_error, "the password could not be hashed; try again", ref);
          return;
        }
        const bool admin = configured_admin(ctx.config, username);
        const auto now = ctx.now();
        const auto ttl = ctx.config.session_ttl_ms;
        ctx.query<std::optional<protocol::Session>>(
            id, ref,
            [=](Storage& s) -> std::optional<protocol::Session> {
              auto user = s.create_user(username, *hash, admin, now);
              if (!user) return std::nullopt;
              return open_session(s, *user, now, ttl);
            },
            [&ctx, id, ref, username, address](std::optional<protocol::Session> session) {
              if (!session) {
                ctx.fail(id, Errc::username_taken, "this username is taken", ref, "username");
                return;
              }
              ctx.known_addresses.remember(lowercase(username), address);  // see settle()
              ctx.reply(id, *session, ref);
            });
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::SignIn& m, const Ref& ref) {
  Connection* c = signed_out_connection(ctx, id, ref);
  if (c == nullptr) return;
  const auto now = ctx.now();
  // The address pays first: what it refuses charges no account, so one host
  // can neither empty another's bucket nor flood the account table.
  SignInAttempt attempt;
  attempt.account = lowercase(m.username);
  attempt.address = c->address;
  attempt.known = ctx.known_addresses.contains(attempt.account, attempt.address);
  bool allowed = ctx.sign_in_address.allow(attempt.address, now);
  if (allowed && !attempt.known) {
    attempt.charged = ctx.sign_in_account.allow(attempt.account, now);
    allowed = attempt.charged;
  }
  if (!allowed) {
    ctx.fail(id, Errc::rate_limited, "too many sign-in attempts; try again later", ref);
    return;
  }
  ctx.query<std::optional<StoredUser>>(
      id, ref, [username = m.username](Storage& s) { return s.user_by_name(username); },
      [&ctx, id, ref, attempt, password = m.password](std::optional<StoredUser> stored) {
        // Verify against a decoy hash for unknown users: the same work, the
        // same answer, so the reply does not tell whether the name exists.
        auto verified = std::make_shared<bool>(false);
        const std::string hash = stored ? stored->password_hash : decoy_hash(ctx.config.password_cost);
        ctx.blocking.run([verified, hash, password] { *verified = verify_password(hash, password); },
                         [&ctx, id, ref, verified, stored, attempt] {
                           settle(ctx, attempt, *verified && stored);
                           if (ctx.hub.find(id) == nullptr) return;
                           if (!*verified || !stored) {
                             ctx.fail(id, Errc::invalid_credentials, "wrong username or password", ref);
                             return;
                           }
                           const auto user = effective(ctx.config, stored->info);
                           const auto signed_in_at = ctx.now();
                           const auto ttl = ctx.config.session_ttl_ms;
                           ctx.query<protocol::Session>(
                               id, ref, [=](Storage& s) { return open_session(s, user, signed_in_at, ttl); },
                               [&ctx, id, ref](protocol::Session session) { ctx.reply(id, session, ref); });
                         });
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::SignOut&, const Ref& ref) {
  const protocol::UserInfo* user = ctx.require_user(id, ref);
  if (user == nullptr) return;
  const std::string hash = ctx.hub.find(id)->token_hash;
  const auto user_id = user->id;
  ctx.query<bool>(
      id, ref,
      [hash](Storage& s) {
        s.revoke_session(hash);
        return true;
      },
      [&ctx, id, ref, hash, user_id](bool) {
        // Every connection signed in with this token is signed out too.
        const auto ids = ctx.hub.connections_of(user_id);
        for (ConnectionId other : ids) {
          Connection* c = ctx.hub.find(other);
          if (c == nullptr || c->token_hash != hash || other == id) continue;
          ctx.hub.detach(other);
          ctx.fail(other, Errc::invalid_token, "this session was signed out", std::nullopt);
        }
        ctx.hub.detach(id);
        presence_on_leave(ctx, user_id);
        protocol::Ack ack;
        ack.ts = ctx.now();
        ctx.reply(id, ack, ref);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::Hello& m, const Ref& ref) {
  Connection* c = signed_out_connection(ctx, id, ref);
  if (c == nullptr) return;
  c->hello_pending = true;
  const std::string hash = token_hash(m.token);
  const auto now = ctx.now();
  ctx.query<std::optional<protocol::UserInfo>>(
      id, ref, [hash, now](Storage& s) { return s.session_user(hash, now); },
      [&ctx, id, ref, hash, cursor = m.cursor](std::optional<protocol::UserInfo> user) {
        Connection* conn = ctx.hub.find(id);
        if (conn == nullptr) return;
        if (!user) {
          conn->hello_pending = false;
          ctx.fail(id, Errc::invalid_token, "the session token is unknown, expired or signed out", ref,
                   "token");
          return;
        }
        ctx.hub.attach(id, effective(ctx.config, *user), hash);
        replay(ctx, id, ref, user->id, cursor);
      },
      [&ctx, id] {
        if (Connection* conn = ctx.hub.find(id)) conn->hello_pending = false;
      });
}

}  // namespace herald::core
