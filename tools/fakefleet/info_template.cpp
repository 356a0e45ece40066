// InfoTemplate: compile the captured INFO text into segments, render it with CRLF line ends.
#include "tools/fakefleet/info_template.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "tools/fakefleet/info_capture.hpp"

namespace fakefleet {

enum class InfoTemplate::Slot : std::uint8_t {
  kNone,
  kProcessId,
  kRunId,
  kTcpPort,
  kServerTimeUsec,
  kUptimeInSeconds,
  kUptimeInDays,
  kLruClock,
  kConnectedClients,
  kMaxclients,
  kBlockedClients,
  kUsedMemory,
  kUsedMemoryHuman,
  kUsedMemoryRss,
  kUsedMemoryRssHuman,
  kUsedMemoryPeak,
  kUsedMemoryPeakHuman,
  kMaxmemory,
  kMaxmemoryHuman,
  kTotalConnectionsReceived,
  kTotalCommandsProcessed,
  kInstantaneousOpsPerSec,
  kRejectedConnections,
  kRdbLastSaveTime,
  kTotalSystemMemory,
  kTotalSystemMemoryHuman,
  kMemFragmentationRatio,
  kExecutable,
  kAclStats,
};

namespace {

using Slot = InfoTemplate::Slot;

struct SlotName {
  std::string_view name;
  Slot slot;
};
constexpr std::array<SlotName, 28> kSlots = {{
    {"process_id", Slot::kProcessId},
    {"run_id", Slot::kRunId},
    {"tcp_port", Slot::kTcpPort},
    {"server_time_usec", Slot::kServerTimeUsec},
    {"uptime_in_seconds", Slot::kUptimeInSeconds},
    {"uptime_in_days", Slot::kUptimeInDays},
    {"lru_clock", Slot::kLruClock},
    {"connected_clients", Slot::kConnectedClients},
    {"maxclients", Slot::kMaxclients},
    {"blocked_clients", Slot::kBlockedClients},
    {"used_memory", Slot::kUsedMemory},
    {"used_memory_human", Slot::kUsedMemoryHuman},
    {"used_memory_rss", Slot::kUsedMemoryRss},
    {"used_memory_rss_human", Slot::kUsedMemoryRssHuman},
    {"used_memory_peak", Slot::kUsedMemoryPeak},
    {"used_memory_peak_human", Slot::kUsedMemoryPeakHuman},
    {"maxmemory", Slot::kMaxmemory},
    {"maxmemory_human", Slot::kMaxmemoryHuman},
    {"total_connections_received", Slot::kTotalConnectionsReceived},
    {"total_commands_processed", Slot::kTotalCommandsProcessed},
    {"instantaneous_ops_per_sec", Slot::kInstantaneousOpsPerSec},
    {"rejected_connections", Slot::kRejectedConnections},
    {"rdb_last_save_time", Slot::kRdbLastSaveTime},
    {"total_system_memory", Slot::kTotalSystemMemory},
    {"total_system_memory_human", Slot::kTotalSystemMemoryHuman},
    {"mem_fragmentation_ratio", Slot::kMemFragmentationRatio},
    {"executable", Slot::kExecutable},
    {"acl_stats", Slot::kAclStats},
}};

Slot SlotFromName(std::string_view n) {
  for (const auto& s : kSlots)
    if (s.name == n) return s.slot;
  return Slot::kNone;
}

void AppendInt(std::string* out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out->append(buf, end);
}

// redis' bytesToHuman(): B, then K/M/G/T/P with two decimals.
void AppendHuman(std::string* out, std::int64_t n) {
  char buf[32];
  double d = static_cast<double>(n);
  int len;
  if (n < 1024)
    len = std::snprintf(buf, sizeof buf, "%lldB", static_cast<long long>(n));
  else if (n < 1024LL * 1024)
    len = std::snprintf(buf, sizeof buf, "%.2fK", d / 1024);
  else if (n < 1024LL * 1024 * 1024)
    len = std::snprintf(buf, sizeof buf, "%.2fM", d / (1024.0 * 1024));
  else if (n < 1024LL * 1024 * 1024 * 1024)
    len = std::snprintf(buf, sizeof buf, "%.2fG", d / (1024.0 * 1024 * 1024));
  else
    len = std::snprintf(buf, sizeof buf, "%.2fT", d / (1024.0 * 1024 * 1024 * 1024));
  out->append(buf, static_cast<std::size_t>(len));
}

constexpr std::int64_t kSystemMemory = 25276063744;

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

InfoTemplate::InfoTemplate() {
  std::string_view t(kInfoTemplate);
  Section* cur = nullptr;
  while (!t.empty()) {
    std::size_t nl = t.find('\n');
    std::string_view line = t.substr(0, nl);
    t.remove_prefix(nl == std::string_view::npos ? t.size() : nl + 1);
    if (line.starts_with("# ")) {
      std::string name(line.substr(2));
      for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      bool in_default = name != "commandstats" && name != "latencystats";
      sections_.push_back(Section{name, in_default, {}});
      cur = &sections_.back();
      cur->segments.push_back(Segment{std::string(line) + "\r\n", Slot::kNone});
      continue;
    }
    if (line.empty() || !cur) continue;
    std::size_t open = line.find("{{");
    if (open == std::string_view::npos) {
      cur->segments.back().text.append(line).append("\r\n");
      continue;
    }
    std::size_t close = line.find("}}", open);
    Slot slot = SlotFromName(line.substr(open + 2, close - open - 2));
    cur->segments.back().text.append(line.substr(0, open));
    cur->segments.back().slot = slot;
    // The rest of the line (always "" here) and its CRLF start the next segment.
    cur->segments.push_back(
        Segment{std::string(line.substr(close + 2)) + (slot == Slot::kAclStats ? "" : "\r\n"),
                Slot::kNone});
  }
}

void InfoTemplate::RenderSection(const Section& s, const InfoValues& v, std::string* out) const {
  for (const Segment& seg : s.segments) {
    out->append(seg.text);
    switch (seg.slot) {
      case Slot::kNone:
        break;
      case Slot::kProcessId:
        AppendInt(out, v.process_id);
        break;
      case Slot::kRunId:
        out->append(v.run_id);
        break;
      case Slot::kTcpPort:
        AppendInt(out, v.port);
        break;
      case Slot::kServerTimeUsec:
        AppendInt(out, v.now_us);
        break;
      case Slot::kUptimeInSeconds:
        AppendInt(out, v.uptime_s);
        break;
      case Slot::kUptimeInDays:
        AppendInt(out, v.uptime_s / 86400);
        break;
      case Slot::kLruClock:
        AppendInt(out, (v.now_us / 1000000) & ((1 << 24) - 1));
        break;
      case Slot::kConnectedClients:
        AppendInt(out, v.connected_clients);
        break;
      case Slot::kMaxclients:
        AppendInt(out, v.maxclients);
        break;
      case Slot::kBlockedClients:
        AppendInt(out, v.blocked_clients);
        break;
      case Slot::kUsedMemory:
        AppendInt(out, v.used_memory);
        break;
      case Slot::kUsedMemoryHuman:
        AppendHuman(out, v.used_memory);
        break;
      case Slot::kUsedMemoryRss:
        AppendInt(out, v.used_memory_rss);
        break;
      case Slot::kUsedMemoryRssHuman:
        AppendHuman(out, v.used_memory_rss);
        break;
      case Slot::kUsedMemoryPeak:
        AppendInt(out, v.used_memory_peak);
        break;
      case Slot::kUsedMemoryPeakHuman:
        AppendHuman(out, v.used_memory_peak);
        break;
      case Slot::kMaxmemory:
        AppendInt(out, v.maxmemory);
        break;
      case Slot::kMaxmemoryHuman:
        AppendHuman(out, v.maxmemory);
        break;
      case Slot::kTotalConnectionsReceived:
        AppendInt(out, v.total_connections_received);
        break;
      case Slot::kTotalCommandsProcessed:
        AppendInt(out, v.total_commands_processed);
        break;
      case Slot::kInstantaneousOpsPerSec:
        AppendInt(out, v.instantaneous_ops_per_sec);
        break;
      case Slot::kRejectedConnections:
        AppendInt(out, v.rejected_connections);
        break;
      case Slot::kRdbLastSaveTime:
        AppendInt(out, v.now_us / 1000000 - v.uptime_s);
        break;
      case Slot::kTotalSystemMemory:
        AppendInt(out, kSystemMemory);
        break;
      case Slot::kTotalSystemMemoryHuman:
        AppendHuman(out, kSystemMemory);
        break;
      case Slot::kMemFragmentationRatio: {
        char buf[32];
        double r = v.used_memory
                       ? static_cast<double>(v.used_memory_rss) / static_cast<double>(v.used_memory)
                       : 0;
        out->append(buf, static_cast<std::size_t>(std::snprintf(buf, sizeof buf, "%.2f", r)));
        break;
      }
      case Slot::kExecutable:
        out->append("/usr/bin/redis-server");
        break;
      case Slot::kAclStats:
        if (v.acl_stats) {
          out->append("acl_access_denied_auth:");
          AppendInt(out, v.acl_access_denied_auth);
          out->append(
              "\r\nacl_access_denied_cmd:0\r\nacl_access_denied_key:0\r\n"
              "acl_access_denied_channel:0\r\n");
        }
        break;
    }
  }
}

void InfoTemplate::Render(const std::vector<std::string_view>& args, const InfoValues& v,
                          std::string* out) const {
  bool all = false, everything = false, dflt = args.empty();
  for (std::string_view a : args) {
    if (EqualsNoCase(a, "all")) all = true;
    if (EqualsNoCase(a, "everything")) everything = true;
    if (EqualsNoCase(a, "default")) dflt = true;
  }
  bool first = true;
  for (const Section& s : sections_) {
    // "all" and "everything" differ only in module sections, which a fresh server has none of.
    bool want = everything || all || (dflt && s.in_default);
    for (std::string_view a : args)
      if (EqualsNoCase(a, s.name)) want = true;
    if (!want) continue;
    if (!first) out->append("\r\n");
    first = false;
    RenderSection(s, v, out);
  }
}

}  // namespace fakefleet
