// The INFO field -> metric rule (see redis_info.hpp) and its tables.
#include "core/metrics/redis_info.hpp"

#include <algorithm>
#include <array>

#include "core/metrics/names.hpp"

namespace vigil::metrics {
namespace {

constexpr std::array<std::string_view, 34> kCounters = {
    "rejected_connections",
    "expired_keys",
    "evicted_keys",
    "evicted_clients",
    "keyspace_hits",
    "keyspace_misses",
    "expired_time_cap_reached_count",
    "expire_cycle_cpu_milliseconds",
    "used_cpu_sys",
    "used_cpu_user",
    "used_cpu_sys_children",
    "used_cpu_user_children",
    "used_cpu_sys_main_thread",
    "used_cpu_user_main_thread",
    "io_threaded_reads_processed",
    "io_threaded_writes_processed",
    "dump_payload_sanitizations",
    "unexpected_error_replies",
    "acl_access_denied_auth",
    "acl_access_denied_cmd",
    "acl_access_denied_key",
    "acl_access_denied_channel",
    "client_query_buffer_limit_disconnections",
    "client_output_buffer_limit_disconnections",
    "reply_buffer_shrinks",
    "reply_buffer_expands",
    "active_defrag_hits",
    "active_defrag_misses",
    "active_defrag_key_hits",
    "active_defrag_key_misses",
    "rdb_saves",
    "aof_rewrites",
    "eventloop_cycles",
    "expired_subkeys",
};

constexpr std::array<std::string_view, 4> kTotalGauges = {
    "total_system_memory", "total_blocking_keys", "total_blocking_keys_on_nokey",
    "total_watched_keys"};

// Fields measured in milliseconds whose name says only "_time".
constexpr std::array<std::string_view, 4> kMillisecondTimes = {
    "total_eviction_exceeded_time", "current_eviction_exceeded_time", "total_active_defrag_time",
    "current_active_defrag_time"};

struct Help {
  std::string_view field;
  std::string_view text;
};
constexpr std::array<Help, 24> kHelp = {{
    {"used_memory", "Bytes allocated by the server's allocator."},
    {"used_memory_rss", "Bytes of memory the operating system sees the server use (RSS)."},
    {"used_memory_peak", "Peak of used_memory, in bytes."},
    {"maxmemory", "The maxmemory limit in bytes (0: none)."},
    {"mem_fragmentation_ratio", "used_memory_rss divided by used_memory."},
    {"connected_clients", "Client connections, replicas excluded."},
    {"blocked_clients", "Clients blocked on a blocking command."},
    {"maxclients", "The maxclients limit."},
    {"connected_slaves", "Connected replicas."},
    {"uptime_in_seconds", "Seconds since the server started."},
    {"total_connections_received", "Connections accepted by the server."},
    {"total_commands_processed", "Commands processed by the server."},
    {"instantaneous_ops_per_sec", "Commands processed per second (recent sample)."},
    {"total_net_input_bytes", "Bytes read from the network."},
    {"total_net_output_bytes", "Bytes written to the network."},
    {"rejected_connections", "Connections rejected because of the maxclients limit."},
    {"expired_keys", "Keys removed because their TTL expired."},
    {"evicted_keys", "Keys evicted because of the maxmemory limit."},
    {"keyspace_hits", "Successful key lookups."},
    {"keyspace_misses", "Failed key lookups."},
    {"latest_fork_usec", "Duration of the latest fork, in seconds."},
    {"master_repl_offset", "The server's replication offset, in bytes."},
    {"rdb_changes_since_last_save", "Changes since the last RDB save."},
    {"total_error_replies", "Error replies sent to clients."},
}};

template <std::size_t N>
bool In(const std::array<std::string_view, N>& table, std::string_view s) {
  return std::find(table.begin(), table.end(), s) != table.end();
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

}  // namespace

InfoMetric MapInfoField(std::string_view field) {
  InfoMetric m;
  bool counter =
      In(kCounters, field) || StartsWith(field, "sync_") ||
      ((StartsWith(field, "total_") || EndsWith(field, "_total")) && !In(kTotalGauges, field));
  m.type = counter ? MetricType::kCounter : MetricType::kGauge;

  std::string_view base = field;
  if (counter && StartsWith(base, "total_")) base.remove_prefix(6);
  if (counter && EndsWith(base, "_total")) base.remove_suffix(6);
  std::string_view unit;
  if (EndsWith(base, "_usec")) {
    base.remove_suffix(5), unit = "_seconds", m.scale = 1e-6;
  } else if (EndsWith(base, "_milliseconds")) {
    base.remove_suffix(13), unit = "_seconds", m.scale = 1e-3;
  } else if (EndsWith(base, "_msec")) {
    base.remove_suffix(5), unit = "_seconds", m.scale = 1e-3;
  } else if (In(kMillisecondTimes, field)) {
    unit = "_seconds", m.scale = 1e-3;
  } else if (EndsWith(base, "_in_seconds")) {
    base.remove_suffix(11), unit = "_seconds";
  } else if (EndsWith(base, "_in_days")) {  // uptime_in_days: the same as uptime_in_seconds
    base.remove_suffix(8), unit = "_seconds", m.scale = 86400;
  } else if (EndsWith(base, "_per_sec")) {  // promtool refuses abbreviated units
    base.remove_suffix(8), unit = "_per_second";
  } else if (EndsWith(base, "_sec")) {
    base.remove_suffix(4), unit = "_seconds";
  } else if (field == "arch_bits") {  // a pointer width, not an amount of data
    base = "address_width";
  }
  m.name = "vigil_redis_";
  AppendSanitized(&m.name, base);
  m.name.append(unit);
  if (counter) m.name.append("_total");

  for (const Help& h : kHelp) {
    if (h.field == field) m.help = h.text;
  }
  if (m.help.empty()) {
    m.help = "Redis INFO field ";
    m.help.append(field);
    if (m.scale != 1) m.help.append(", converted to seconds");
    m.help.append(".");
  }
  return m;
}

}  // namespace vigil::metrics
