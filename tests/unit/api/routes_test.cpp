// The API over an in-memory Control through a real HttpServer: every error class (400 naming
// the field, 401, 404, 405 + Allow, 409, 413, 415), secrets generated/masked, partial updates,
// instance passwords never shown, events filters, /health, /version, /metrics.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "tests/unit/api/server_fixture.hpp"

namespace vigil::api::testing {
namespace {

simdjson::dom::element Parse(simdjson::dom::parser& p, const std::string& body) {
  simdjson::dom::element e;
  EXPECT_EQ(p.parse(body).get(e), simdjson::SUCCESS) << body;
  return e;
}

std::string Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get(v) != simdjson::SUCCESS) return "<none>";
  return std::string(v);
}

bool IsNull(simdjson::dom::element e, const char* key) {
  return e[key].is_null();
}

constexpr const char* kHook = R"({"id":"w1","url":"http://127.0.0.1:9/x","events":["*"]})";

TEST_F(ApiServerTest, CreateGeneratesASecretShownOnceThenMasked) {
  Start();
  auto r = Call("POST", "/webhooks", kHook);
  ASSERT_EQ(r.status, 201) << r.body;
  simdjson::dom::parser p;
  std::string secret = Str(Parse(p, r.body), "secret");
  EXPECT_TRUE(secret.starts_with("whsec_")) << secret;
  EXPECT_EQ(secret.size(), 6u + 32u);  // base64 of 24 bytes
  EXPECT_EQ(control_.webhooks_[0].webhook.secret, secret);
  r = Call("GET", "/webhooks/w1");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Str(Parse(p, r.body), "secret"), secret.substr(0, 8) + "...");
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  r = Call("GET", "/webhooks");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  EXPECT_NE(r.body.find("\"source\":\"api\""), std::string::npos);
}

