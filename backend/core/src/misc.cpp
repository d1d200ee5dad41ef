// Users search, ping, and requests this server does not offer yet.
#include "handlers.hpp"

namespace herald::core {
namespace {

void not_supported(Context& ctx, ConnectionId id, const Ref& ref, const char* what) {
  if (ctx.require_user(id, ref) == nullptr) return;
  ctx.fail(id, protocol::Errc::not_supported, std::string(what) + " are not available on this server yet",
           ref);
}

}  // namespace

void handle(Context& ctx, ConnectionId id, const protocol::SearchUsers& m, const Ref& ref) {
  if (ctx.require_user(id, ref) == nullptr) return;
  const auto limit = ctx.page_size(m.limit);
  ctx.query<std::vector<protocol::UserInfo>>(
      id, ref, [prefix = m.prefix, limit](Storage& s) { return s.users_by_prefix(prefix, limit); },
      [&ctx, id, ref](std::vector<protocol::UserInfo> users) {
        protocol::Users reply;
        reply.items = std::move(users);
        ctx.reply(id, reply, ref);
      });
}

void handle(Context& ctx, ConnectionId id, const protocol::Ping&, const Ref& ref) {
  ctx.reply(id, protocol::Pong{}, ref);
}

void handle(Context& ctx, ConnectionId id, const protocol::SetPresence&, const Ref& ref) {
  not_supported(ctx, id, ref, "presence updates");
}
void handle(Context& ctx, ConnectionId id, const protocol::CreateRoom&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}
void handle(Context& ctx, ConnectionId id, const protocol::JoinRoom&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}
void handle(Context& ctx, ConnectionId id, const protocol::LeaveRoom&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}
void handle(Context& ctx, ConnectionId id, const protocol::InviteToRoom&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}
void handle(Context& ctx, ConnectionId id, const protocol::FetchRoomMembers&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}
void handle(Context& ctx, ConnectionId id, const protocol::FetchRooms&, const Ref& ref) {
  not_supported(ctx, id, ref, "rooms");
}

}  // namespace herald::core
