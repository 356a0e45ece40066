// End to end through the sink plugins: the vigil binary renders Slack, Discord and PagerDuty
// requests to a local receiver, resolves alerts, signs Standard Webhooks, honours rate limits.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>

#include "tests/integration/harness.hpp"

namespace vigil::testing {
namespace {

using std::chrono::milliseconds;

std::string Config(const TempDir& data, const std::string& instances, const std::string& webhooks) {
  return R"({"pollIntervalMs":200,"dataDir":")" + data.path() + R"(","instances":[)" + instances +
         R"(],"webhooks":[)" + webhooks + "]}";
}

simdjson::dom::element Parse(simdjson::dom::parser& p, const std::string& body) {
  return p.parse(body).value();
}

TEST(Sinks, PagerDutyTriggersThenResolvesWithTheSameDedupKey) {
  RedisServer redis;
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.status = 202;
    r.body = R"({"status":"success","message":"Event processed"})";
    return r;
  });
  TempDir data;
  VigilProcess vigil(Config(data, InstanceJson("cache-1", redis.port()),
                            R"({"id":"pd","url":")" + rx.url("/v2/enqueue") +
                                R"(","events":["instance.down"],"sink":"pagerduty",)"
                                R"("sinkOptions":{"routingKey":"R0123456789"}})"));
  ASSERT_TRUE(vigil.WaitForLog("instance up")) << vigil.Log();
  redis.Kill();
  ASSERT_TRUE(rx.WaitForCount(1)) << vigil.Log();
  redis.Start();
  ASSERT_TRUE(rx.WaitForCount(2, std::chrono::seconds(15))) << vigil.Log();
  auto reqs = rx.requests();
  simdjson::dom::parser p1, p2;
  auto trigger = Parse(p1, reqs[0].body);
  auto resolve = Parse(p2, reqs[1].body);
  EXPECT_EQ(std::string(trigger["event_action"].get_string().value()), "trigger");
  EXPECT_EQ(std::string(trigger["routing_key"].get_string().value()), "R0123456789");
  EXPECT_EQ(std::string(trigger["payload"]["severity"].get_string().value()), "critical");
  EXPECT_LE(trigger["payload"]["summary"].get_string().value().size(), 1024u);
  EXPECT_EQ(std::string(resolve["event_action"].get_string().value()), "resolve");
  EXPECT_EQ(std::string(trigger["dedup_key"].get_string().value()),
            std::string(resolve["dedup_key"].get_string().value()));
  EXPECT_EQ(reqs[0].header("X-Webhook-Signature"), nullptr);  // PagerDuty wants no vigil headers
}

TEST(Sinks, SlackAndDiscordRenderTheirOwnShapes) {
  HttpReceiver rx;
  TempDir data;
  VigilProcess vigil(Config(
      data, InstanceJson("ghost", FreeTcpPort()),
      R"({"id":"slack","url":")" + rx.url("/slack") +
          R"(","events":["instance.down"],"sink":"slack","sinkOptions":{"channel":"#ops"}},)" +
          R"({"id":"discord","url":")" + rx.url("/discord") +
          R"(","events":["instance.down"],"sink":"discord"})"));
  ASSERT_TRUE(rx.WaitForCount(2)) << vigil.Log();
  for (const RecordedRequest& r : rx.requests()) {
    simdjson::dom::parser p;
    auto doc = Parse(p, r.body);
    if (r.path == "/slack") {
      EXPECT_EQ(std::string(doc["channel"].get_string().value()), "#ops");
      EXPECT_TRUE(doc["attachments"].is_array()) << r.body;
      EXPECT_NE(std::string(doc["text"].get_string().value()).find("ghost"), std::string::npos);
    } else {
      EXPECT_EQ(r.path, "/discord?wait=true");
      auto embed = doc["embeds"].at(0);
      EXPECT_NE(std::string(embed["title"].get_string().value()).find("instance.down"),
                std::string::npos)
          << r.body;
    }
  }
}

TEST(Sinks, StandardWebhooksSignatureVerifiesWithOpenssl) {
  HttpReceiver rx;
  TempDir data;
  VigilProcess vigil(Config(data, InstanceJson("ghost", FreeTcpPort()),
                            R"({"id":"std","url":")" + rx.url("/hook") +
                                R"(","secret":"s3cret","events":["instance.down"],)"
                                R"("signatureFormat":"standard-webhooks"})"));
  ASSERT_TRUE(rx.WaitForCount(1)) << vigil.Log();
  RecordedRequest r = rx.requests()[0];
  ASSERT_NE(r.header("webhook-id"), nullptr);
  ASSERT_NE(r.header("webhook-timestamp"), nullptr);
  ASSERT_NE(r.header("webhook-signature"), nullptr);
  EXPECT_EQ(r.header("X-Webhook-Signature"), nullptr);
  EXPECT_EQ(*r.header("webhook-id"), *r.header("X-Webhook-Delivery-Id"));
  TempDir dir;
  std::string msg = *r.header("webhook-id") + "." + *r.header("webhook-timestamp") + "." + r.body;
  std::ofstream(dir.file("msg"), std::ios::binary) << msg;
  std::string b64 = RunCapture({"/bin/sh", "-c",
                                std::string(VIGIL_OPENSSL) + " dgst -sha256 -hmac s3cret -binary " +
                                    dir.file("msg") + " | " + VIGIL_OPENSSL + " base64 -A"});
  EXPECT_EQ(*r.header("webhook-signature"), "v1," + b64);
}

