#include "herald/core/hub.hpp"

#include <algorithm>

namespace herald::core {

Connection& Hub::open(ConnectionId id, std::string address) {
  Connection& c = connections_[id];
  c.id = id;
  c.address = std::move(address);
  return c;
}

void Hub::close(ConnectionId id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  unindex(it->second);
  connections_.erase(it);
}

Connection* Hub::find(ConnectionId id) {
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : &it->second;
}

void Hub::attach(ConnectionId id, const protocol::UserInfo& user, std::string token_hash) {
  Connection* c = find(id);
  if (c == nullptr) return;
  unindex(*c);
  c->user = user;
  c->token_hash = std::move(token_hash);
  c->replaying = true;
  c->held.clear();
  by_user_[user.id].push_back(id);
}

void Hub::detach(ConnectionId id) {
  Connection* c = find(id);
  if (c == nullptr) return;
  unindex(*c);
  c->user.reset();
  c->token_hash.clear();
  c->replaying = false;
  c->held.clear();
}

void Hub::finish_replay(ConnectionId id, protocol::Cursor sent_up_to) {
  Connection* c = find(id);
  if (c == nullptr || !c->replaying) return;
  c->replaying = false;
  auto held = std::move(c->held);
  c->held.clear();
  for (const auto& [cursor, frame] : held)
    if (cursor == 0 || cursor > sent_up_to) out_.send(id, frame);
}

const std::vector<ConnectionId>& Hub::connections_of(protocol::UserId user) const {
  static const std::vector<ConnectionId> kNone;
  auto it = by_user_.find(user);
  return it == by_user_.end() ? kNone : it->second;
}

std::vector<protocol::UserId> Hub::online_users() const {
  std::vector<protocol::UserId> users;
  users.reserve(by_user_.size());
  for (const auto& entry : by_user_) users.push_back(entry.first);
  return users;
}

void Hub::deliver(protocol::UserId user, protocol::Cursor cursor, const Frame& frame, ConnectionId except) {
  for (ConnectionId id : connections_of(user)) {
    if (id == except) continue;
    Connection& c = connections_.at(id);
    if (c.replaying)
      c.held.emplace_back(cursor, frame);
    else
      out_.send(id, frame);
  }
}

void Hub::unindex(const Connection& c) {
  if (!c.user) return;
  auto it = by_user_.find(c.user->id);
  if (it == by_user_.end()) return;
  auto& ids = it->second;
  ids.erase(std::remove(ids.begin(), ids.end(), c.id), ids.end());
  if (ids.empty()) by_user_.erase(it);
}

}  // namespace herald::core
