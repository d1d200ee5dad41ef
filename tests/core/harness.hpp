// A Service with real storage (SQLite in memory, through the real
// StorageWorker with group commit) and in-memory ports: connections that
// record frames, a manual clock, inline password hashing. No network.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <mutex>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "herald/core/service.hpp"
#include "herald/storage/storage_worker.hpp"

namespace herald::testing {

using Json = nlohmann::json;

/// The test's event loop: StorageWorker posts completions here; the test
/// thread runs them while it waits for frames.
class Loop {
 public:
  void post(std::function<void()> f) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(f));
    }
    wake_.notify_one();
  }
  /// Runs posted work until `done()` or the timeout; returns done().
  bool run_until(const std::function<bool()>& done,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (done()) return true;
      std::function<void()> next;
      {
        std::unique_lock lock(mutex_);
        if (!wake_.wait_until(lock, deadline, [this] { return !queue_.empty(); })) return done();
        next = std::move(queue_.front());
        queue_.pop_front();
      }
      next();
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
};

class RecordingOutbound final : public core::Outbound {
 public:
  void send(core::ConnectionId id, const core::Frame& frame) override {
    if (closed.count(id) == 0) frames[id].push_back(*frame);
  }
  void close(core::ConnectionId id, std::uint16_t code, const std::string&) override {
    closed.emplace(id, code);
  }
  /// A connection in `slow` has a queue that never drains by itself: each
  /// call answers true (the test then calls Service::on_drained).
  bool notify_when_drained(core::ConnectionId id) override {
    if (slow.count(id) == 0) return false;
    ++drain_requests[id];
    return true;
  }
  std::map<core::ConnectionId, std::vector<std::string>> frames;
  std::set<core::ConnectionId> slow;
  std::map<core::ConnectionId, int> drain_requests;
  std::map<core::ConnectionId, std::uint16_t> closed;
};

class InlineRunner final : public core::BlockingRunner {
 public:
  void run(std::function<void()> work, std::function<void()> done) override {
    work();
    done();
  }
};

class ManualClock final : public core::Clock {
 public:
  protocol::Timestamp now_ms() const override { return now; }
  protocol::Timestamp now = 1'764'000'000'000;
};

inline core::ServiceConfig test_config() {
  core::ServiceConfig config;
  config.password_cost = core::PasswordCost::minimal();
  config.admin_usernames = {"root"};
  return config;
}

class Harness {
 public:
  explicit Harness(core::ServiceConfig config = test_config())
      : storage_(storage::parse_database_url("sqlite::memory:"),
                 [this](std::function<void()> f) { loop.post(std::move(f)); }),
        service(std::move(config), out, storage_, runner, clock) {}

  core::ConnectionId connect(const std::string& address = "192.0.2.1") {
    const auto id = ++last_id_;
    service.on_open(id, address);
    EXPECT_EQ(next(id)["type"], "welcome");
    return id;
  }
  void disconnect(core::ConnectionId id) { service.on_close(id); }

  void send(core::ConnectionId id, Json frame) {
    frame["v"] = 1;
    service.on_text(id, frame.dump());
  }
  void send_raw(core::ConnectionId id, const std::string& text) { service.on_text(id, text); }

  /// The next frame to `id`, waiting for storage work to finish. Presence
  /// frames arrive whenever contacts come and go: they are set aside in
  /// `presence[id]` rather than returned (presence_test.cpp reads them).
  Json next(core::ConnectionId id, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto& seen = read_[id];
    for (;;) {
      if (!loop.run_until([&] { return out.frames[id].size() > seen; }, timeout)) {
        ADD_FAILURE() << "no frame for connection " << id;
        return Json{{"type", "<none>"}};
      }
      Json frame = Json::parse(out.frames[id][seen++]);
      if (frame["type"] != "presence") return frame;
      presence[id].push_back(std::move(frame));
    }
  }
  /// Runs pending work, then the presence frames `id` received so far.
  const std::vector<Json>& presence_of(core::ConnectionId id) {
    quiet(id, std::chrono::milliseconds(50));
    return presence[id];
  }
  /// The next frame, which must have type `type`.
  Json expect(core::ConnectionId id, const std::string& type) {
    Json frame = next(id);
    EXPECT_EQ(frame["type"], type) << frame.dump();
    return frame;
  }
  /// True when nothing but presence arrives for `id` within `wait`.
  bool quiet(core::ConnectionId id, std::chrono::milliseconds wait = std::chrono::milliseconds(100)) {
    auto& seen = read_[id];
    for (;;) {
      loop.run_until([&] { return out.frames[id].size() > seen; }, wait);
      if (out.frames[id].size() == seen) return true;
      Json frame = Json::parse(out.frames[id][seen]);
      if (frame["type"] != "presence") return false;
      ++seen;
      presence[id].push_back(std::move(frame));
    }
  }

  /// Registers `username` and returns its session token.
  std::string register_user(const std::string& username, const std::string& password = "password123") {
    const auto id = connect();
    send(id, {{"type", "register"}, {"username", username}, {"password", password}});
    Json session = expect(id, "session");
    disconnect(id);
    return session.value("token", "");
  }
  /// A connection signed in with `token` (its "ready" consumed, returned in `ready`).
  core::ConnectionId sign_in(const std::string& token, std::optional<std::int64_t> cursor = std::nullopt,
                             Json* ready = nullptr) {
    const auto id = connect();
    Json hello = {{"type", "hello"}, {"token", token}};
    if (cursor) hello["cursor"] = *cursor;
    send(id, hello);
    Json frame = next(id);
    while (frame["type"] != "ready" && frame["type"] != "error" && frame["type"] != "<none>") {
      replayed[id].push_back(frame);
      frame = next(id);
    }
    EXPECT_EQ(frame["type"], "ready") << frame.dump();
    if (ready != nullptr) *ready = frame;
    return id;
  }

  std::int64_t user_id(const std::string& token) {
    Json ready;
    const auto id = sign_in(token, std::nullopt, &ready);
    disconnect(id);
    return ready["user"]["id"].get<std::int64_t>();
  }

  Loop loop;
  RecordingOutbound out;
  InlineRunner runner;
  ManualClock clock;
  std::map<core::ConnectionId, std::vector<Json>> replayed;
  std::map<core::ConnectionId, std::vector<Json>> presence;

 private:
  storage::StorageWorker storage_;

 public:
  core::Service service;

 private:
  core::ConnectionId last_id_ = 0;
  std::map<core::ConnectionId, std::size_t> read_;
};

/// Three registered users (alice, bob, carol) on one Harness.
struct ThreeUsers {
  Harness h;
  std::string alice_token = h.register_user("alice");
  std::string bob_token = h.register_user("bob");
  std::string carol_token = h.register_user("carol");
  std::int64_t alice = h.user_id(alice_token);
  std::int64_t bob = h.user_id(bob_token);
  std::int64_t carol = h.user_id(carol_token);
};

}  // namespace herald::testing
