#include "server_metrics.hpp"

namespace herald::app {

ServerMetrics::ServerMetrics(std::function<std::size_t()> connections,
                             std::function<std::uint64_t()> send_queue_drops,
                             std::function<storage::StorageWorkerStats()> storage_stats)
    : frames_in_(registry_.counter_family(
          "herald_frames_in_total", "WebSocket frames received, by message type (invalid: did not decode).",
          "type")),
      frames_out_(registry_.counter_family(
          "herald_frames_out_total", "WebSocket frames handed to connections, by message type.", "type")),
      errors_(registry_.counter_family("herald_errors_total", "Error replies sent, by protocol error code.",
                                       "code")),
      storage_latency_(registry_.histogram(
          "herald_storage_job_seconds", "Database latency: a storage job from submit to done (its commit).",
          metrics::latency_buckets_seconds())),
      fan_out_(registry_.histogram("herald_fanout_seconds",
                                   "Time a storage completion took to hand its frames to every recipient.",
                                   metrics::latency_buckets_seconds())),
      storage_failures_(registry_.counter("herald_storage_jobs_failed_total",
                                          "Storage jobs that failed (nothing of theirs was committed).")) {
  registry_.gauge_callback("herald_connections", "Open WebSocket connections.",
                           [connections] { return static_cast<double>(connections()); });
  registry_.counter_callback(
      "herald_send_queue_drops_total",
      "Frames dropped because a connection's send queue was full (the connection was closed, 1008).",
      [send_queue_drops] { return static_cast<double>(send_queue_drops()); });
  registry_.counter_callback(
      "herald_storage_batches_committed_total", "Transactions the storage worker committed.",
      [storage_stats] { return static_cast<double>(storage_stats().batches_committed); });
  registry_.counter_callback("herald_storage_jobs_committed_total", "Storage jobs committed.",
                             [storage_stats] { return static_cast<double>(storage_stats().jobs_committed); });
  // Every code shows up at 0, so a dashboard need not wait for the first error.
  for (const auto& info : protocol::error_infos()) errors_.with(info.name);
}

void ServerMetrics::add_pusher(std::function<std::size_t()> connections,
                               std::function<webhooks::SenderStats()> webhooks) {
  registry_.gauge_callback("herald_pusher_connections", "Open Pusher connections (all apps).",
                           [connections] { return static_cast<double>(connections()); });
  registry_.counter_callback("herald_pusher_webhooks_delivered_total", "Webhook requests an app's URL accepted (2xx).",
                             [webhooks] { return static_cast<double>(webhooks().delivered); });
  registry_.counter_callback("herald_pusher_webhooks_failed_total",
                             "Webhook requests given up on (every attempt failed, or a 4xx answer).",
                             [webhooks] { return static_cast<double>(webhooks().failed); });
  registry_.counter_callback("herald_pusher_webhooks_dropped_total",
                             "Webhook requests dropped because 1000 were already waiting.",
                             [webhooks] { return static_cast<double>(webhooks().dropped); });
  registry_.gauge_callback("herald_pusher_webhooks_queued", "Webhook requests waiting or in flight.",
                           [webhooks] { return static_cast<double>(webhooks().queued); });
}

void ServerMetrics::frame_out(std::string_view frame_text) {
  ++frames_sent_;
  frames_out_.with(frame_type(frame_text)).inc();
}

void ServerMetrics::error(protocol::Errc code) {
  errors_.with(protocol::to_string(code)).inc();
}

void ServerMetrics::storage_job(Seconds latency, bool failed) {
  storage_latency_.observe(latency.count());
  if (failed) storage_failures_.inc();
}

std::string_view frame_type(std::string_view frame_text) {
  // Pusher frames start with their event name, which clients choose: one
  // label for all of them keeps the series few.
  if (frame_text.rfind(R"({"event":)", 0) == 0) return "pusher";
  constexpr std::string_view kKey = R"("type":")";
  // The encoder writes "v" then "type" first; look no further than that.
  const auto head = frame_text.substr(0, 64);
  const auto at = head.find(kKey);
  if (at == std::string_view::npos) return "unknown";
  const auto start = at + kKey.size();
  const auto end = frame_text.find('"', start);
  if (end == std::string_view::npos || end - start > 40) return "unknown";
  return frame_text.substr(start, end - start);
}

}  // namespace herald::app
