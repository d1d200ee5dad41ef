// The server's metrics: what GET /metrics shows. Names follow Prometheus
// conventions (herald_ prefix, _total for counters, _seconds for times).
//
// Threading: everything here runs on the event loop; the storage worker's
// own counters are read through StorageWorker::stats() (atomics) at scrape
// time.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "herald/metrics/registry.hpp"
#include "herald/protocol/error.hpp"
#include "herald/storage/storage_worker.hpp"
#include "herald/webhooks/webhook_sender.hpp"

namespace herald::app {

class ServerMetrics {
 public:
  using Seconds = std::chrono::duration<double>;

  /// `connections`, `send_queue_drops` and `storage_stats` are read at every
  /// scrape.
  ServerMetrics(std::function<std::size_t()> connections, std::function<std::uint64_t()> send_queue_drops,
                std::function<storage::StorageWorkerStats()> storage_stats);

  void frame_in(std::string_view type) { frames_in_.with(type).inc(); }
  /// A frame handed to the transport, by the "type" of its text.
  void frame_out(std::string_view frame_text);
  void error(protocol::Errc code);
  /// A storage job's submit -> done (its commit, as seen from the loop).
  void storage_job(Seconds latency, bool failed);
  /// The time a storage completion took to hand its frames to every recipient.
  void fan_out(Seconds duration) { fan_out_.observe(duration.count()); }

  /// The Pusher layer's gauges and webhook counters, read at every scrape
  /// (herald-server calls it when it hosts Pusher apps).
  void add_pusher(std::function<std::size_t()> connections, std::function<webhooks::SenderStats()> webhooks);

  /// Frames handed to the transport so far (MeteredStorage tells fan-out
  /// completions from plain replies with it).
  std::uint64_t frames_sent() const noexcept { return frames_sent_; }

  std::string render() const { return registry_.render(); }

 private:
  metrics::Registry registry_;
  metrics::CounterFamily& frames_in_;
  metrics::CounterFamily& frames_out_;
  metrics::CounterFamily& errors_;
  metrics::Histogram& storage_latency_;
  metrics::Histogram& fan_out_;
  metrics::Counter& storage_failures_;
  std::uint64_t frames_sent_ = 0;
};

/// The "type" of an encoded server frame ({"v":1,"type":"...",...}), found
/// near its start; "pusher" for a Pusher frame ({"event":...}); "unknown"
/// otherwise.
std::string_view frame_type(std::string_view frame_text);

}  // namespace herald::app
