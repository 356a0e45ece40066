// Builds PagerDuty Events API v2 trigger and resolve bodies.
#include "pagerduty_event.hpp"

#include <cstdint>
#include <cstdio>

#include "../common/json_copy.hpp"
#include "../common/json_writer.hpp"
#include "../common/text.hpp"

namespace vigil_pagerduty {

using vigil_plugins::Event;

std::string DedupKey(const Event& e) {
  std::string key = !e.alert_key.empty() ? std::string(e.alert_key)
                                         : std::string(e.name).append("/").append(e.AlertType());
  if (key.size() <= kDedupKeyMax) return key;
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  char buf[32];
  std::snprintf(buf, sizeof buf, "vigil-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string_view MapSeverity(const Event& e) {
  std::string_view t = e.AlertType();
  if (t == "memory.critical" || t == "connection.critical" || t == "instance.down")
    return "critical";
  if (t == "client.blocked") return "warning";
  if (e.severity == "critical" || e.severity == "warning" || e.severity == "info")
    return e.severity;
  return "warning";
}

std::string BuildPagerDutyEvent(const PagerDutyOptions& opts, const Event& e) {
  vigil_plugins::JsonWriter w;
  w.BeginObject().Field("routing_key", opts.routing_key);
  w.Field("event_action", e.resolved ? "resolve" : "trigger").Field("dedup_key", DedupKey(e));
  if (e.resolved) return w.EndObject().Take();

  std::string summary = e.Text();
  if (!e.name.empty() && summary.find(e.name) == std::string::npos)
    summary = std::string(e.name) + ": " + summary;
  w.Key("payload").BeginObject();
  w.Field("summary", vigil_plugins::TruncateChars(summary, kSummaryMax));
  w.Field("source", e.Address());
  w.Field("severity", opts.severity.empty() ? MapSeverity(e) : opts.severity);
  w.Field("timestamp", vigil_plugins::Iso8601(e.timestamp_ms));
  w.Field("component", e.name).Field("group", "valkey").Field("class", e.type);
  w.Key("custom_details");
  vigil_plugins::WriteJsonValue(w, e.data);
  w.EndObject();
  w.Field("client", "vigil");
  std::string link = vigil_plugins::InstanceLink(e.public_url, e.name);
  if (!link.empty()) {
    w.Field("client_url", e.public_url);
    w.Key("links").BeginArray();
    w.BeginObject()
        .Field("href", link)
        .Field("text", std::string(e.name) + " in vigil")
        .EndObject();
    w.EndArray();
  }
  return w.EndObject().Take();
}

}  // namespace vigil_pagerduty
