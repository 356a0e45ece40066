// How a numeric Redis/Valkey INFO field becomes a Prometheus metric: its name, type, HELP text
// and the factor that converts its value to base units.
//
// The rule:
// - Type: counter when the field is cumulative since the server started: the fields in a
//   fixed list (rejected_connections, expired_keys, evicted_keys, keyspace_hits/misses,
//   used_cpu_*, acl_access_denied_*, ...), fields starting with "sync_", and fields starting
//   with "total_" or ending with "_total" except the few that are current amounts
//   (total_system_memory, total_blocking_keys, total_blocking_keys_on_nokey,
//   total_watched_keys). Everything else is a gauge (uptime and replication offsets too:
//   they go back to 0 on restart and read as values, not rates).
// - Name: "vigil_redis_" + the field sanitized (lower case, [a-z0-9_]). Counters drop a
//   "total_" prefix or "_total" suffix and end in "_total" (total_commands_processed ->
//   vigil_redis_commands_processed_total), as Prometheus' naming rules ask.
// - Units: fields in microseconds ("_usec") or milliseconds ("_milliseconds", "_msec",
//   the *_time fields measured in ms) are renamed to "_seconds" with the matching scale;
//   "_in_seconds" becomes "_seconds". Multiply the INFO value by `scale`.
// - HELP: from a table for the common fields, else "Redis INFO field <field>.".
#pragma once

#include <string>
#include <string_view>

#include "core/metrics/exposition.hpp"

namespace vigil::metrics {

struct InfoMetric {
  std::string name;
  MetricType type = MetricType::kGauge;
  std::string help;
  double scale = 1;  // metric value = INFO value * scale
};

InfoMetric MapInfoField(std::string_view field);

}  // namespace vigil::metrics
