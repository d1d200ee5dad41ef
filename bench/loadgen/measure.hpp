// What the load generator measures besides counts: latency percentiles,
// its own CPU time, and the server process's CPU time and resident memory
// (read from /proc, so the server needs no cooperation).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace herald::bench {

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// Every sample kept (a few million at most), percentiles by sorting.
class Latencies {
 public:
  void add(std::int64_t ns) { samples_.push_back(ns); }
  std::size_t size() const { return samples_.size(); }
  /// {"count", "p50_ms", "p99_ms", "max_ms"}; sorts the samples.
  nlohmann::json summary();

 private:
  std::vector<std::int64_t> samples_;
};

/// CPU seconds (user + system) used by this process so far.
double own_cpu_seconds();
/// CPU seconds used by process `pid` so far; 0 when pid is 0 or gone.
double process_cpu_seconds(int pid);
/// Resident set size of process `pid` in KiB; 0 when unknown.
std::int64_t process_rss_kib(int pid);

/// CPU use of this process and of the server between start() and stop(),
/// as a share of one core.
class CpuWindow {
 public:
  explicit CpuWindow(int server_pid) : server_pid_(server_pid) {}
  void start();
  /// {"loadgen_cpu_core_share", "server_cpu_core_share"} over the window.
  nlohmann::json stop();

 private:
  int server_pid_;
  std::int64_t started_ns_ = 0;
  double own_start_ = 0;
  double server_start_ = 0;
};

}  // namespace herald::bench