TEST(Sinks, RateLimitSpacesDeliveries) {
  HttpReceiver rx;
  TempDir data;
  std::string instances = InstanceJson("g1", FreeTcpPort()) + "," +
                          InstanceJson("g2", FreeTcpPort()) + "," +
                          InstanceJson("g3", FreeTcpPort());
  VigilProcess vigil(Config(data, instances,
                            R"({"id":"slow","url":")" + rx.url("/hook") +
                                R"(","events":["instance.down"],)"
                                R"("rateLimit":{"perSecond":4,"burst":1}})"));
  ASSERT_TRUE(rx.WaitForCount(3)) << vigil.Log();
  auto reqs = rx.requests();
  auto gap = [&](int i) {
    return std::chrono::duration_cast<milliseconds>(reqs[i].received - reqs[i - 1].received)
        .count();
  };
  EXPECT_GE(gap(1), 200);  // 4 per second: one every 250 ms
  EXPECT_GE(gap(2), 200);
}

TEST(Sinks, GenericWithSendResolvedGetsTheClearedThresholdAlert) {
  RedisServer redis({"--enable-debug-command", "local"});
  ASSERT_EQ(redis.Cli({"DEBUG", "POPULATE", "200000", "key", "64"}), "OK");
  HttpReceiver rx;
  TempDir data;
  VigilProcess vigil(Config(data, InstanceJson("r1", redis.port()),
                            R"({"id":"g","url":")" + rx.url("/hook") +
                                R"(","events":["memory.critical"],"sendResolved":true})"));
  ASSERT_TRUE(vigil.WaitForLog("instance up")) << vigil.Log();
  long long used = redis.InfoInt("used_memory");
  redis.Cli({"CONFIG", "SET", "maxmemory", std::to_string(used * 100 / 95)});
  ASSERT_TRUE(rx.WaitForCount(1)) << vigil.Log();
  redis.Cli({"CONFIG", "SET", "maxmemory", std::to_string(used * 100 / 60)});
  ASSERT_TRUE(rx.WaitForCount(2)) << vigil.Log();
  simdjson::dom::parser p1, p2;
  auto fired = Parse(p1, rx.requests()[0].body);
  auto resolved = Parse(p2, rx.requests()[1].body);
  EXPECT_EQ(std::string(fired["status"].get_string().value()), "firing");
  EXPECT_EQ(std::string(resolved["status"].get_string().value()), "resolved");
  EXPECT_EQ(std::string(resolved["event"].get_string().value()), "memory.critical");
  EXPECT_TRUE(resolved["data"]["clearBelow"].is_number());
}

// 429 from Slack (Retry-After seconds) and Discord (retry_after in the JSON body): the next
// attempt of the same delivery waits as told.
TEST(Sinks, SlackAndDiscordRateLimitResponsesAreHonoured) {
  auto slack_calls = std::make_shared<std::atomic<int>>(0);
  auto discord_calls = std::make_shared<std::atomic<int>>(0);
  HttpReceiver rx([slack_calls, discord_calls](const RecordedRequest& req) {
    Reply r;
    bool slack = req.path == "/slack";
    int n = slack ? (*slack_calls)++ : (*discord_calls)++;
    if (n == 0 && slack) {
      r.status = 429;
      r.headers.emplace_back("Retry-After", "1");
      r.body = "rate_limited";
    } else if (n == 0) {
      r.status = 429;
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = R"({"message":"You are being rate limited.","retry_after":0.6,"global":false})";
    } else {
      r.status = slack ? 200 : 204;
      r.body = slack ? "ok" : "";
    }
    return r;
  });
  TempDir data;
  VigilProcess vigil(Config(
      data, InstanceJson("ghost", FreeTcpPort()),
      R"({"id":"slack","url":")" + rx.url("/slack") +
          R"(","events":["instance.down"],"sink":"slack","retryPolicy":{"initialDelayMs":10}},)" +
          R"({"id":"discord","url":")" + rx.url("/discord") +
          R"(","events":["instance.down"],"sink":"discord","retryPolicy":{"initialDelayMs":10}})"));
  ASSERT_TRUE(rx.WaitForCount(4)) << vigil.Log();
  std::vector<RecordedRequest> slack, discord;
  for (const RecordedRequest& r : rx.requests())
    (r.path == "/slack" ? slack : discord).push_back(r);
  ASSERT_EQ(slack.size(), 2u);
  ASSERT_EQ(discord.size(), 2u);
  auto gap = [](const std::vector<RecordedRequest>& v) {
    return std::chrono::duration_cast<milliseconds>(v[1].received - v[0].received).count();
  };
  EXPECT_GE(gap(slack), 990);
  EXPECT_GE(gap(discord), 590);
  EXPECT_EQ(slack[0].body, slack[1].body);  // the same delivery, sent again
  ASSERT_TRUE(vigil.WaitForLog("\"webhook\":\"discord\",\"delivery\"")) << vigil.Log();
}

}  // namespace
}  // namespace vigil::testing
