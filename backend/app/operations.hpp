// How the server reports what happens to the people who run it: one log
// line per event (spdlog) and the metrics behind GET /metrics. Three small
// adapters sit between core and the world:
//
//   ServiceEvents    core::ServiceObserver: frames in, error replies, sign-ins
//   MeteredOutbound  core::Outbound around the transport: frames out
//   MeteredStorage   core::StorageQueue around the worker: database latency,
//                    fan-out time, storage failures
//
// Logs never carry tokens, passwords, API keys or message text: only
// connection ids, addresses, usernames, user ids and error codes.
// Everything runs on the event loop.
#pragma once

#include "herald/core/effects.hpp"
#include "herald/core/observer.hpp"
#include "herald/core/storage.hpp"
#include "server_metrics.hpp"

namespace herald::app {

class ServiceEvents final : public core::ServiceObserver {
 public:
  explicit ServiceEvents(ServerMetrics& metrics) : metrics_(metrics) {}

  void frame_in(core::ConnectionId id, std::string_view type) override;
  void request_failed(core::ConnectionId id, const protocol::Error& error) override;
  void signed_in(core::ConnectionId id, const protocol::UserInfo& user, bool via_token) override;
  void sign_in_account_limited(std::string_view account, std::string_view address) override;
  void api_key_refused(std::string_view address) override;

 private:
  ServerMetrics& metrics_;
};

class MeteredOutbound final : public core::Outbound {
 public:
  MeteredOutbound(core::Outbound& inner, ServerMetrics& metrics) : inner_(inner), metrics_(metrics) {}

  void send(core::ConnectionId id, const core::Frame& frame) override;
  void close(core::ConnectionId id, std::uint16_t code, const std::string& reason) override {
    inner_.close(id, code, reason);
  }
  /// Forwarded: without it the replay's flow control would never pause.
  bool notify_when_drained(core::ConnectionId id) override { return inner_.notify_when_drained(id); }

 private:
  core::Outbound& inner_;
  ServerMetrics& metrics_;
};

class MeteredStorage final : public core::StorageQueue {
 public:
  MeteredStorage(core::StorageQueue& inner, ServerMetrics& metrics) : inner_(inner), metrics_(metrics) {}

  /// Wraps `done`: its latency is observed, a failure is logged and counted,
  /// and when `done` sends frames its run time is the fan-out time.
  void submit(core::StorageJob job) override;

 private:
  core::StorageQueue& inner_;
  ServerMetrics& metrics_;
};

}  // namespace herald::app
