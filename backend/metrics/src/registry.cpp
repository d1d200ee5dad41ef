#include "herald/metrics/registry.hpp"

#include <stdexcept>

#include "herald/metrics/exposition.hpp"

namespace herald::metrics {

/// One metric name: its HELP and TYPE lines and its samples.
class Registry::Entry {
 public:
  Entry(std::string name, std::string help, std::string_view type)
      : name_(std::move(name)), help_(std::move(help)), type_(type) {
    if (!valid_metric_name(name_))
      throw std::invalid_argument("invalid metric name '" + name_ + "': use [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  virtual ~Entry() = default;

  const std::string& name() const noexcept { return name_; }

  void write(std::string& out) const {
    out += "# HELP " + name_ + ' ' + escape_help(help_) + '\n';
    out += "# TYPE " + name_ + ' ' + std::string(type_) + '\n';
    write_samples(out);
  }

 protected:
  /// `name{labels} value` lines; `labels` is empty or `key="value",...`.
  void sample(std::string& out, std::string_view suffix, const std::string& labels, double value) const {
    out += name_;
    out += suffix;
    if (!labels.empty()) out += '{' + labels + '}';
    out += ' ' + format_value(value) + '\n';
  }

 private:
  virtual void write_samples(std::string& out) const = 0;

  std::string name_;
  std::string help_;
  std::string_view type_;
};

namespace {

template <class Metric>
class Single final : public Registry::Entry {
 public:
  Single(std::string name, std::string help, std::string_view type)
      : Entry(std::move(name), std::move(help), type) {}
  Metric metric;

 private:
  void write_samples(std::string& out) const override {
    sample(out, "", {}, static_cast<double>(metric.value()));
  }
};

class Callback final : public Registry::Entry {
 public:
  Callback(std::string name, std::string help, std::string_view type, std::function<double()> read)
      : Entry(std::move(name), std::move(help), type), read_(std::move(read)) {}

 private:
  void write_samples(std::string& out) const override { sample(out, "", {}, read_()); }
  std::function<double()> read_;
};

class Family final : public Registry::Entry {
 public:
  Family(std::string name, std::string help, std::string label)
      : Entry(std::move(name), std::move(help), "counter"), family(std::move(label)) {
    if (!valid_label_name(family.label()) || family.label().rfind("__", 0) == 0)
      throw std::invalid_argument("invalid label name '" + family.label() + "': use [a-zA-Z_][a-zA-Z0-9_]*");
  }
  CounterFamily family;

 private:
  void write_samples(std::string& out) const override {
    for (const auto& [value, counter] : family.series())
      sample(out, "", family.label() + "=\"" + escape_label_value(value) + '"',
             static_cast<double>(counter->value()));
  }
};

class HistogramEntry final : public Registry::Entry {
 public:
  HistogramEntry(std::string name, std::string help, std::vector<double> bounds)
      : Entry(std::move(name), std::move(help), "histogram"), histogram(std::move(bounds)) {}
  Histogram histogram;

 private:
  void write_samples(std::string& out) const override {
    const auto& bounds = histogram.upper_bounds();
    const auto& counts = histogram.bucket_counts();
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      cumulative += counts[i];
      const std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
      sample(out, "_bucket", "le=\"" + le + '"', static_cast<double>(cumulative));
    }
    sample(out, "_sum", {}, histogram.sum());
    sample(out, "_count", {}, static_cast<double>(histogram.count()));
  }
};

}  // namespace

Counter& CounterFamily::with(std::string_view value) {
  auto it = series_.find(value);
  if (it == series_.end()) it = series_.emplace(std::string(value), std::make_unique<Counter>()).first;
  return *it->second;
}

Registry::Registry() = default;
Registry::~Registry() = default;

template <class T, class... Args>
T& Registry::add(Args&&... args) {
  auto entry = std::make_unique<T>(std::forward<Args>(args)...);
  for (const auto& existing : entries_)
    if (existing->name() == entry->name())
      throw std::invalid_argument("metric '" + entry->name() + "' is registered twice");
  T& added = *entry;
  entries_.push_back(std::move(entry));
  return added;
}

Counter& Registry::counter(std::string name, std::string help) {
  return add<Single<Counter>>(std::move(name), std::move(help), "counter").metric;
}

CounterFamily& Registry::counter_family(std::string name, std::string help, std::string label) {
  return add<Family>(std::move(name), std::move(help), std::move(label)).family;
}

Gauge& Registry::gauge(std::string name, std::string help) {
  return add<Single<Gauge>>(std::move(name), std::move(help), "gauge").metric;
}

Histogram& Registry::histogram(std::string name, std::string help, std::vector<double> upper_bounds) {
  return add<HistogramEntry>(std::move(name), std::move(help), std::move(upper_bounds)).histogram;
}

void Registry::counter_callback(std::string name, std::string help, std::function<double()> read) {
  add<Callback>(std::move(name), std::move(help), "counter", std::move(read));
}

void Registry::gauge_callback(std::string name, std::string help, std::function<double()> read) {
  add<Callback>(std::move(name), std::move(help), "gauge", std::move(read));
}

std::string Registry::render() const {
  std::string out;
  for (const auto& entry : entries_) entry->write(out);
  return out;
}

}  // namespace herald::metrics
