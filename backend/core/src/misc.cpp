// Users search and ping.
#include "handlers.hpp"

namespace herald::core {

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

}  // namespace herald::core
