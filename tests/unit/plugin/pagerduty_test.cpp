// The pagerduty sink plugin loaded from its .so: Events API v2 trigger and resolve bodies, the
// dedup_key of an alert episode, severities, the default URL, options and classification.
#include <gtest/gtest.h>

#include "tests/unit/plugin/plugin_common_fixture.hpp"

namespace vigil::plugin::testing {
namespace {

constexpr const char* kKey = R"({"routingKey":"R0123456789abcdef0123456789abcdef"})";

std::unique_ptr<BoundSink> PagerDuty(std::string options = kKey, std::string url = "") {
  auto b = Bind("pagerduty", std::move(url), std::move(options));
  EXPECT_TRUE(b.ok()) << b.status().message();
  return b.ok() ? std::move(b).value() : nullptr;
}

std::string DedupKey(const BoundSink& sink, const EventInfo& e) {
  simdjson::dom::parser p;
  return Str(ParseBody(p, MustRender(sink, e).body)["dedup_key"]);
}

std::string Severity(const BoundSink& sink, const EventInfo& e) {
  simdjson::dom::parser p;
  return Str(ParseBody(p, MustRender(sink, e).body)["payload"]["severity"]);
}

TEST(PagerDutySink, Descriptor) {
  const vigil_sink_vtable* vt = Sink("pagerduty");
  ASSERT_NE(vt, nullptr);
  EXPECT_STREQ(vt->version, "1.0.0");
  EXPECT_EQ(vt->flags, VIGIL_SINK_RESOLVES);
  EXPECT_EQ(vt->rate_per_second, 2.0);
  EXPECT_EQ(vt->rate_burst, 10u);
  EXPECT_STREQ(vt->default_url, "https://events.pagerduty.com/v2/enqueue");
}

TEST(PagerDutySink, TriggerBody) {
  auto sink = PagerDuty();
  http::Request req = MustRender(*sink, MemoryCritical());
  EXPECT_EQ(req.url.ToString(), "https://events.pagerduty.com/v2/enqueue");
  ASSERT_EQ(req.headers.size(), 1u);
  EXPECT_EQ(req.headers[0].second, "application/json");
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, req.body);
  EXPECT_EQ(Count(doc), 7u);
  EXPECT_EQ(Str(doc["routing_key"]), "R0123456789abcdef0123456789abcdef");
  EXPECT_EQ(Str(doc["event_action"]), "trigger");
  EXPECT_EQ(Str(doc["dedup_key"]), "cache-1/memory.critical/1718000000123");
  EXPECT_EQ(Str(doc["client"]), "vigil");
  EXPECT_EQ(Str(doc["client_url"]), "https://vigil.example.com");
  ASSERT_EQ(Count(doc["links"]), 1u);
  EXPECT_EQ(Str(doc["links"].at(0)["href"]), "https://vigil.example.com/instances/cache-1");
  EXPECT_EQ(Str(doc["links"].at(0)["text"]), "cache-1 in vigil");
  simdjson::dom::element pl = doc["payload"];
  EXPECT_EQ(Count(pl), 8u);
  EXPECT_EQ(Str(pl["summary"]), "cache-1: Memory usage critical: 92.47% (threshold: 90%)");
  EXPECT_EQ(Str(pl["source"]), "10.0.0.11:6379");
  EXPECT_EQ(Str(pl["severity"]), "critical");
  EXPECT_EQ(Str(pl["timestamp"]), "2024-06-10T06:13:20.123Z");
  EXPECT_EQ(Str(pl["component"]), "cache-1");
  EXPECT_EQ(Str(pl["group"]), "valkey");
  EXPECT_EQ(Str(pl["class"]), "memory.critical");
  simdjson::dom::element d = pl["custom_details"];
  EXPECT_EQ(Count(d), 6u);
  EXPECT_EQ(Str(d["metric"]), "memory_used_percent");
  EXPECT_EQ(double(d["value"]), 92.47);
  EXPECT_EQ(int64_t(d["threshold"]), 90);
  EXPECT_EQ(int64_t(d["maxmemory"]), 1073741824);
  EXPECT_EQ(int64_t(d["usedMemory"]), 992903168);
  EXPECT_EQ(Str(d["message"]), "Memory usage critical: 92.47% (threshold: 90%)");
}

TEST(PagerDutySink, NestedDetailsAndSummaryWithTheName) {
  auto sink = PagerDuty();
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, BlockedAuth()).body);
  simdjson::dom::element pl = doc["payload"];
  // The message already names the instance: no prefix.
  EXPECT_EQ(Str(pl["summary"]), "2 failed login(s) on cache-1 (user \"mallory\")");
  EXPECT_EQ(Str(pl["custom_details"]["entries"].at(0)["username"]), "mallory");
  EXPECT_EQ(double(pl["custom_details"]["entries"].at(0)["ageSeconds"]), 0.41);
}