TEST_F(ApiServerTest, CreateFillsDefaultsAndKeepsAnExplicitSecret) {
  Start();
  auto r = Call("POST", "/webhooks",
                R"({"url":"http://127.0.0.1:9/","events":["instance.down"],"secret":"mine"})");
  ASSERT_EQ(r.status, 201) << r.body;
  simdjson::dom::parser p;
  auto doc = Parse(p, r.body);
  EXPECT_EQ(Str(doc, "secret"), "mine");
  EXPECT_EQ(Str(doc, "id").size(), 36u);  // a UUID
  EXPECT_EQ(Str(doc, "name"), Str(doc, "id"));
  EXPECT_EQ(simdjson::minify(doc["events"]), R"(["instance.down"])");
  EXPECT_EQ(simdjson::minify(doc["retryPolicy"]),
            R"({"maxRetries":20,"initialDelayMs":1000,"backoffMultiplier":2,"maxDelayMs":600000})");
}

TEST_F(ApiServerTest, BadFieldsAreNamed) {
  Start();
  simdjson::dom::parser p;
  auto r = Call("POST", "/webhooks",
                R"({"url":"http://x/","events":["*"],"thresholds":{"memoryCriticalPercent":101}})");
  ASSERT_EQ(r.status, 400);
  auto doc = Parse(p, r.body);
  EXPECT_EQ(Str(doc, "field"), "thresholds.memoryCriticalPercent");
  EXPECT_EQ(Str(doc, "error"), "thresholds.memoryCriticalPercent: must be 1..100");
  r = Call("POST", "/webhooks", R"({"url":"ftp://x","events":["*"]})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Str(Parse(p, r.body), "field"), "url");
  r = Call("POST", "/webhooks", R"({"url":"http://x/"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Str(Parse(p, r.body), "error"), "events: required");
  r = Call("POST", "/webhooks", R"({"url":"http://x/","events":["*"],"bogus":1})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Str(Parse(p, r.body), "field"), "bogus");
  r = Call("POST", "/webhooks", R"({"url":"http://x/","events":["*"],"instances":["nope"]})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Str(Parse(p, r.body), "field"), "instances[0]");
}

TEST_F(ApiServerTest, BadJsonHasNoField) {
  Start();
  simdjson::dom::parser p;
  auto r = Call("POST", "/webhooks", R"({"url": )");
  ASSERT_EQ(r.status, 400);
  auto doc = Parse(p, r.body);
  EXPECT_TRUE(IsNull(doc, "field"));
  EXPECT_TRUE(Str(doc, "error").starts_with("invalid JSON")) << r.body;
  r = Call("POST", "/webhooks", "[1]");
  ASSERT_EQ(r.status, 400);
  EXPECT_TRUE(IsNull(Parse(p, r.body), "field"));
}

TEST_F(ApiServerTest, DuplicateIdIsAConflict) {
  Start();
  ASSERT_EQ(Call("POST", "/webhooks", kHook).status, 201);
  auto r = Call("POST", "/webhooks", kHook);
  EXPECT_EQ(r.status, 409);
  simdjson::dom::parser p;
  EXPECT_EQ(Str(Parse(p, r.body), "field"), "id");
}

TEST_F(ApiServerTest, PutIsAPartialUpdate) {
  Start();
  ASSERT_EQ(
      Call("POST", "/webhooks", R"({"id":"w1","url":"http://h/","events":["*"],"secret":"s1"})")
          .status,
      201);
  auto r = Call("PUT", "/webhooks/w1", R"({"retryPolicy":{"maxRetries":3},"name":"renamed"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& w = control_.webhooks_[0].webhook;
  EXPECT_EQ(w.name, "renamed");
  EXPECT_EQ(w.retry_policy.max_retries, 3);
  EXPECT_EQ(w.retry_policy.initial_delay_ms, 1000);
  EXPECT_EQ(w.url, "http://h/");
  EXPECT_EQ(w.secret, "s1");
  // Sending the masked secret back keeps the real one.
  r = Call("PUT", "/webhooks/w1", R"({"secret":"s1..."})");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(control_.webhooks_[0].webhook.secret, "s1");
  r = Call("PUT", "/webhooks/w1", R"({"id":"w2"})");
  EXPECT_EQ(r.status, 400);
  r = Call("PUT", "/webhooks/w1", R"({"hysteresisFactor":2})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(control_.webhooks_[0].webhook.hysteresis_factor, 0.9);
  EXPECT_EQ(Call("PUT", "/webhooks/none", "{}").status, 404);
}

TEST_F(ApiServerTest, DeleteTestAndRotate) {
  Start();
  ASSERT_EQ(Call("POST", "/webhooks", kHook).status, 201);
  std::string old = control_.webhooks_[0].webhook.secret;
  auto r = Call("POST", "/webhooks/w1/test");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"({"success":true,"statusCode":200,"responseBody":"ok","error":null,"durationMs":3})");
  r = Call("POST", "/webhooks/w1/rotate-secret", R"({"gracePeriodMs":1000})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(control_.last_grace_ms, 1000);
  std::string now = control_.webhooks_[0].webhook.secret;
  EXPECT_NE(now, old);
  EXPECT_NE(r.body.find(now), std::string::npos);  // the full new secret, once
  r = Call("POST", "/webhooks/w1/rotate-secret");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(control_.last_grace_ms, 86400000);
  EXPECT_EQ(Call("POST", "/webhooks/w1/rotate-secret", R"({"gracePeriodMs":-1})").status, 400);
  EXPECT_EQ(Call("DELETE", "/webhooks/w1").status, 204);
  EXPECT_EQ(Call("DELETE", "/webhooks/w1").status, 404);
  EXPECT_EQ(Call("GET", "/webhooks/w1").status, 404);
  EXPECT_EQ(Call("POST", "/webhooks/w1/test").status, 404);
}

TEST_F(ApiServerTest, ErrorClasses) {
  Start();
  auto r = Call("GET", "/nowhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":"no such route: /nowhere","field":null})");
  r = Call("PATCH", "/webhooks/w1");
  EXPECT_EQ(r.status, 405);
  ASSERT_NE(r.header("Allow"), nullptr);
  EXPECT_EQ(*r.header("Allow"), "GET, PUT, DELETE, HEAD");
  r = Call("POST", "/webhooks", kHook, "", /*json=*/false);
  EXPECT_EQ(r.status, 415);
  r = Call("POST", "/webhooks", kHook, "Content-Type: text/plain\r\n", false);
  EXPECT_EQ(r.status, 415);
  r = Call("POST", "/webhooks", kHook, "Content-Type: Application/JSON; charset=utf-8\r\n", false);
  EXPECT_EQ(r.status, 201);
  std::string big =
      R"({"url":"http://x/","events":["*"],"name":")" + std::string(1100000, 'a') + "\"}";
  r = Call("POST", "/webhooks", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Call("GET", "/webhooks/w1/deliveries?limit=abc").status, 400);
  EXPECT_EQ(Call("GET", "/webhooks/w1/deliveries?status=weird").status, 400);
  EXPECT_EQ(Call("GET", "/webhooks/none/deliveries").status, 404);
}

TEST_F(ApiServerTest, TokenProtectsEverythingButHealth) {
  Start("s3cret");
  EXPECT_EQ(Call("GET", "/health").status, 200);
  auto r = Call("GET", "/webhooks");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.header("WWW-Authenticate"), nullptr);
  EXPECT_EQ(Call("GET", "/nowhere").status, 401);
  EXPECT_EQ(Call("GET", "/metrics").status, 401);
  EXPECT_EQ(Call("GET", "/webhooks", "", "Authorization: Bearer wrong\r\n").status, 401);
  EXPECT_EQ(Call("GET", "/webhooks", "", "Authorization: Bearer s3cret\r\n").status, 200);
  EXPECT_EQ(Call("GET", "/webhooks", "", "authorization: bearer s3cret\r\n").status, 200);
  EXPECT_EQ(Call("GET", "/webhooks", "", "Authorization: Basic s3cret\r\n").status, 401);
}

TEST_F(ApiServerTest, InstancesHidePasswords) {
  Start();
  auto r = Call("GET", "/instances/local");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  EXPECT_NE(r.body.find(R"("password":"***")"), std::string::npos);
  r = Call("POST", "/instances", R"({"host":"127.0.0.1","port":7000,"password":"pw"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("\"pw\""), std::string::npos);
  EXPECT_NE(r.body.find(R"("name":"127.0.0.1:7000")"), std::string::npos);
  EXPECT_NE(r.body.find(R"("effectivePollIntervalMs":1000)"), std::string::npos);
  EXPECT_EQ(Call("POST", "/instances", R"({"host":"127.0.0.1","port":7000})").status, 409);
  EXPECT_EQ(Call("POST", "/instances", R"({"port":7000})").status, 400);
  r = Call("PUT", "/instances/127.0.0.1%3A7000", R"({"password":"***","pollIntervalMs":500})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(control_.instances_[1].spec.password, "pw");
  EXPECT_EQ(control_.instances_[1].spec.effective_poll_interval_ms, 500);
  EXPECT_EQ(Call("PUT", "/instances/local", R"({"name":"other"})").status, 400);
  EXPECT_EQ(Call("PUT", "/instances/local", R"({"port":0})").status, 400);
  EXPECT_EQ(Call("DELETE", "/instances/127.0.0.1:7000").status, 204);
  EXPECT_EQ(Call("GET", "/instances/127.0.0.1:7000").status, 404);
  // A webhook may name an instance created through the API.
  ASSERT_EQ(Call("POST", "/instances", R"({"name":"cache","host":"h"})").status, 201);
  EXPECT_EQ(Call("POST", "/webhooks", R"({"url":"http://x/","events":["*"],"instances":["cache"]})")
                .status,
            201);
}

TEST_F(ApiServerTest, EventsAndServiceRoutes) {
  Start();
  auto r = Call("GET", "/events?limit=5&instance=local&event=instance.down");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"([{"event":"instance.down"}])");
  EXPECT_EQ(control_.last_events_query, "5|local|instance.down");
  EXPECT_EQ(Call("GET", "/events?event=nope").status, 400);
  EXPECT_EQ(Call("GET", "/events?limit=100000").status, 400);
  EXPECT_EQ(Call("GET", "/health").body, R"({"status":"ok"})");
  EXPECT_NE(Call("GET", "/version").body.find(VIGIL_VERSION), std::string::npos);
  r = Call("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(*r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find(R"(vigil_instance_up{instance="local",addr="127.0.0.1:6379"} 1)"),
            std::string::npos);
  EXPECT_EQ(Call("GET", "/prometheus/metrics").body, r.body);
  r = Call("GET", "/webhooks/allowed-events");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("memory.critical"), std::string::npos);
  EXPECT_EQ(r.body.find("webhook.test"), std::string::npos);
  r = Call("GET", "/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"openapi\":\"3.0.3\""), std::string::npos);
}

TEST_F(ApiServerTest, KeepAliveAndPipelining) {
  Start();
  vigil::testing::BlockingClient c(port_);
  std::string batch;
  for (int i = 0; i < 5; ++i) batch += vigil::testing::BlockingClient::Request("GET", "/health");
  batch += vigil::testing::BlockingClient::Request("GET", "/nowhere");
  batch += vigil::testing::BlockingClient::Request("POST", "/webhooks", kHook);
  ASSERT_TRUE(c.Send(batch));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 404);
  EXPECT_EQ(c.Read().status, 201);
  EXPECT_EQ(c.Call("GET", "/webhooks/w1").status, 200);
}

}  // namespace
}  // namespace vigil::api::testing
