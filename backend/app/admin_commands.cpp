#include "admin_commands.hpp"

#include <algorithm>
#include <chrono>
#include <istream>
#include <ostream>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "herald/protocol/codec.hpp"
#include "herald/storage/soci_storage.hpp"

namespace herald::app {
namespace {

using Kind = AdminCommand::Kind;

protocol::Timestamp now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

/// Validates `frame` exactly as the server validates a client's request,
/// so the command accepts what a client could send and nothing else.
std::optional<protocol::ClientMessage> validated(nlohmann::json frame, const protocol::Limits& limits,
                                                 std::ostream& err) {
  frame["v"] = protocol::kProtocolVersion;
  auto decoded = protocol::decode_client(frame.dump(), limits);
  if (!decoded.ok()) {
    err << decoded.error().describe() << '\n';
    return std::nullopt;
  }
  return decoded.value().message;
}

std::int64_t count_rows(storage::SociStorage& s, const std::string& table) {
  long long count = 0;
  s.session() << "SELECT COUNT(*) FROM " + table, soci::into(count);
  return count;
}

int create_user(storage::SociStorage& s, const AdminCommand& c, core::PasswordCost cost,
                const protocol::Limits& limits, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (!validated({{"type", protocol::Register::kType}, {"username", c.username}, {"password", password}},
                 limits, err))
    return 1;
  const auto user = s.create_user(c.username, core::hash_password(password, cost), false, now_ms());
  if (!user) {
    err << "the username " << c.username << " is taken\n";
    return 1;
  }
  out << "created user " << user->username << " (id " << user->id << ")\n";
  return 0;
}

int set_admin(storage::SociStorage& s, const AdminCommand& c, std::ostream& out, std::ostream& err) {
  const auto user = s.user_by_name(c.username);
  if (!user) {
    err << "no user named " << c.username << '\n';
    return 1;
  }
  s.set_admin(user->info.id, !c.off);
  out << user->info.username << " (id " << user->info.id << ") is "
      << (c.off ? "no longer an admin" : "now an admin") << '\n';
  return 0;
}

int notify(storage::SociStorage& s, const AdminCommand& c, const protocol::Limits& limits, std::ostream& out,
           std::ostream& err) {
  core::NewNotification n;
  n.client_scope = "system";
  n.client_id = "admin-" + core::new_session_token().substr(0, 32);
  nlohmann::json frame = {{"type", protocol::SendNotification::kType},
                          {"client_id", n.client_id},
                          {"title", c.title},
                          {"body", c.body}};
  if (c.everyone) frame["everyone"] = true;
  if (!c.to.empty()) frame["to"] = c.to;
  const auto message = validated(std::move(frame), limits, err);
  if (!message) return 1;
  const auto& m = std::get<protocol::SendNotification>(*message);
  n.title = m.title;
  n.body = m.body;
  n.to = m.to;
  n.everyone = m.everyone;
  n.ts = now_ms();
  if (!n.everyone) {
    const auto found = s.existing_users(n.to);
    if (found.size() != n.to.size()) {
      err << "no users with ids";
      for (auto id : n.to)
        if (std::find(found.begin(), found.end(), id) == found.end()) err << ' ' << id;
      err << '\n';
      return 1;
    }
  }
  // The same rows the server writes: the inbox, then one event per recipient
  // (stored with cursor 0, like every event) so resuming clients replay it.
  s.begin();
  try {
    auto [record, recipients] = s.insert_notification(n);
    protocol::NotificationEvent event{0, record};
    const auto payload = protocol::encode(protocol::ServerMessage{event});
    const auto cursor =
        n.everyone ? s.append_event_for_everyone(payload, n.ts) : s.append_event(payload, n.to, n.ts);
    s.commit();
    out << "notification " << record.id << " sent to " << recipients << " users (cursor " << cursor << ")\n";
  } catch (...) {
    s.rollback();
    throw;
  }
  return 0;
}

int stats(storage::SociStorage& s, std::ostream& out) {
  out << "users " << s.count_users() << '\n'
      << "messages " << count_rows(s, "messages") << '\n'
      << "notifications " << count_rows(s, "notifications") << '\n';
  return 0;
}

}  // namespace

int run_admin(const AdminCommand& command, const storage::DatabaseUrl& database, core::PasswordCost cost,
              const protocol::Limits& limits, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    storage::SociStorage s(database);
    switch (command.kind) {
      case Kind::create_user:
        return create_user(s, command, cost, limits, in, out, err);
      case Kind::set_admin:
        return set_admin(s, command, out, err);
      case Kind::notify:
        return notify(s, command, limits, out, err);
      case Kind::stats:
        return stats(s, out);
    }
  } catch (const std::exception& e) {
    err << "database " << database.redacted() << ": " << e.what() << '\n';
  }
  return 1;
}

}  // namespace herald::app
