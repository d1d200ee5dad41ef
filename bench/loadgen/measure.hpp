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

/// Warm-up, then `duration_s` seconds measured. start() when the load
/// begins, advance() on every tick; CPU use is taken over the measured part.
class MeasuredWindow {
 public:
  enum class Phase { warmup, measuring, over };

  MeasuredWindow(double warmup_s, double duration_s, int server_pid)
      : warmup_s_(warmup_s), duration_s_(duration_s), cpu_(server_pid) {}

  void start(std::int64_t now) { started_ns_ = now; }
  /// Moves to the phase `now` is in and returns it.
  Phase advance(std::int64_t now);
  bool measuring() const { return phase_ == Phase::measuring; }
  bool over() const { return phase_ == Phase::over; }
  std::int64_t started_ns() const { return started_ns_; }
  /// Once over: {"seconds"} measured and the CpuWindow's shares.
  const nlohmann::json& report() const { return report_; }
  double seconds() const { return report_.value("seconds", 0.0); }

 private:
  double warmup_s_;
  double duration_s_;
  CpuWindow cpu_;
  Phase phase_ = Phase::warmup;
  std::int64_t started_ns_ = 0;
  std::int64_t measure_start_ns_ = 0;
  nlohmann::json report_;
};

}  // namespace herald::bench
