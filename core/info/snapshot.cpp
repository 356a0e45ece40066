// ExtractSnapshot: one pass over the INFO lines, skipping sections no detector reads and stopping
// after the last interesting one; keys are matched by a switch on their length.
#include "core/info/snapshot.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

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

// The snapshot keys, used to build a cheap pre-filter on (first character, key length): most
// INFO lines fail it with one table load and no hard-to-predict branch.
constexpr std::string_view kKeys[] = {
    "role",
    "maxmemory",
    "maxclients",
    "used_memory",
    "redis_version",
    "valkey_version",
    "used_memory_rss",
    "blocked_clients",
    "connected_slaves",
    "connected_clients",
    "uptime_in_seconds",
    "master_repl_offset",
    "rejected_connections",
    "acl_access_denied_auth",
    "mem_fragmentation_ratio",
    "instantaneous_ops_per_sec",
    "total_connections_received",
};
constexpr std::size_t kMaxKeyLength = 26;

struct KeyFilter {
  std::uint32_t lengths_by_first_char[128] = {};
  constexpr KeyFilter() {
    for (std::string_view k : kKeys) lengths_by_first_char[k[0] & 0x7f] |= 1u << k.size();
  }
  bool MayMatch(std::string_view key) const {
    return (lengths_by_first_char[key[0] & 0x7f] >> key.size()) & 1u;
  }
};
constexpr KeyFilter kFilter;
static_assert(kMaxKeyLength < 32);

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
    // Only the first kMaxKeyLength + 1 bytes can hold the ':' of a key we want.
    const void* colon = std::memchr(line.data(), ':', std::min(line.size(), kMaxKeyLength + 1));
    if (colon == nullptr) continue;
    const std::size_t key_len = static_cast<const char*>(colon) - line.data();
    if (key_len == 0 || !kFilter.MayMatch(line.substr(0, key_len))) continue;
    Dispatch(line.substr(0, key_len), line.substr(key_len + 1), &s);
  }
  return s;
}

}  // namespace vigil::info
