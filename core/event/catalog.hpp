// The catalog of event types vigil can emit: their wire names, severities and whether they are
// threshold alerts (firing/resolved) or one-shot notices. Config, detectors and sinks share it.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace vigil::event {

enum class Type {
  kInstanceDown,
  kInstanceUp,
  kMemoryCritical,
  kConnectionCritical,
  kClientBlocked,
  kFailover,
  kTest,
};

enum class Severity { kInfo, kWarning, kCritical };

struct TypeInfo {
  Type type;
  std::string_view name;  // wire name, e.g. "memory.critical"
  Severity severity;
  std::string_view description;
};

inline constexpr std::array<TypeInfo, 7> kCatalog{{
    {Type::kInstanceDown, "instance.down", Severity::kCritical,
     "The connection to an instance was lost or it cannot be reached."},
    {Type::kInstanceUp, "instance.up", Severity::kInfo, "An instance that was down answers again."},
    {Type::kMemoryCritical, "memory.critical", Severity::kCritical,
     "used_memory / maxmemory reached memoryCriticalPercent."},
    {Type::kConnectionCritical, "connection.critical", Severity::kCritical,
     "connected_clients / maxclients reached connectionCriticalPercent."},
    {Type::kClientBlocked, "client.blocked", Severity::kWarning,
     "Clients are being refused: failed logins (ACL LOG reason auth) or maxclients reached."},
    {Type::kFailover, "instance.failover", Severity::kWarning,
     "Sentinel promoted a replica: the master of a monitored set changed address."},
    {Type::kTest, "webhook.test", Severity::kInfo, "A test delivery requested by an operator."},
}};

constexpr std::string_view SeverityName(Severity s) {
  return s == Severity::kCritical ? "critical" : s == Severity::kWarning ? "warning" : "info";
}

// The alert an event of type t resolves when its status is resolved: instance.up resolves
// instance.down; a threshold alert resolves itself.
constexpr Type ResolvedAlert(Type t) {
  return t == Type::kInstanceUp ? Type::kInstanceDown : t;
}

constexpr const TypeInfo& Info(Type t) {
  return kCatalog[static_cast<std::size_t>(t)];
}
constexpr std::string_view Name(Type t) {
  return Info(t).name;
}

// Looks up an event type by wire name; nullopt when unknown.
constexpr std::optional<Type> FromName(std::string_view name) {
  for (const auto& i : kCatalog)
    if (i.name == name) return i.type;
  return std::nullopt;
}

}  // namespace vigil::event
