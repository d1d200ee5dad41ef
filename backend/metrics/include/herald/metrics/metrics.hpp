// The metric kinds of herald_metrics. Each is owned by a Registry, which
// hands out references that stay valid for the registry's lifetime.
//
// Threading: Counter and Gauge may be updated from any thread (relaxed
// atomics: a scrape sees each value, not a consistent snapshot of several).
// Histogram::observe and every Registry call (registration, with(),
// render()) belong to one thread, the event loop's.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

namespace herald::metrics {

/// A monotonically increasing count ("_total" in its name by convention).
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down.
class Gauge {
 public:
  void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t d) noexcept { value_.fetch_add(d, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// Observations counted into fixed buckets chosen at registration. Bounds
/// are inclusive upper limits ("le"), strictly increasing and finite; the
/// +Inf bucket is implicit.
class Histogram {
 public:
  /// Throws std::invalid_argument unless `upper_bounds` is strictly
  /// increasing, finite and not empty.
  explicit Histogram(std::vector<double> upper_bounds);

  void observe(double value) noexcept;

  const std::vector<double>& upper_bounds() const noexcept { return bounds_; }
  /// Observations per bucket, not cumulative; the last entry is +Inf.
  const std::vector<std::uint64_t>& bucket_counts() const noexcept { return counts_; }
  double sum() const noexcept { return sum_; }
  std::uint64_t count() const noexcept { return count_; }

 private:
  std::vector<double> bounds_;
  std::vector<std::uint64_t> counts_;  // bounds_.size() + 1
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

/// Latency buckets in seconds, 100 µs to 10 s: fine enough for an event
/// loop's hand-off and wide enough for a stalled database.
std::vector<double> latency_buckets_seconds();

}  // namespace herald::metrics
