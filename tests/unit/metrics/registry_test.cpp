// Registry: exact exposition of counters, gauges and histograms (cumulative buckets), stable
// child pointers, name and bound validation, collectors.
#include "core/metrics/registry.hpp"

#include <gtest/gtest.h>

namespace vigil::metrics {
namespace {

TEST(Registry, CounterAndGaugeText) {
  Registry r;
  auto req = r.AddCounter("vigil_http_requests_total", "HTTP requests served.", {"code"});
  ASSERT_TRUE(req.ok());
  auto conns = r.AddGauge("vigil_http_open_connections", "Open connections.");
  ASSERT_TRUE(conns.ok());
  Counter* ok200 = (*req)->WithLabels({"200"});
  Counter* nf404 = (*req)->WithLabels({"404"});
  ok200->Inc();
  ok200->Inc(2);
  nf404->Inc();
  EXPECT_EQ((*req)->WithLabels({"200"}), ok200) << "same child for the same labels";
  EXPECT_EQ((*req)->WithLabels({"200", "extra"}), nullptr);
  (*conns)->Get()->Set(7);
  (*conns)->Get()->Dec();
  std::string out;
  r.Render(out);
  EXPECT_EQ(out,
            "# HELP vigil_http_requests_total HTTP requests served.\n"
            "# TYPE vigil_http_requests_total counter\n"
            "vigil_http_requests_total{code=\"200\"} 3\n"
            "vigil_http_requests_total{code=\"404\"} 1\n"
            "# HELP vigil_http_open_connections Open connections.\n"
            "# TYPE vigil_http_open_connections gauge\n"
            "vigil_http_open_connections 6\n");
}

TEST(Registry, HistogramBucketsAreCumulative) {
  Registry r;
  auto h = r.AddHistogram("vigil_delivery_seconds", "Delivery latency.", {0.1, 1, 10}, {"sink"});
  ASSERT_TRUE(h.ok()) << h.status().message();
  Histogram* x = (*h)->WithLabels({"x"});
  for (double v : {0.05, 0.1, 0.5, 5.0, 50.0}) x->Observe(v);
  std::string out;
  r.Render(out);
  EXPECT_EQ(out,
            "# HELP vigil_delivery_seconds Delivery latency.\n"
            "# TYPE vigil_delivery_seconds histogram\n"
            "vigil_delivery_seconds_bucket{sink=\"x\",le=\"0.1\"} 2\n"
            "vigil_delivery_seconds_bucket{sink=\"x\",le=\"1\"} 3\n"
            "vigil_delivery_seconds_bucket{sink=\"x\",le=\"10\"} 4\n"
            "vigil_delivery_seconds_bucket{sink=\"x\",le=\"+Inf\"} 5\n"
            "vigil_delivery_seconds_sum{sink=\"x\"} 55.65\n"
            "vigil_delivery_seconds_count{sink=\"x\"} 5\n");
}

TEST(Registry, LabelValuesAreEscaped) {
  Registry r;
  auto g = r.AddGauge("g", "G.", {"path"});
  ASSERT_TRUE(g.ok());
  (*g)->WithLabels({"C:\\dir \"q\"\nx"})->Set(1);
  std::string out;
  r.Render(out);
  EXPECT_NE(out.find("g{path=\"C:\\\\dir \\\"q\\\"\\nx\"} 1\n"), std::string::npos) << out;
}

TEST(Registry, RejectsBadNamesDuplicatesAndBounds) {
  Registry r;
  EXPECT_FALSE(r.AddCounter("1bad", "").ok());
  EXPECT_FALSE(r.AddCounter("bad-name", "").ok());
  EXPECT_FALSE(r.AddGauge("ok", "", {"__reserved"}).ok());
  EXPECT_FALSE(r.AddGauge("ok", "", {"a", "a"}).ok());
  EXPECT_FALSE(r.AddGauge("ok", "", {"bad label"}).ok());
  EXPECT_TRUE(r.AddGauge("ok", "").ok());
  EXPECT_EQ(r.AddGauge("ok", "").status().code(), Status::Code::kInvalid);
  EXPECT_FALSE(r.AddHistogram("h1", "", {1, 1}).ok());
  EXPECT_FALSE(r.AddHistogram("h2", "", {2, 1}).ok());
  EXPECT_FALSE(r.AddHistogram("h3", "", {1}, {"le"}).ok());
  EXPECT_TRUE(r.AddHistogram("h4", "", {1, std::numeric_limits<double>::infinity()}).ok());
  EXPECT_TRUE(r.AddCounter("ns:sub_total", "").ok());
}

TEST(Registry, CollectorsAppendAfterFamilies) {
  Registry r;
  ASSERT_TRUE(r.AddGauge("a", "A.").ok());
  r.AddCollector([](ExpositionWriter& w) {
    w.Family("b", MetricType::kGauge, "B.");
    w.Sample({{"i", "1"}}, 2);
  });
  std::string out;
  r.Render(out);
  EXPECT_EQ(out,
            "# HELP a A.\n# TYPE a gauge\n"
            "# HELP b B.\n# TYPE b gauge\nb{i=\"1\"} 2\n");
}

}  // namespace
}  // namespace vigil::metrics
