// Internal: what every request handler works with, and the helpers they
// share for replies, errors and storage round trips.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "herald/core/effects.hpp"
#include "herald/core/hub.hpp"
#include "herald/runtime/notification_listener.hpp"
#include "herald/core/observer.hpp"
#include "herald/core/presence_book.hpp"
#include "herald/core/rate_limiter.hpp"
#include "herald/core/service_config.hpp"
#include "herald/core/storage.hpp"
#include "herald/protocol/codec.hpp"
#include "known_addresses.hpp"

namespace herald::core {

using Ref = std::optional<std::string>;

struct Context {
  Context(ServiceConfig cfg, Outbound& out, StorageQueue& queue, BlockingRunner& runner, const Clock& clk)
      : config(std::move(cfg)),
        hub(out),
        outbound(out),
        storage(queue),
        blocking(runner),
        clock(clk),
        sign_in_account(config.sign_in_per_account),
        sign_in_address(config.sign_in_per_address),
        register_address(config.register_per_address),
        user_rates(config.rates) {}

  ServiceConfig config;
  Hub hub;
  /// For flow control only (notify_when_drained); frames go through hub.
  Outbound& outbound;
  /// Replays paused until their connection's send queue drains: what to run
  /// on Service::on_drained (dropped when the connection closes).
  std::unordered_map<ConnectionId, std::function<void()>> paused_replays;
  PresenceBook presence;
  StorageQueue& storage;
  BlockingRunner& blocking;
  const Clock& clock;
  RateLimiter sign_in_account;
  KnownAddresses known_addresses;  // per account, for sign_in_account
  RateLimiter sign_in_address;
  RateLimiter register_address;
  UserRates user_rates;  // refers to config.rates: declared after config
  /// Metrics and logs (Service::set_observer); never null.
  ServiceObserver* observer = &no_observer();
  /// Told about every new notification (Service::add_notification_listener).
  std::vector<runtime::NotificationListener*> notification_listeners;

  protocol::Timestamp now() const { return clock.now_ms(); }

  void reply(ConnectionId id, const protocol::ServerMessage& message, const Ref& ref) {
    observe_reply(id, message);
    hub.send(id, make_frame(protocol::encode(message, ref)));
  }
  void fail(ConnectionId id, const protocol::Error& error, const Ref& ref) {
    observer->request_failed(id, error);
    reply(id, protocol::to_reply(error), ref);
  }
  void fail(ConnectionId id, protocol::Errc code, std::string detail, const Ref& ref,
            std::string field = {}) {
    fail(id, protocol::Error{code, std::move(field), std::move(detail)}, ref);
  }

  /// Runs `work` on the storage worker; then, on the event loop, `ok` with
  /// its result, or an `unavailable` / `internal_error` reply to `id`
  /// followed by `on_failure`.
  template <class R, class Work, class Ok>
  void query(ConnectionId id, Ref ref, Work work, Ok ok, std::function<void()> on_failure = {}) {
    auto result = std::make_shared<std::optional<R>>();
    storage.submit(
        StorageJob{[result, work = std::move(work)](Storage& s) { result->emplace(work(s)); },
                   [this, id, ref = std::move(ref), result, ok = std::move(ok),
                    on_failure = std::move(on_failure)](const std::optional<StorageFailure>& failure) {
                     if (failure) {
                       storage_failed(id, *failure, ref);
                       if (on_failure) on_failure();
                       return;
                     }
                     ok(std::move(**result));
                   }});
  }

  void storage_failed(ConnectionId id, const StorageFailure& failure, const Ref& ref) {
    if (failure.retryable)
      fail(id, protocol::Errc::unavailable,
           "the database cannot store now (unreachable, busy or out of space); nothing was stored, retry "
           "later",
           ref);
    else
      fail(id, protocol::Errc::internal_error, "the request failed; nothing was stored", ref);
  }

  /// The signed-in connection's user, or an error reply and nullptr.
  const protocol::UserInfo* require_user(ConnectionId id, const Ref& ref) {
    Connection* c = hub.find(id);
    if (c != nullptr && c->user) return &*c->user;
    fail(id, protocol::Errc::not_authenticated, "send hello with a session token first", ref);
    return nullptr;
  }

  /// Operations hook: a "session" reply means a sign-in, "ready" a resume.
  void observe_reply(ConnectionId id, const protocol::ServerMessage& message) {
    if (const auto* session = std::get_if<protocol::Session>(&message))
      observer->signed_in(id, session->user, false);
    else if (const auto* ready = std::get_if<protocol::Ready>(&message))
      observer->signed_in(id, ready->user, true);
  }

  static ServiceObserver& no_observer() {
    static ServiceObserver none;
    return none;
  }

  std::size_t page_size(const std::optional<std::int64_t>& requested) const {
    return requested ? static_cast<std::size_t>(*requested) : config.limits.default_page_size;
  }
};

}  // namespace herald::core
