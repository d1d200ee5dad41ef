// A set of named metrics and their Prometheus text exposition (format
// 0.0.4, https://prometheus.io/docs/instrumenting/exposition_formats/).
//
//   Registry r;
//   Counter& drops = r.counter("herald_send_queue_drops_total", "Frames dropped ...");
//   auto& frames = r.counter_family("herald_frames_in_total", "Frames received", "type");
//   frames.with("message.send").inc();
//   std::string text = r.render();
//
// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and be unique; registration
// throws std::invalid_argument otherwise. Metrics appear in registration
// order, the series of a family sorted by label value. Single-threaded (see
// metrics.hpp for what may be updated from other threads).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "herald/metrics/metrics.hpp"

namespace herald::metrics {

/// Counters of one name told apart by the value of one label.
class CounterFamily {
 public:
  explicit CounterFamily(std::string label) : label_(std::move(label)) {}
  /// The counter for `value`, created at 0 on first use. No allocation when
  /// it exists.
  Counter& with(std::string_view value);

  const std::string& label() const noexcept { return label_; }
  const std::map<std::string, std::unique_ptr<Counter>, std::less<>>& series() const noexcept {
    return series_;
  }

 private:
  std::string label_;
  std::map<std::string, std::unique_ptr<Counter>, std::less<>> series_;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& counter(std::string name, std::string help);
  CounterFamily& counter_family(std::string name, std::string help, std::string label);
  Gauge& gauge(std::string name, std::string help);
  Histogram& histogram(std::string name, std::string help, std::vector<double> upper_bounds);
  /// A counter or gauge whose value is read when rendering: for values
  /// another component already keeps (connection count, storage stats).
  void counter_callback(std::string name, std::string help, std::function<double()> read);
  void gauge_callback(std::string name, std::string help, std::function<double()> read);

  /// Every metric in the text format; ends with a newline.
  std::string render() const;

  /// The Content-Type of render()'s output.
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  class Entry;

 private:
  template <class T, class... Args>
  T& add(Args&&... args);

  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace herald::metrics
