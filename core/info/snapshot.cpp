// ExtractSnapshot: one pass over the INFO lines, skipping sections no detector reads and stopping
// after the last interesting one; keys are matched by a switch on their length.
#include "core/info/snapshot.hpp"

#include <charconv>

#include "core/info/lines.hpp"

namespace vigil::info {

namespace {

void SetInt(std::string_view v, std::optional<std::int64_t>* out) {
  std::int64_t x = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), x);
  if (!v.empty() && r.ec == std::errc() && r.ptr == v.data() + v.size()) *out = x;
}

void SetDouble(std::string_view v, std::optional<double>* out) {
  double x = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), x);
  if (!v.empty() && r.ec == std::errc() && r.ptr == v.data() + v.size()) *out = x;
}

// Sections that hold snapshot fields. INFO prints sections in a fixed order
// (Server, Clients, Memory, Persistence, Stats, Replication, CPU, ...).
bool Interesting(std::string_view section) {
  return section == "Server" || section == "Clients" || section == "Memory" || section == "Stats" ||
         section == "Replication";
}
constexpr int kInterestingSections = 5;

void Dispatch(std::string_view key, std::string_view v, InfoSnapshot* s) {
  switch (key.size()) {
    case 4:
      if (key == "role") {
        s->role = v == "master" ? Role::kMaster : v == "slave" ? Role::kReplica : Role::kUnknown;
      }
      return;
    case 9:
      if (key == "maxmemory") SetInt(v, &s->maxmemory);
      return;
    case 10:
      if (key == "maxclients") SetInt(v, &s->maxclients);
      return;
    case 11:
      if (key == "used_memory") SetInt(v, &s->used_memory);
      return;
    case 13:
      if (key == "redis_version") {
        s->redis_version = ParseVersion(v);
      }
      return;
    case 14:
      if (key == "valkey_version") s->valkey_version = ParseVersion(v);
      return;
    case 15:
      if (key == "used_memory_rss") {
        SetInt(v, &s->used_memory_rss);
      } else if (key == "blocked_clients") {
        SetInt(v, &s->blocked_clients);
      }
      return;
    case 16:
      if (key == "connected_slaves") SetInt(v, &s->connected_slaves);
      return;
    case 17:
      if (key == "connected_clients") {
        SetInt(v, &s->connected_clients);
      } else if (key == "uptime_in_seconds") {
        SetInt(v, &s->uptime_in_seconds);
      }
      return;
    case 18:
      if (key == "master_repl_offset") SetInt(v, &s->master_repl_offset);
      return;
    case 20:
      if (key == "rejected_connections") SetInt(v, &s->rejected_connections);
      return;
    case 22:
      if (key == "acl_access_denied_auth") SetInt(v, &s->acl_access_denied_auth);
      return;
    case 23:
      if (key == "mem_fragmentation_ratio") SetDouble(v, &s->mem_fragmentation_ratio);
      return;
    case 25:
      if (key == "instantaneous_ops_per_sec") SetInt(v, &s->instantaneous_ops_per_sec);
      return;
    case 26:
      if (key == "total_connections_received") SetInt(v, &s->total_connections_received);
      return;
    default:
      return;
  }
}

}  // namespace

std::optional<Version> ParseVersion(std::string_view s) {
  std::uint16_t parts[3] = {0, 0, 0};
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (int i = 0; i < 3; ++i) {
    auto r = std::from_chars(p, end, parts[i]);
    if (r.ec != std::errc()) return std::nullopt;
    p = r.ptr;
    if (p == end) break;
    if (*p != '.' || i == 2) return std::nullopt;
    ++p;
  }
  if (p != end) return std::nullopt;
  return Version{parts[0], parts[1], parts[2]};
}

InfoSnapshot ExtractSnapshot(std::string_view text) {
  InfoSnapshot s;
  bool interesting = true;  // lines before any header (tests, partial texts) are read
  int seen = 0;
  std::string_view line;
  while (NextLine(&text, &line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      line.remove_prefix(1);
      if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
      interesting = Interesting(line);
      if (interesting) {
        ++seen;
      } else if (seen == kInterestingSections) {
        break;  // every section we read is behind us
      }
      continue;
    }
    if (!interesting) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    Dispatch(line.substr(0, colon), line.substr(colon + 1), &s);
  }
  return s;
}

}  // namespace vigil::info
