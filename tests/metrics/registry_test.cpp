// Registry::render() against the exposition format, metric by metric.
#include <thread>

#include <gtest/gtest.h>

#include "herald/metrics/registry.hpp"

namespace herald::metrics {
namespace {

TEST(Registry, CounterAndGauge) {
  Registry r;
  Counter& c = r.counter("jobs_total", "Jobs done.");
  Gauge& g = r.gauge("open_things", "Open things.");
  c.inc();
  c.inc(4);
  g.set(7);
  g.add(-2);
  EXPECT_EQ(r.render(),
            "# HELP jobs_total Jobs done.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total 5\n"
            "# HELP open_things Open things.\n"
            "# TYPE open_things gauge\n"
            "open_things 5\n");
}

TEST(Registry, FamilySeriesAreSortedAndEscaped) {
  Registry r;
  CounterFamily& f = r.counter_family("frames_total", "Frames by type.", "type");
  f.with("ping").inc(2);
  f.with("message.send").inc();
  f.with("odd\"one").inc(3);
  EXPECT_EQ(&f.with("ping"), &f.with("ping"));
  EXPECT_EQ(r.render(),
            "# HELP frames_total Frames by type.\n"
            "# TYPE frames_total counter\n"
            "frames_total{type=\"message.send\"} 1\n"
            "frames_total{type=\"odd\\\"one\"} 3\n"
            "frames_total{type=\"ping\"} 2\n");
}

TEST(Registry, EmptyFamilyHasOnlyItsHeader) {
  Registry r;
  r.counter_family("errors_total", "Errors.", "code");
  EXPECT_EQ(r.render(), "# HELP errors_total Errors.\n# TYPE errors_total counter\n");
}

TEST(Registry, HistogramBucketsAreCumulative) {
  Registry r;
  Histogram& h = r.histogram("latency_seconds", "Latency.", {0.001, 0.01});
  h.observe(0.0005);
  h.observe(0.005);
  h.observe(0.005);
  h.observe(3);
  EXPECT_EQ(r.render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"0.001\"} 1\n"
            "latency_seconds_bucket{le=\"0.01\"} 3\n"
            "latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "latency_seconds_sum 3.0105\n"
            "latency_seconds_count 4\n");
}

TEST(Registry, CallbacksAreReadAtRenderTime) {
  Registry r;
  double value = 1;
  r.gauge_callback("connections", "Open connections.", [&] { return value; });
  r.counter_callback("batches_total", "Batches.", [] { return 12.0; });
  value = 3;
  EXPECT_EQ(r.render(),
            "# HELP connections Open connections.\n"
            "# TYPE connections gauge\n"
            "connections 3\n"
            "# HELP batches_total Batches.\n"
            "# TYPE batches_total counter\n"
            "batches_total 12\n");
}

TEST(Registry, HelpIsEscaped) {
  Registry r;
  r.counter("x_total", "line one\nback\\slash");
  EXPECT_EQ(r.render().substr(0, 37), "# HELP x_total line one\\nback\\\\slash\n");
}

TEST(Registry, RefusesBadOrDuplicateNames) {
  Registry r;
  r.counter("a_total", "A.");
  EXPECT_THROW(r.counter("a_total", "again"), std::invalid_argument);
  EXPECT_THROW(r.gauge("a_total", "as a gauge"), std::invalid_argument);
  EXPECT_THROW(r.counter("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(r.counter_family("f_total", "x", "bad:label"), std::invalid_argument);
  EXPECT_THROW(r.counter_family("g_total", "x", "__reserved"), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "x", {}), std::invalid_argument);
}

TEST(Registry, CountersMayBeUpdatedFromAnotherThread) {
  Registry r;
  Counter& c = r.counter("c_total", "C.");
  std::thread other([&] {
    for (int i = 0; i < 10000; ++i) c.inc();
  });
  for (int i = 0; i < 10000; ++i) c.inc();
  other.join();
  EXPECT_EQ(c.value(), 20000u);
}

}  // namespace
}  // namespace herald::metrics
