// herald-bench-seed: prepares a benchmark database through Herald's own
// storage layer (the same SQL the server runs): users b000001.. with
// session tokens from bench_users.hpp, one public room "bench" holding the
// first --room-members users, and optionally a history of direct messages
// and notifications among the first --history-users users.
#include <chrono>
#include <cstdio>
#include <random>

#include <CLI/CLI.hpp>

#include "herald/bench/bench_users.hpp"
#include "herald/core/passwords.hpp"
#include "herald/storage/database_url.hpp"
#include "herald/storage/soci_storage.hpp"

int main(int argc, char** argv) {
  using namespace herald;
  CLI::App app{"herald-bench-seed: fill a fresh database for bench/run", "herald-bench-seed"};
  std::string db;
  int users = 1000;
  int room_members = 0;
  std::int64_t messages = 0;
  std::int64_t notifications = 0;
  int history_users = 1000;
  app.add_option("--db", db, "Database URL, as herald-server --db (an empty database)")->required();
  app.add_option("--users", users, "Accounts to create")->capture_default_str();
  app.add_option("--room-members", room_members, "Users 1..N join room \"bench\" (0: no room)")
      ->capture_default_str();
  app.add_option("--messages", messages, "Direct messages among the history users")->capture_default_str();
  app.add_option("--notifications", notifications, "Notifications, each to one history user")
      ->capture_default_str();
  app.add_option("--history-users", history_users, "Users 1..N share the messages and notifications")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  storage::SociStorage s(storage::parse_database_url(db));
  const protocol::Timestamp now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count();
  const std::string hash = core::hash_password("password123", core::PasswordCost::minimal());
  constexpr int kBatch = 5000;  // operations per transaction
  int pending = 0;
  auto step = [&] {
    if (++pending < kBatch) return;
    s.commit();
    s.begin();
    pending = 0;
  };

  s.begin();
  for (int i = 1; i <= users; ++i) {
    const auto user = s.create_user(bench::bench_username(i), hash, false, now);
    if (!user || user->id != i) {
      std::fprintf(stderr, "user %d: the database is not empty (or ids do not start at 1)\n", i);
      return 1;
    }
    s.create_session(core::token_hash(bench::bench_token(i)), user->id, now, now + 10 * 365LL * 24 * 3600 * 1000);
    step();
  }
  if (room_members > 0) {
    core::NewRoom room{1, "bench", protocol::Visibility::public_room, "bench-room", now};
    const auto created = s.create_room(room).first;
    for (int i = 2; i <= room_members; ++i) {
      s.add_room_member(created.id, i, now);
      step();
    }
    std::printf("room %lld\n", static_cast<long long>(created.id));
  }
  std::mt19937_64 random(42);
  std::uniform_int_distribution<int> pick(1, history_users);
  for (std::int64_t m = 0; m < messages; ++m) {
    core::NewMessage message;
    message.sender = pick(random);
    do message.receiver = pick(random);
    while (message.receiver == message.sender);
    message.text = "history message " + std::to_string(m);
    message.client_id = "h" + std::to_string(m);
    message.ts = now + m;
    s.insert_message(message);
    step();
  }
  for (std::int64_t n = 0; n < notifications; ++n) {
    core::NewNotification notification;
    notification.client_scope = "system";
    notification.client_id = "n" + std::to_string(n);
    notification.title = "Notification " + std::to_string(n);
    notification.body = "seeded for the history benchmark";
    notification.ts = now + n;
    notification.to = {pick(random)};
    s.insert_notification(notification);
    step();
  }
  s.commit();
  std::printf("seeded %d users, %lld messages, %lld notifications\n", users, static_cast<long long>(messages),
              static_cast<long long>(notifications));
  return 0;
}
