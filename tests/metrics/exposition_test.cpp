// The text format's small pieces: names, numbers, escaping.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "herald/metrics/exposition.hpp"
#include "herald/metrics/metrics.hpp"

namespace herald::metrics {
namespace {

TEST(Exposition, MetricAndLabelNames) {
  EXPECT_TRUE(valid_metric_name("herald_frames_in_total"));
  EXPECT_TRUE(valid_metric_name("ns:name_1"));
  EXPECT_TRUE(valid_metric_name("_x"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_FALSE(valid_metric_name("1abc"));
  EXPECT_FALSE(valid_metric_name("with-dash"));
  EXPECT_FALSE(valid_metric_name("space here"));
  EXPECT_TRUE(valid_label_name("code"));
  EXPECT_FALSE(valid_label_name("a:b"));
}

TEST(Exposition, ValuesReadBackExactly) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(0.00025), "0.00025");
  EXPECT_EQ(format_value(2.5), "2.5");
  EXPECT_EQ(format_value(1e21), "1e+21");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(Exposition, Escaping) {
  EXPECT_EQ(escape_label_value(R"(a"b\c)"
                               "\n"),
            R"(a\"b\\c\n)");
  EXPECT_EQ(escape_help("say \"hi\"\\\n"), R"(say "hi"\\\n)");
}

TEST(Histogram, BucketsIncludeTheirUpperBound) {
  Histogram h({1, 2, 5});
  for (double v : {0.5, 1.0, 1.5, 2.0, 5.0, 7.0}) h.observe(v);
  EXPECT_EQ(h.bucket_counts(), (std::vector<std::uint64_t>{2, 2, 1, 1}));
  EXPECT_EQ(h.count(), 6u);
  EXPECT_DOUBLE_EQ(h.sum(), 17.0);
}

TEST(Histogram, RejectsBadBounds) {
  EXPECT_THROW(Histogram({}), std::invalid_argument);
  EXPECT_THROW(Histogram({1, 1}), std::invalid_argument);
  EXPECT_THROW(Histogram({2, 1}), std::invalid_argument);
  EXPECT_THROW(Histogram({1, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_EQ(Histogram{latency_buckets_seconds()}.bucket_counts().size(), 17u);
}

}  // namespace
}  // namespace herald::metrics
