// Keeps docs/configuration.md honest: its generated reference must equal RenderConfigReference(),
// and its full example must parse to exactly the values it shows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/config/config.hpp"

namespace vigil::config {
namespace {

constexpr std::string_view kBegin = "<!-- BEGIN GENERATED REFERENCE -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED REFERENCE -->";

std::string DocPath() {
  return std::string(VIGIL_SOURCE_DIR) + "/docs/configuration.md";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The example is the ```json block right after the "full-example" comment.
std::string ExampleJson() {
  std::string doc = ReadAll(DocPath());
  auto mark = doc.find("<!-- full-example");
  if (mark == std::string::npos) return "";
  auto start = doc.find("```json\n", mark);
  if (start == std::string::npos) return "";
  start += 8;
  return doc.substr(start, doc.find("```", start) - start);
}

// VIGIL_REGEN_CONFIG_DOC=1 rewrites the generated section in place (tools/gen-config-doc).
TEST(ConfigDocs, GeneratedReferenceMatchesDeclarations) {
  std::string doc = ReadAll(DocPath());
  auto b = doc.find(kBegin);
  auto e = doc.find(kEnd);
  ASSERT_NE(b, std::string::npos) << DocPath() << " lacks " << kBegin;
  ASSERT_NE(e, std::string::npos) << DocPath() << " lacks " << kEnd;
  ASSERT_LT(b, e);
  b += kBegin.size();
  std::string expected = RenderConfigReference();
  if (doc.compare(b, e - b, expected) == 0) return;

  std::string regenerated = doc.substr(0, b) + expected + doc.substr(e);
  if (std::getenv("VIGIL_REGEN_CONFIG_DOC") != nullptr) {
    WriteAll(DocPath(), regenerated);
    std::cout << "rewrote " << DocPath() << "\n";
    return;
  }
  std::string out = (std::filesystem::current_path() / "configuration.md").string();
  WriteAll(out, regenerated);
  FAIL() << "The generated reference in docs/configuration.md is out of date with the config "
            "declarations (core/config/schema.cpp).\nRegenerate it with:\n  tools/gen-config-doc\n"
            "or copy the regenerated file:\n  cp "
         << out << " " << DocPath();
}

TEST(ConfigDocs, FullExampleParsesToTheValuesShown) {
  std::string json = ExampleJson();
  ASSERT_FALSE(json.empty()) << "no full-example block in " << DocPath();
  auto r = ParseConfig(json);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const Config& c = *r;
  EXPECT_EQ(c.data_dir, "/var/lib/vigil");
  EXPECT_EQ(c.listen, "[::1]:8080");
  EXPECT_EQ(c.poll_interval_ms, 2000);
  EXPECT_EQ(c.timeout_ms, 1500);
  EXPECT_EQ(c.acl_log_interval_ms, 30000);
  EXPECT_EQ(c.resp.max_reply_bytes, 1048576);
  EXPECT_EQ(c.resp.connect_timeout_ms, 1000);
  EXPECT_EQ(c.resp.reconnect_initial_delay_ms, 200);
  EXPECT_EQ(c.resp.reconnect_max_delay_ms, 10000);

  ASSERT_EQ(c.instances.size(), 3u);
  EXPECT_EQ(c.instances[0].name, "cache-1");
  EXPECT_EQ(c.instances[0].host, "10.0.0.11");
  EXPECT_EQ(c.instances[0].port, 6379);
  EXPECT_FALSE(c.instances[0].username);
  EXPECT_FALSE(c.instances[0].password);
  EXPECT_FALSE(c.instances[0].poll_interval_ms);
  EXPECT_EQ(c.instances[0].effective_poll_interval_ms, 2000);
  EXPECT_EQ(c.instances[0].effective_timeout_ms, 1500);
  EXPECT_EQ(c.instances[1].name, "cache-2");
  EXPECT_EQ(c.instances[1].host, "10.0.0.12");
  EXPECT_EQ(c.instances[1].port, 6380);
  EXPECT_EQ(c.instances[1].username, "vigil");
  EXPECT_EQ(c.instances[1].password, "change-me");
  EXPECT_EQ(c.instances[1].poll_interval_ms, 5000);
  EXPECT_EQ(c.instances[1].timeout_ms, 3000);
  EXPECT_EQ(c.instances[1].effective_poll_interval_ms, 5000);
  EXPECT_EQ(c.instances[1].effective_timeout_ms, 3000);
  EXPECT_EQ(c.instances[2].name, "sessions.internal:6379");
  EXPECT_EQ(c.instances[2].port, 6379);

  ASSERT_EQ(c.webhooks.size(), 2u);
  const Webhook& w = c.webhooks[0];
  EXPECT_EQ(w.id, "ops-pager");
  EXPECT_EQ(w.name, "Ops pager");
  EXPECT_EQ(w.url, "https://hooks.example.com/vigil");
  EXPECT_EQ(w.secret, "a-long-random-string");
  EXPECT_EQ(w.events,
            (std::vector<event::Type>{event::Type::kInstanceDown, event::Type::kInstanceUp,
                                      event::Type::kMemoryCritical}));
  EXPECT_TRUE(w.enabled);
  EXPECT_EQ(w.thresholds.memory_critical_percent, 85);
  EXPECT_EQ(w.thresholds.connection_critical_percent, 95);
  EXPECT_DOUBLE_EQ(w.hysteresis_factor, 0.95);
  EXPECT_EQ(w.retry_policy.max_retries, 10);
  EXPECT_EQ(w.retry_policy.initial_delay_ms, 2000);
  EXPECT_EQ(w.retry_policy.backoff_multiplier, 3);
  EXPECT_EQ(w.retry_policy.max_delay_ms, 300000);
  ASSERT_EQ(w.headers.size(), 1u);
  EXPECT_EQ(w.headers[0].first, "Authorization");
  EXPECT_EQ(w.headers[0].second, "Bearer example-token");
  EXPECT_EQ(w.timeout_ms, 10000);
  EXPECT_EQ(w.tls.ca_file, "/etc/vigil/ca.pem");
  EXPECT_FALSE(w.tls.insecure_skip_verify);
  EXPECT_EQ(w.instances, (std::vector<std::string>{"cache-1", "cache-2"}));
  EXPECT_EQ(w.sink, "generic");
  EXPECT_TRUE(w.Watches("cache-2"));
  EXPECT_FALSE(w.Watches("sessions.internal:6379"));
  EXPECT_FALSE(w.Subscribes(event::Type::kClientBlocked));

  const Webhook& all = c.webhooks[1];
  EXPECT_EQ(all.id, "webhook-2");
  EXPECT_EQ(all.name, "webhook-2");
  EXPECT_FALSE(all.enabled);
  EXPECT_EQ(all.events.size(), event::kCatalog.size() - 1);  // all but webhook.test
  EXPECT_FALSE(all.Subscribes(event::Type::kTest));
  EXPECT_TRUE(all.Watches("anything"));

  EXPECT_EQ(c.delivery.durability, Durability::kFsync);
  EXPECT_EQ(c.delivery.max_concurrency_per_endpoint, 4);
  EXPECT_EQ(c.delivery.response_body_max_bytes, 4096);
  EXPECT_EQ(c.delivery.history_retention_days, 14);
  EXPECT_EQ(c.delivery.history_max_per_webhook, 50000);
  EXPECT_EQ(c.delivery.circuit_breaker.failure_threshold, 10);
  EXPECT_EQ(c.delivery.circuit_breaker.open_ms, 60000);
}

TEST(ConfigDocs, ReferenceStatesTheDefaultRetrySpan) {
  // 1+2+...+512 s, then 10 retries capped at 600 s: 7023 s, about 117 minutes (> 30 minutes).
  EXPECT_EQ(TotalRetryDelayMs(RetryPolicy{}), 7023000);
  EXPECT_NE(RenderConfigReference().find("7023000 ms (about 117 minutes)"), std::string::npos);
}

}  // namespace
}  // namespace vigil::config
