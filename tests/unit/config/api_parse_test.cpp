// ParseWebhookJson / ParseInstanceJson: the file's declaration tables applied to API bodies,
// with defaults on create, partial merges on update, and field-path error messages.
#include "core/config/api_parse.hpp"

#include <gtest/gtest.h>

namespace vigil::config {
namespace {

TEST(ApiParse, WebhookCreateUsesTheFileRules) {
  Config cfg = DefaultConfig();
  auto w = ParseWebhookJson(R"({"url":"http://h/","events":["memory.critical"]})", {}, cfg);
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->id.size(), 36u);
  EXPECT_EQ(w->name, w->id);
  EXPECT_EQ(w->retry_policy.max_retries, 20);
  auto bad = ParseWebhookJson(
      R"({"url":"http://h/","events":["*"],"thresholds":{"memoryCriticalPercent":0}})", {}, cfg);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "thresholds.memoryCriticalPercent: must be 1..100");
  bad = ParseWebhookJson(R"({"url":"http://h/"})", {}, cfg);
  EXPECT_EQ(bad.status().message(), "events: required");
  bad = ParseWebhookJson(R"({"url":"http://h/","events":["*"],"instances":["x"]})", {}, cfg);
  EXPECT_EQ(bad.status().message(), "instances[0]: unknown instance \"x\"");
  bad = ParseWebhookJson(R"({"retryPolicy":{"initialDelayMs":5000,"maxDelayMs":100}})", *w, cfg);
  EXPECT_EQ(bad.status().message(), "retryPolicy.maxDelayMs: must be >= initialDelayMs (5000)");
}

TEST(ApiParse, WebhookUpdateMergesIntoTheCurrentOne) {
  Config cfg = DefaultConfig();
  auto w = ParseWebhookJson(
      R"({"id":"w","url":"http://h/","events":["*"],"secret":"s","instances":["local"]})", {}, cfg);
  ASSERT_TRUE(w.ok());
  auto u = ParseWebhookJson(R"({"thresholds":{"connectionCriticalPercent":50},"enabled":false})",
                            *w, cfg);
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->id, "w");
  EXPECT_EQ(u->secret, "s");
  EXPECT_FALSE(u->enabled);
  EXPECT_EQ(u->thresholds.connection_critical_percent, 50);
  EXPECT_EQ(u->thresholds.memory_critical_percent, 90);
  EXPECT_EQ(u->instances, std::vector<std::string>{"local"});
  EXPECT_EQ(u->events, w->events);
}

TEST(ApiParse, SyntaxErrorsHaveNoFieldPath) {
  auto r = ParseWebhookJson("{\"url\":", {}, DefaultConfig());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().message().starts_with("invalid JSON: ")) << r.status().message();
  r = ParseWebhookJson("42", {}, DefaultConfig());
  EXPECT_EQ(r.status().message(), "invalid JSON: expected an object");
}

TEST(ApiParse, InstanceDefaultsAndInheritance) {
  Config cfg = DefaultConfig();
  cfg.poll_interval_ms = 250;
  auto in = ParseInstanceJson(R"({"host":"10.0.0.1","port":7001})", {}, cfg);
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(in->name, "10.0.0.1:7001");
  EXPECT_EQ(in->effective_poll_interval_ms, 250);
  EXPECT_EQ(in->effective_timeout_ms, 2000);
  auto u = ParseInstanceJson(R"({"timeoutMs":500})", *in, cfg);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "10.0.0.1");
  EXPECT_EQ(u->effective_timeout_ms, 500);
  EXPECT_EQ(ParseInstanceJson(R"({"port":1})", {}, cfg).status().message(), "host: required");
  EXPECT_EQ(ParseInstanceJson(R"({"host":"h","port":70000})", {}, cfg).status().message(),
            "port: must be 1..65535");
}

TEST(ApiParse, ApiTokenIsAConfigKey) {
  auto c = ParseConfig(R"({"api":{"token":"abc"}})");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->api.token, "abc");
  auto bad = ParseConfig(R"({"api":{"token":5}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("abc"), std::string::npos);
  EXPECT_TRUE(bad.status().message().starts_with("api.token: ")) << bad.status().message();
}

}  // namespace
}  // namespace vigil::config
