// InfoSnapshot: the INFO fields detectors need, extracted from INFO text in one allocation-free
// linear scan (hot path: thousands of instances polled every second).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::info {

enum class Role : std::uint8_t { kUnknown, kMaster, kReplica };

struct Version {
  std::uint16_t major = 0;
  std::uint16_t minor = 0;
  std::uint16_t patch = 0;
  auto operator<=>(const Version&) const = default;
};

// "7.0.15" -> {7,0,15}; "8.0" -> {8,0,0}; nullopt if not digits and dots.
std::optional<Version> ParseVersion(std::string_view s);

// Plain values, no views: a snapshot may outlive the INFO text. A field is nullopt when the
// server did not report it (older version, section not requested) or it did not parse.
// Notes from redis 7.0.15: maxclients is in "# Clients"; acl_access_denied_auth only exists from
// redis 7.2 (so it is nullopt on 7.0); valkey reports both redis_version (compat) and
// valkey_version.
struct InfoSnapshot {
  // # Server
  std::optional<Version> redis_version;
  std::optional<Version> valkey_version;
  std::optional<std::int64_t> uptime_in_seconds;
  // # Clients
  std::optional<std::int64_t> connected_clients;
  std::optional<std::int64_t> maxclients;
  std::optional<std::int64_t> blocked_clients;
  // # Memory
  std::optional<std::int64_t> used_memory;
  std::optional<std::int64_t> used_memory_rss;
  std::optional<std::int64_t> maxmemory;  // 0 means "no limit"
  std::optional<double> mem_fragmentation_ratio;
  // # Stats
  std::optional<std::int64_t> total_connections_received;
  std::optional<std::int64_t> instantaneous_ops_per_sec;
  std::optional<std::int64_t> rejected_connections;
  std::optional<std::int64_t> acl_access_denied_auth;
  // # Replication
  Role role = Role::kUnknown;
  std::optional<std::int64_t> connected_slaves;
  std::optional<std::int64_t> master_repl_offset;
};

InfoSnapshot ExtractSnapshot(std::string_view info_text);

}  // namespace vigil::info
