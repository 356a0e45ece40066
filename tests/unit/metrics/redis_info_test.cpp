// The INFO field -> metric rule: names, types, unit conversion, HELP.
#include "core/metrics/redis_info.hpp"

#include <gtest/gtest.h>

namespace vigil::metrics {
namespace {

TEST(RedisInfo, GaugesKeepTheFieldName) {
  InfoMetric m = MapInfoField("used_memory");
  EXPECT_EQ(m.name, "vigil_redis_used_memory");
  EXPECT_EQ(m.type, MetricType::kGauge);
  EXPECT_EQ(m.help, "Bytes allocated by the server's allocator.");
  EXPECT_EQ(m.scale, 1);
  EXPECT_EQ(MapInfoField("mem_fragmentation_ratio").type, MetricType::kGauge);
  EXPECT_EQ(MapInfoField("total_system_memory").name, "vigil_redis_total_system_memory");
  EXPECT_EQ(MapInfoField("total_system_memory").type, MetricType::kGauge);
  EXPECT_EQ(MapInfoField("total_blocking_keys").type, MetricType::kGauge);
}

TEST(RedisInfo, CumulativeFieldsAreCountersEndingInTotal) {
  EXPECT_EQ(MapInfoField("total_commands_processed").name, "vigil_redis_commands_processed_total");
  EXPECT_EQ(MapInfoField("total_commands_processed").type, MetricType::kCounter);
  EXPECT_EQ(MapInfoField("total_net_input_bytes").name, "vigil_redis_net_input_bytes_total");
  EXPECT_EQ(MapInfoField("rejected_connections").name, "vigil_redis_rejected_connections_total");
  EXPECT_EQ(MapInfoField("expired_keys").type, MetricType::kCounter);
  EXPECT_EQ(MapInfoField("evicted_keys").type, MetricType::kCounter);
  EXPECT_EQ(MapInfoField("keyspace_hits").name, "vigil_redis_keyspace_hits_total");
  EXPECT_EQ(MapInfoField("keyspace_misses").type, MetricType::kCounter);
  EXPECT_EQ(MapInfoField("sync_partial_ok").name, "vigil_redis_sync_partial_ok_total");
  EXPECT_EQ(MapInfoField("used_cpu_sys").type, MetricType::kCounter);
  EXPECT_EQ(MapInfoField("some_new_total").name, "vigil_redis_some_new_total");
}

TEST(RedisInfo, TimeUnitsBecomeSeconds) {
  InfoMetric fork = MapInfoField("latest_fork_usec");
  EXPECT_EQ(fork.name, "vigil_redis_latest_fork_seconds");
  EXPECT_DOUBLE_EQ(fork.scale, 1e-6);
  InfoMetric cpu = MapInfoField("expire_cycle_cpu_milliseconds");
  EXPECT_EQ(cpu.name, "vigil_redis_expire_cycle_cpu_seconds_total");
  EXPECT_DOUBLE_EQ(cpu.scale, 1e-3);
  InfoMetric defrag = MapInfoField("total_active_defrag_time");
  EXPECT_EQ(defrag.name, "vigil_redis_active_defrag_time_seconds_total");
  EXPECT_DOUBLE_EQ(defrag.scale, 1e-3);
  EXPECT_EQ(MapInfoField("uptime_in_seconds").name, "vigil_redis_uptime_seconds");
}

TEST(RedisInfo, UnknownFieldsAreSanitizedGaugesWithGenericHelp) {
  InfoMetric m = MapInfoField("Weird-Field.x");
  EXPECT_EQ(m.name, "vigil_redis_weird_field_x");
  EXPECT_EQ(m.type, MetricType::kGauge);
  EXPECT_EQ(m.help, "Redis INFO field Weird-Field.x.");
}

}  // namespace
}  // namespace vigil::metrics