TEST(PagerDutySink, ResolveBody) {
  auto sink = PagerDuty();
  simdjson::dom::parser p;
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, MemoryResolved()).body);
  EXPECT_EQ(Count(doc), 3u);
  EXPECT_EQ(Str(doc["routing_key"]), "R0123456789abcdef0123456789abcdef");
  EXPECT_EQ(Str(doc["event_action"]), "resolve");
  EXPECT_EQ(Str(doc["dedup_key"]), "cache-1/memory.critical/1718000000123");
}

TEST(PagerDutySink, DedupKeyPerEpisode) {
  auto sink = PagerDuty();
  // One episode: the trigger and its resolve share the key (instance.up resolves instance.down).
  EXPECT_EQ(DedupKey(*sink, InstanceDown()), DedupKey(*sink, InstanceUp()));
  EXPECT_EQ(DedupKey(*sink, MemoryCritical()), DedupKey(*sink, MemoryResolved()));
  EXPECT_EQ(DedupKey(*sink, ConnectionCritical()), DedupKey(*sink, ConnectionResolved()));
  // Another episode, another alert, another instance: other keys.
  EventInfo next = MemoryCritical();
  next.alert_key = "cache-1/memory.critical/1718000999000";
  EXPECT_NE(DedupKey(*sink, next), DedupKey(*sink, MemoryCritical()));
  EXPECT_NE(DedupKey(*sink, InstanceDown()), DedupKey(*sink, MemoryCritical()));
  EventInfo other = MemoryCritical();
  other.instance_name = "cache-2";
  other.alert_key = "cache-2/memory.critical/1718000000123";
  EXPECT_NE(DedupKey(*sink, other), DedupKey(*sink, MemoryCritical()));
  // Without an alert_key: "<instance>/<alert type>", the same for down and up.
  EventInfo down = InstanceDown(), up = InstanceUp();
  down.alert_key = up.alert_key = "";
  EXPECT_EQ(DedupKey(*sink, down), "cache-1/instance.down");
  EXPECT_EQ(DedupKey(*sink, up), "cache-1/instance.down");
  EXPECT_EQ(DedupKey(*sink, BlockedMaxclients()), "cache-1/client.blocked");
  down.instance_name = "cache-2";
  EXPECT_EQ(DedupKey(*sink, down), "cache-2/instance.down");
  // Over PagerDuty's 255: a stable hash, still equal for trigger and resolve.
  EventInfo longer = MemoryCritical(), longer_resolved = MemoryResolved();
  longer.alert_key = longer_resolved.alert_key = std::string(300, 'k');
  std::string key = DedupKey(*sink, longer);
  EXPECT_LE(key.size(), 255u);
  EXPECT_EQ(key.rfind("vigil-", 0), 0u);
  EXPECT_EQ(key, DedupKey(*sink, longer_resolved));
}

TEST(PagerDutySink, Severities) {
  auto sink = PagerDuty();
  EXPECT_EQ(Severity(*sink, InstanceDown()), "critical");
  EXPECT_EQ(Severity(*sink, MemoryCritical()), "critical");
  EXPECT_EQ(Severity(*sink, ConnectionCritical()), "critical");
  EXPECT_EQ(Severity(*sink, BlockedMaxclients()), "warning");
  EXPECT_EQ(Severity(*sink, BlockedAuth()), "warning");
  EventInfo test = Base("webhook.test", "info", "{}", "Test delivery");
  EXPECT_EQ(Severity(*sink, test), "info");
  auto overridden = PagerDuty(R"({"routingKey":"k","severity":"error"})");
  EXPECT_EQ(Severity(*overridden, MemoryCritical()), "error");
  EXPECT_EQ(Severity(*overridden, BlockedAuth()), "error");
}

