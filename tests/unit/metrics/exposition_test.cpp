// ExpositionWriter: exact text of families and samples, escaping and float syntax.
#include "core/metrics/exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vigil::metrics {
namespace {

std::string Value(double v) {
  std::string s;
  AppendValue(&s, v);
  return s;
}

TEST(Exposition, FloatSyntax) {
  EXPECT_EQ(Value(0), "0");
  EXPECT_EQ(Value(-0.0), "0");
  EXPECT_EQ(Value(42), "42");
  EXPECT_EQ(Value(1e6), "1000000");
  EXPECT_EQ(Value(-1234567890123), "-1234567890123");
  EXPECT_EQ(Value(9007199254740991.0), "9007199254740991");
  EXPECT_EQ(Value(1e300), "1e+300");
  EXPECT_EQ(Value(0.5), "0.5");
  EXPECT_EQ(Value(0.1), "0.1");
  EXPECT_EQ(Value(1.25e-7), "1.25e-07");
  EXPECT_EQ(Value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(Value(std::nan("")), "NaN");
}

TEST(Exposition, EscapesLabelValuesAndHelp) {
  std::string s;
  AppendEscapedLabelValue(&s, "a\\b\"c\nd");
  EXPECT_EQ(s, "a\\\\b\\\"c\\nd");
  s.clear();
  AppendEscapedHelp(&s, "say \"hi\"\\\n");
  EXPECT_EQ(s, "say \"hi\"\\\\\\n");  // quotes stay as they are in HELP
}

TEST(Exposition, FamiliesAndSamples) {
  std::string out;
  ExpositionWriter w(out);
  w.Family("vigil_up", MetricType::kGauge, "1 when up.");
  w.Sample(1);
  w.Family("redis_used_memory", "gauge", "Bytes used.\nBy the allocator.");
  w.Sample({{"instance", "10.0.0.1:6379"}, {"role", "master"}}, 1048576);
  w.Sample({{"instance", "we\"ird\\"}, {"role", "replica"}}, 0.5);
  EXPECT_EQ(out,
            "# HELP vigil_up 1 when up.\n"
            "# TYPE vigil_up gauge\n"
            "vigil_up 1\n"
            "# HELP redis_used_memory Bytes used.\\nBy the allocator.\n"
            "# TYPE redis_used_memory gauge\n"
            "redis_used_memory{instance=\"10.0.0.1:6379\",role=\"master\"} 1048576\n"
            "redis_used_memory{instance=\"we\\\"ird\\\\\",role=\"replica\"} 0.5\n");
}

}  // namespace
}  // namespace vigil::metrics
