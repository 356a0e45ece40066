// Feeds a rendered exposition (registry families and INFO-mapped families) to
// `promtool check metrics`, which parses it and lints names; skipped without promtool.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "core/metrics/redis_info.hpp"
#include "core/metrics/registry.hpp"

namespace vigil::metrics {
namespace {

TEST(Promtool, ExpositionPassesCheckMetrics) {
  const char* promtool = "/usr/bin/promtool";
  if (access(promtool, X_OK) != 0)
    GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  Registry r;
  auto req = r.AddCounter("vigil_http_requests_total", "HTTP requests served.", {"code"});
  auto lat = r.AddHistogram("vigil_delivery_duration_seconds", "Delivery latency.", {0.01, 0.1, 1},
                            {"sink"});
  ASSERT_TRUE(req.ok() && lat.ok());
  (*req)->WithLabels({"200"})->Inc(3);
  (*lat)->WithLabels({"we\"b\\hook\n"})->Observe(0.2);
  r.AddCollector([](ExpositionWriter& w) {
    for (const char* field :
         {"used_memory", "total_commands_processed", "latest_fork_usec", "keyspace_hits",
          "expire_cycle_cpu_milliseconds", "total_active_defrag_time", "uptime_in_seconds",
          "mem_fragmentation_ratio", "sync_full", "total_net_input_bytes"}) {
      InfoMetric m = MapInfoField(field);
      w.Family(m.name, m.type, m.help);
      w.Sample({{"instance", "10.0.0.1:6379"}}, 12345 * m.scale);
      w.Sample({{"instance", "10.0.0.2:6379"}}, 0.5);
    }
  });
  std::string out;
  r.Render(out);
  std::string path = ::testing::TempDir() + "/exposition.prom";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fwrite(out.data(), 1, out.size(), f);
  std::fclose(f);
  std::string cmd = std::string(promtool) + " check metrics < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string report;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) report += buf;
  int rc = pclose(p);
  EXPECT_EQ(rc, 0) << report << "\n--- exposition:\n" << out;
}

}  // namespace
}  // namespace vigil::metrics