TEST(PagerDutySink, EveryEventRenders) {
  auto sink = PagerDuty();
  simdjson::dom::parser p;
  for (const auto& e : AllEvents()) {
    simdjson::dom::element doc = ParseBody(p, MustRender(*sink, e).body);
    EXPECT_EQ(Str(doc["event_action"]), e.resolved ? "resolve" : "trigger") << e.type;
    if (!e.resolved) {
      EXPECT_EQ(Str(doc["payload"]["class"]), e.type);
    }
  }
}

TEST(PagerDutySink, SummaryCutAt1024CodePoints) {
  auto sink = PagerDuty();
  EventInfo e = InstanceDown();
  e.message.clear();
  for (int i = 0; i < 3000; ++i) e.message += "\xe2\x82\xac";
  e.message += " on cache-1";
  simdjson::dom::parser p;
  std::string summary = Str(ParseBody(p, MustRender(*sink, e).body)["payload"]["summary"]);
  EXPECT_EQ(CodePoints(summary), 1024u);
  EXPECT_TRUE(EndsWithEllipsis(summary));
  // No public_url: no client_url, no links; bad data JSON: empty custom_details.
  e.public_url = "";
  e.data_json = "{not json";
  simdjson::dom::element doc = ParseBody(p, MustRender(*sink, e).body);
  simdjson::dom::element unused;
  EXPECT_NE(doc["client_url"].get(unused), simdjson::SUCCESS);
  EXPECT_NE(doc["links"].get(unused), simdjson::SUCCESS);
  EXPECT_EQ(Count(doc["payload"]["custom_details"]), 0u);
}

TEST(PagerDutySink, WebhookUrlOverridesTheDefault) {
  auto sink = PagerDuty(kKey, "http://127.0.0.1:8080/v2/enqueue");
  EXPECT_EQ(MustRender(*sink, MemoryCritical()).url.ToString(), "http://127.0.0.1:8080/v2/enqueue");
}

TEST(PagerDutySink, OptionErrorsNameTheOption) {
  auto err = [](std::string options) {
    auto b = Bind("pagerduty", "", std::move(options));
    return b.ok() ? std::string("accepted") : b.status().message();
  };
  EXPECT_EQ(err("{}"), "sinkOptions.routingKey: required");
  EXPECT_EQ(err(R"({"routingKey":""})"), "sinkOptions.routingKey: required");
  EXPECT_EQ(err(R"({"routingKey":12})"), "sinkOptions.routingKey: must be a string");
  EXPECT_EQ(err(R"({"routingKey":"k","severity":"high"})"),
            "sinkOptions.severity: must be one of critical, error, warning, info");
  EXPECT_EQ(err(R"({"routingKey":"k","routing_key":"k"})"),
            "sinkOptions.routing_key: unknown option (known: routingKey, severity)");
  EXPECT_EQ(err(R"({"routingKey":"k","severity":"warning"})"), "accepted");
}

TEST(PagerDutySink, ClassifyTable) {
  auto sink = PagerDuty();
  auto kind = [&](http::Response r) { return sink->Classify(r, 0).kind; };
  EXPECT_EQ(kind(Resp(202, {}, R"({"status":"success","dedup_key":"k"})")), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(200)), VerdictKind::kSuccess);
  EXPECT_EQ(kind(Resp(400, {}, R"({"status":"invalid event"})")), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(401)), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(403)), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(404)), VerdictKind::kFail);
  EXPECT_EQ(kind(Resp(500)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Resp(503)), VerdictKind::kRetry);
  EXPECT_EQ(kind(Transport()), VerdictKind::kRetry);
  auto v = sink->Classify(Resp(429, {{"Retry-After", "60"}}), 0);
  EXPECT_EQ(v.kind, VerdictKind::kRetry);
  EXPECT_EQ(v.retry_after_ms, 60000);
  v = sink->Classify(Resp(429), 0);
  EXPECT_EQ(v.kind, VerdictKind::kRetry);
  EXPECT_EQ(v.retry_after_ms, -1);
}

}  // namespace
}  // namespace vigil::plugin::testing
