// InstanceToJson: the instance's keys (password never shown: "***" when set, else null) and its
// live state from the monitor and the last INFO answer, flattened into one object.
#include "core/api/resource_json.hpp"
#include "core/util/json_writer.hpp"

namespace vigil::api {
namespace {

template <typename T>
void OptField(JsonWriter& j, std::string_view key, const std::optional<T>& v) {
  j.key(key);
  if (v)
    j.value(*v);
  else
    j.null();
}

std::string VersionText(const info::Version& v) {
  return std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch);
}

}  // namespace

std::string InstanceToJson(const app::Control::InstanceEntry& e) {
  const config::Instance& in = e.spec;
  std::string out;
  JsonWriter j(out);
  j.begin_object();
  j.field("name", in.name).field("host", in.host).field("port", in.port);
  OptField(j, "username", in.username);
  j.key("password");
  if (in.password)
    j.value("***");
  else
    j.null();
  OptField(j, "pollIntervalMs", in.poll_interval_ms);
  OptField(j, "timeoutMs", in.timeout_ms);
  j.field("effectivePollIntervalMs", in.effective_poll_interval_ms);
  j.field("effectiveTimeoutMs", in.effective_timeout_ms);
  j.field("source", e.source);
  const monitor::InstanceStatus& st = e.status;
  j.field("status", monitor::HealthName(st.health));
  j.field("up", st.health == monitor::Health::kUp);
  j.field("since", st.since_ms);
  j.key("lastPollAt");
  if (st.last_poll_ms > 0)
    j.value(st.last_poll_ms);
  else
    j.null();
  j.field("lastPollDurationMs", static_cast<std::int64_t>(st.last_poll_duration_ms));
  j.key("lastError");
  if (st.last_error.empty())
    j.null();
  else
    j.value(st.last_error);
  j.field("polls", st.polls).field("pollErrors", st.poll_errors);
  std::optional<info::InfoSnapshot> none;
  const std::optional<info::InfoSnapshot>& s = e.info ? e.info : none;
  j.key("role");
  if (!s || s->role == info::Role::kUnknown)
    j.null();
  else
    j.value(s->role == info::Role::kMaster ? "master" : "replica");
  j.key("version");
  if (s && s->valkey_version)
    j.value(VersionText(*s->valkey_version));
  else if (s && s->redis_version)
    j.value(VersionText(*s->redis_version));
  else
    j.null();
  j.key("memoryPercent");
  if (s && s->used_memory && s->maxmemory && *s->maxmemory > 0)
    j.value(100.0 * static_cast<double>(*s->used_memory) / static_cast<double>(*s->maxmemory));
  else
    j.null();
  OptField(j, "usedMemory", s ? s->used_memory : std::nullopt);
  OptField(j, "maxmemory", s ? s->maxmemory : std::nullopt);
  OptField(j, "connectedClients", s ? s->connected_clients : std::nullopt);
  OptField(j, "maxclients", s ? s->maxclients : std::nullopt);
  OptField(j, "opsPerSec", s ? s->instantaneous_ops_per_sec : std::nullopt);
  OptField(j, "uptimeSeconds", s ? s->uptime_in_seconds : std::nullopt);
  j.end_object();
  return out;
}

}  // namespace vigil::api
