// RenderInstanceMetrics / RenderVigilMetrics: one family per INFO field across instances, text
// fields skipped, repeated fields once, labels instance + addr; the output passes promtool.
#include "core/api/metrics_render.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

namespace vigil::api {
namespace {

constexpr std::string_view kInfoA =
    "# Server\r\nredis_version:7.0.15\r\nuptime_in_seconds:100\r\n# Clients\r\n"
    "connected_clients:3\r\n# Memory\r\nused_memory:1024\r\nmem_fragmentation_ratio:1.5\r\n"
    "# Stats\r\ntotal_commands_processed:42\r\nlatest_fork_usec:250\r\n"
    "rdb_last_bgsave_status:ok\r\nconnected_clients:9\r\n# Keyspace\r\n"
    "db0:keys=1,expires=0,avg_ttl=0\r\n";
constexpr std::string_view kInfoB = "# Clients\r\nconnected_clients:7\r\nused_memory:2048\r\n";

std::vector<InstanceMetricsInput> Fleet() {
  return {{"a", "10.0.0.1:6379", kInfoA, true, 0.002},
          {"b", "10.0.0.2:6379", kInfoB, false, 0.5},
          {"c", "10.0.0.3:6379", "", false, 0}};
}

std::size_t Count(const std::string& s, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(MetricsRender, OneFamilyPerFieldAcrossInstances) {
  std::string out;
  auto fleet = Fleet();
  RenderInstanceMetrics(fleet, out);
  EXPECT_EQ(Count(out, "# TYPE vigil_redis_connected_clients gauge\n"), 1u) << out;
  EXPECT_NE(out.find("vigil_redis_connected_clients{instance=\"a\",addr=\"10.0.0.1:6379\"} 3\n"),
            std::string::npos);
  EXPECT_EQ(Count(out, "vigil_redis_connected_clients{instance=\"a\""), 1u);  // first one wins
  EXPECT_NE(out.find("vigil_redis_connected_clients{instance=\"b\",addr=\"10.0.0.2:6379\"} 7\n"),
            std::string::npos);
  EXPECT_NE(out.find("# TYPE vigil_redis_commands_processed_total counter\n"), std::string::npos);
  EXPECT_NE(out.find("vigil_redis_latest_fork_seconds{instance=\"a\",addr=\"10.0.0.1:6379\"} "
                     "0.00025\n"),
            std::string::npos);
  EXPECT_EQ(out.find("redis_version"), std::string::npos);
  EXPECT_EQ(out.find("bgsave_status"), std::string::npos);
  EXPECT_EQ(out.find("db0"), std::string::npos);
  EXPECT_NE(out.find("vigil_instance_up{instance=\"a\",addr=\"10.0.0.1:6379\"} 1\n"),
            std::string::npos);
  EXPECT_NE(out.find("vigil_instance_up{instance=\"c\",addr=\"10.0.0.3:6379\"} 0\n"),
            std::string::npos);
  EXPECT_NE(out.find("vigil_instance_poll_duration_seconds{instance=\"b\",addr=\"10.0.0.2:6379\"} "
                     "0.5\n"),
            std::string::npos);
  // Families are contiguous: a family's TYPE line appears once.
  EXPECT_EQ(Count(out, "# TYPE vigil_redis_used_memory_bytes "), 0u);
  EXPECT_EQ(Count(out, "# TYPE vigil_redis_used_memory"), 1u);
}

TEST(MetricsRender, HistogramIsCumulative) {
  VigilStats s;
  s.delivery_duration.Observe(0.004);
  s.delivery_duration.Observe(0.2);
  s.delivery_duration.Observe(100);
  s.events_by_type[0] = 4;
  s.deliveries.push_back({"w1", "success", 3});
  std::string out;
  RenderVigilMetrics(s, out);
  EXPECT_NE(out.find("vigil_delivery_duration_seconds_bucket{le=\"0.005\"} 1\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("vigil_delivery_duration_seconds_bucket{le=\"0.25\"} 2\n"), std::string::npos);
  EXPECT_NE(out.find("vigil_delivery_duration_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(out.find("vigil_delivery_duration_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(out.find("vigil_events_total{event=\"instance.down\"} 4\n"), std::string::npos);
  EXPECT_NE(out.find("vigil_deliveries_total{webhook=\"w1\",status=\"success\"} 3\n"),
            std::string::npos);
}

TEST(MetricsRender, PassesPromtool) {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0) GTEST_SKIP() << "promtool not installed";
  std::string out;
  auto fleet = Fleet();
  RenderInstanceMetrics(fleet, out);
  VigilStats s;
  s.delivery_duration.Observe(0.1);
  s.deliveries.push_back({"w\"1", "failed", 1});
  RenderVigilMetrics(s, out);
  std::string path = ::testing::TempDir() + "/api_metrics.prom";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(out.data(), 1, out.size(), f);
  std::fclose(f);
  FILE* p = popen((std::string(promtool) + " check metrics < " + path + " 2>&1").c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string report;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) report += buf;
  EXPECT_EQ(pclose(p), 0) << report << "\n---\n" << out;
}

}  // namespace
}  // namespace vigil::api
