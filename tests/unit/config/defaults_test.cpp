// Defaults: DefaultConfig(), "{}" and omitted keys all give the documented defaults, and the
// inherited per-instance values follow the top level.
#include <gtest/gtest.h>

#include "core/config/config.hpp"

namespace vigil::config {
namespace {

void ExpectDocumentedDefaults(const Config& c) {
  EXPECT_EQ(c.data_dir, "./vigil-data");
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.poll_interval_ms, 1000);
  EXPECT_EQ(c.timeout_ms, 2000);
  EXPECT_EQ(c.acl_log_interval_ms, 10000);
  EXPECT_EQ(c.resp.max_reply_bytes, 67108864);
  EXPECT_EQ(c.resp.connect_timeout_ms, 2000);
  EXPECT_EQ(c.resp.reconnect_initial_delay_ms, 100);
  EXPECT_EQ(c.resp.reconnect_max_delay_ms, 30000);
  ASSERT_EQ(c.instances.size(), 1u);
  EXPECT_EQ(c.instances[0].name, "local");
  EXPECT_EQ(c.instances[0].host, "127.0.0.1");
  EXPECT_EQ(c.instances[0].port, 6379);
  EXPECT_FALSE(c.instances[0].username);
  EXPECT_FALSE(c.instances[0].password);
  EXPECT_EQ(c.instances[0].effective_poll_interval_ms, 1000);
  EXPECT_EQ(c.instances[0].effective_timeout_ms, 2000);
  EXPECT_TRUE(c.webhooks.empty());
  EXPECT_EQ(c.delivery.durability, Durability::kProcess);
  EXPECT_EQ(c.delivery.max_concurrency_per_endpoint, 8);
  EXPECT_EQ(c.delivery.response_body_max_bytes, 10240);
  EXPECT_EQ(c.delivery.history_retention_days, 30);
  EXPECT_EQ(c.delivery.history_max_per_webhook, 100000);
  EXPECT_EQ(c.delivery.circuit_breaker.failure_threshold, 5);
  EXPECT_EQ(c.delivery.circuit_breaker.open_ms, 30000);
}

TEST(ConfigDefaults, DefaultConfigMatchesTheDocumentedDefaults) {
  ExpectDocumentedDefaults(DefaultConfig());
}

TEST(ConfigDefaults, EmptyObjectGivesDefaultConfig) {
  auto r = ParseConfig("{}");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectDocumentedDefaults(*r);
}

TEST(ConfigDefaults, ReferenceShowsTheStructDefaults) {
  std::string ref = RenderConfigReference();
  for (const char* row : {
           "| `dataDir` | string | `\"./vigil-data\"` |",
           "| `listen` | string | `\"127.0.0.1:8080\"` |",
           "| `port` | integer | `6379` | 1..65535 |",
           "| `hysteresisFactor` | number | `0.9` | 0.5..1 |",
           "| `maxRetries` | integer | `20` | 0..100 |",
           "| `durability` | string | `\"process\"` |",
           "| `secret` | string | `\"\"` |",
           "| `url` | string | the sink's default URL (pagerduty); required otherwise |",
       })
    EXPECT_NE(ref.find(row), std::string::npos) << row;
}

TEST(ConfigDefaults, EmptyInstancesArrayMeansNone) {
  auto r = ParseConfig(R"({"instances": []})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->instances.empty());
}

TEST(ConfigDefaults, WebhookDefaults) {
  auto r = ParseConfig(R"({"webhooks": [{"url": "http://h/x", "events": ["instance.down"]}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Webhook& w = r->webhooks.at(0);
  EXPECT_EQ(w.id, "webhook-1");
  EXPECT_EQ(w.name, "webhook-1");
  EXPECT_EQ(w.secret, "");
  EXPECT_TRUE(w.enabled);
  EXPECT_EQ(w.thresholds.memory_critical_percent, 90);
  EXPECT_EQ(w.thresholds.connection_critical_percent, 90);
  EXPECT_EQ(w.hysteresis_factor, 0.9);
  EXPECT_EQ(w.retry_policy.max_retries, 20);
  EXPECT_EQ(w.retry_policy.initial_delay_ms, 1000);
  EXPECT_EQ(w.retry_policy.backoff_multiplier, 2);
  EXPECT_EQ(w.retry_policy.max_delay_ms, 600000);
  EXPECT_TRUE(w.headers.empty());
  EXPECT_EQ(w.timeout_ms, 30000);
  EXPECT_FALSE(w.tls.ca_file);
  EXPECT_FALSE(w.tls.insecure_skip_verify);
  EXPECT_TRUE(w.instances.empty());
  EXPECT_EQ(w.sink, "generic");
}

TEST(ConfigDefaults, InstancesInheritTopLevelIntervals) {
  auto r = ParseConfig(R"({"pollIntervalMs": 500, "timeoutMs": 700, "instances": [
      {"host": "a"}, {"host": "b", "port": 7000, "pollIntervalMs": 250, "timeoutMs": null}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->instances[0].name, "a:6379");
  EXPECT_EQ(r->instances[0].effective_poll_interval_ms, 500);
  EXPECT_EQ(r->instances[0].effective_timeout_ms, 700);
  EXPECT_EQ(r->instances[1].name, "b:7000");
  EXPECT_EQ(r->instances[1].effective_poll_interval_ms, 250);
  EXPECT_EQ(r->instances[1].effective_timeout_ms, 700);
}

TEST(ConfigDefaults, EventsAreDedupedInCatalogOrder) {
  auto r = ParseConfig(R"({"webhooks": [{"url": "https://h", "events":
      ["memory.critical", "instance.down", "memory.critical"]}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->webhooks[0].events,
            (std::vector<event::Type>{event::Type::kInstanceDown, event::Type::kMemoryCritical}));
}

TEST(ConfigDefaults, AcceptedEdgeValues) {
  auto r = ParseConfig(R"({"listen": "[::1]:1", "webhooks": [{"url": "https://user@[::1]:8443/p?q",
      "events": ["*"], "hysteresisFactor": 1, "thresholds": {"memoryCriticalPercent": 99.5},
      "retryPolicy": {"maxRetries": 0, "initialDelayMs": 500, "maxDelayMs": 500},
      "headers": {"x-custom_1": "a\tb"}}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->webhooks[0].thresholds.memory_critical_percent, 99.5);
  EXPECT_EQ(TotalRetryDelayMs(r->webhooks[0].retry_policy), 0);
}

TEST(ConfigDefaults, ParseHostPort) {
  auto v4 = ParseHostPort("127.0.0.1:8080");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  auto v6 = ParseHostPort("[::1]:65535");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 65535);
  for (const char* bad : {"", ":80", "host", "host:", "host:0", "host:65536", "::1:80", "[::1]",
                          "[]:80", "h:8x", "h:+80"})
    EXPECT_FALSE(ParseHostPort(bad)) << bad;
}

TEST(ConfigDefaults, LoadConfigFileReportsUnreadableFile) {
  auto r = LoadConfigFile("/nonexistent/vigil.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kIo);
  EXPECT_NE(r.status().message().find("/nonexistent/vigil.json"), std::string::npos);
}

}  // namespace
}  // namespace vigil::config
