// End to end: the vigil binary watches a real redis-server and delivers to a real receiver.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <thread>

#include "tests/integration/harness.hpp"

namespace vigil::testing {
namespace {

std::string Config(const std::string& instances, const std::string& url, const std::string& events,
                   const std::string& extra_webhook = "", const std::string& extra_top = "") {
  return R"({"pollIntervalMs":100,"instances":[)" + instances + R"(],"webhooks":[{"id":"ops",)" +
         R"("url":")" + url + R"(","secret":"s3cret","events":)" + events +
         R"(,"retryPolicy":{"maxRetries":3,"initialDelayMs":50,"maxDelayMs":200})" + extra_webhook +
         "}]" + extra_top + "}";
}

// Sets maxmemory so that used_memory is about `percent` of it.
void SetMemoryPercent(const RedisServer& r, double percent) {
  long long used = r.InfoInt("used_memory");
  long long maxmem = static_cast<long long>(std::llround(used * 100.0 / percent));
  ASSERT_EQ(r.Cli({"CONFIG", "SET", "maxmemory", std::to_string(maxmem)}), "OK");
}

TEST(Alerts, MemoryCriticalFiresOnceThenAgainAfterClearing) {
  RedisServer redis({"--enable-debug-command", "local"});
  // About 20 MB of data, so that the few KB a client connection adds do not move the percentage.
  ASSERT_EQ(redis.Cli({"DEBUG", "POPULATE", "200000", "key", "64"}), "OK");
  HttpReceiver receiver;
  VigilProcess vigil(
      Config(InstanceJson("r1", redis.port()), receiver.url("/hook"), R"(["memory.critical"])"),
      {"--log-level", "debug"});
  ASSERT_TRUE(WaitForPolls(vigil, "r1", 1)) << vigil.Log();

  SetMemoryPercent(redis, 95);
  ASSERT_TRUE(WaitForEvents(receiver, "memory.critical", 1)) << vigil.Log();

  // Wobble between 81% and 95%: each level held for a few polls, no new alert.
  int polls = 0;
  for (double pct : {85.0, 93.0, 83.0, 94.0}) {
    SetMemoryPercent(redis, pct);
    std::string log = vigil.Log();
    polls = 0;
    for (std::size_t p = log.find("\"msg\":\"poll\""); p != std::string::npos;
         p = log.find("\"msg\":\"poll\"", p + 1))
      ++polls;
    ASSERT_TRUE(WaitForPolls(vigil, "r1", polls + 3));
  }
  EXPECT_EQ(CountEvents(receiver, "memory.critical"), 1u) << vigil.Log();

  SetMemoryPercent(redis, 70);  // below 81%: clears
  ASSERT_TRUE(vigil.WaitForLog("alert cleared")) << vigil.Log();
  EXPECT_EQ(CountEvents(receiver, "memory.critical"), 1u);

  SetMemoryPercent(redis, 96);  // rises again: fires again
  ASSERT_TRUE(WaitForEvents(receiver, "memory.critical", 2)) << vigil.Log();

  auto d = Deliveries(receiver, "memory.critical");
  simdjson::dom::parser p;
  auto data = p.parse(d[0].data_json).value();
  EXPECT_EQ(std::string(data["metric"].get_string().value()), "memory_used_percent");
  EXPECT_GE(data["value"].get_double().value(), 90.0);
  EXPECT_EQ(data["threshold"].get_double().value(), 90.0);
  EXPECT_GT(data["maxmemory"].get_int64().value(), 0);
  EXPECT_GT(data["usedMemory"].get_int64().value(), 0);
  EXPECT_NE(std::string(data["message"].get_string().value()).find("Memory usage critical"),
            std::string::npos);
  EXPECT_EQ(d[0].instance, "r1");
}

TEST(Alerts, InstanceDownWithinOneSecondAndUpAfterRestart) {
  RedisServer redis;
  HttpReceiver receiver;
  VigilProcess vigil(Config(InstanceJson("r1", redis.port()), receiver.url("/hook"),
                            R"(["instance.down","instance.up"])"));
  ASSERT_TRUE(vigil.WaitForLog("instance up")) << vigil.Log();

  auto killed = std::chrono::steady_clock::now();
  redis.Kill();
  ASSERT_TRUE(WaitForEvents(receiver, "instance.down", 1, std::chrono::seconds(5))) << vigil.Log();
  auto down = Deliveries(receiver, "instance.down");
  auto latency = down[0].req.received - killed;
  EXPECT_LT(latency, std::chrono::seconds(1));
  EXPECT_NE(down[0].data_json.find("\"reason\":\""), std::string::npos);

  redis.Start();
  ASSERT_TRUE(WaitForEvents(receiver, "instance.up", 1, std::chrono::seconds(10))) << vigil.Log();
  auto up = Deliveries(receiver, "instance.up");
  EXPECT_NE(up[0].data_json.find("\"downtimeMs\":"), std::string::npos);
  // One change of state, one event each.
  EXPECT_EQ(CountEvents(receiver, "instance.down"), 1u);
  EXPECT_EQ(CountEvents(receiver, "instance.up"), 1u);
}

TEST(Alerts, UnreachableAtStartIsDown) {
  HttpReceiver receiver;
  int closed_port = FreeTcpPort();
  VigilProcess vigil(
      Config(InstanceJson("ghost", closed_port), receiver.url("/hook"), R"(["instance.down"])"));
  ASSERT_TRUE(WaitForEvents(receiver, "instance.down", 1)) << vigil.Log();
  EXPECT_NE(Deliveries(receiver)[0].data_json.find("\"reason\":\"refused\""), std::string::npos);
}

TEST(Alerts, FailedThenSuccessfulReceiverGetsSameDeliveryIdAndValidSignature) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  HttpReceiver receiver([calls](const RecordedRequest&) {
    Reply r;
    r.status = (*calls)++ == 0 ? 503 : 200;
    return r;
  });
  int closed_port = FreeTcpPort();
  VigilProcess vigil(Config(InstanceJson("ghost", closed_port), receiver.url("/hook"),
                            R"(["instance.down"])", R"(,"headers":{"X-Team":"cache"})"));
  ASSERT_TRUE(receiver.WaitForCount(2)) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"success\"")) << vigil.Log();
  auto reqs = receiver.requests();
  ASSERT_EQ(reqs.size(), 2u);
  ASSERT_NE(reqs[0].header("X-Webhook-Delivery-Id"), nullptr);
  EXPECT_EQ(*reqs[0].header("X-Webhook-Delivery-Id"), *reqs[1].header("X-Webhook-Delivery-Id"));
  EXPECT_EQ(reqs[0].body, reqs[1].body);

  // Headers of the contract.
  const RecordedRequest& r = reqs[1];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/hook");
  EXPECT_EQ(*r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("User-Agent")->rfind("vigil/", 0), 0u);
  EXPECT_EQ(*r.header("X-Webhook-Id"), "ops");
  EXPECT_EQ(*r.header("X-Webhook-Event"), "instance.down");
  EXPECT_EQ(*r.header("X-Team"), "cache");
  simdjson::dom::parser p;
  auto doc = p.parse(r.body).value();
  EXPECT_EQ(std::to_string(doc["timestamp"].get_int64().value()), *r.header("X-Webhook-Timestamp"));

  // The signature verifies with an independent HMAC implementation (openssl).
  TempDir dir;
  std::string signed_bytes = *r.header("X-Webhook-Timestamp") + "." + r.body;
  {
    std::FILE* f = std::fopen(dir.file("msg").c_str(), "wb");
    std::fwrite(signed_bytes.data(), 1, signed_bytes.size(), f);
    std::fclose(f);
  }
  std::string out =
      RunCapture({VIGIL_OPENSSL, "dgst", "-sha256", "-hmac", "s3cret", dir.file("msg")});
  ASSERT_NE(out.find("= "), std::string::npos) << out;
  std::string expected = out.substr(out.find("= ") + 2, 64);
  EXPECT_EQ(*r.header("X-Webhook-Signature"), expected);
}

TEST(Alerts, ConnectionCriticalAndMaxclientsRefusals) {
  RedisServer redis;
  HttpReceiver receiver;
  VigilProcess vigil(Config(InstanceJson("r1", redis.port()), receiver.url("/hook"),
                            R"(["connection.critical","client.blocked"])"),
                     {"--log-level", "debug"});
  ASSERT_TRUE(WaitForPolls(vigil, "r1", 1)) << vigil.Log();
  // vigil holds the only connection: maxclients 1 is 100%; any other client is refused.
  ASSERT_EQ(redis.Cli({"CONFIG", "SET", "maxclients", "1"}), "OK");
  ASSERT_TRUE(WaitForEvents(receiver, "connection.critical", 1)) << vigil.Log();
  redis.Cli({"PING"});  // refused: maxclients reached
  ASSERT_TRUE(WaitForEvents(receiver, "client.blocked", 1)) << vigil.Log();
  auto d = Deliveries(receiver, "client.blocked");
  EXPECT_NE(d[0].data_json.find("\"reason\":\"maxclients\""), std::string::npos);
  auto c = Deliveries(receiver, "connection.critical");
  EXPECT_NE(c[0].data_json.find("\"metric\":\"connected_clients_percent\""), std::string::npos);
}

TEST(Alerts, FailedLoginsAreClientBlockedWithUsername) {
  RedisServer redis({"--requirepass", "pw"});
  HttpReceiver receiver;
  VigilProcess vigil(
      Config(InstanceJson("r1", redis.port(), R"(,"password":"pw")"), receiver.url("/hook"),
             R"(["client.blocked"])", "", R"(,"aclLogIntervalMs":1000)"),
      {"--log-level", "debug"});
  ASSERT_TRUE(WaitForPolls(vigil, "r1", 2)) << vigil.Log();
  redis.Cli({"--user", "mallory", "--pass", "wrong", "PING"});
  ASSERT_TRUE(WaitForEvents(receiver, "client.blocked", 1, std::chrono::seconds(15)))
      << vigil.Log();
  auto d = Deliveries(receiver, "client.blocked");
  EXPECT_NE(d[0].data_json.find("\"reason\":\"auth\""), std::string::npos) << d[0].data_json;
  EXPECT_NE(d[0].data_json.find("\"username\":\"mallory\""), std::string::npos) << d[0].data_json;
  // The password vigil uses never reaches its logs.
  EXPECT_EQ(vigil.Log().find("\"pw\""), std::string::npos);
}

TEST(Alerts, WrongPasswordIsDownWithAuthFailed) {
  RedisServer redis({"--requirepass", "pw"});
  HttpReceiver receiver;
  VigilProcess vigil(Config(InstanceJson("r1", redis.port(), R"(,"password":"nope")"),
                            receiver.url("/hook"), R"(["instance.down"])"));
  ASSERT_TRUE(WaitForEvents(receiver, "instance.down", 1)) << vigil.Log();
  EXPECT_NE(Deliveries(receiver)[0].data_json.find("\"reason\":\"auth_failed\""),
            std::string::npos);
  EXPECT_EQ(vigil.Log().find("nope"), std::string::npos);
}

}  // namespace
}  // namespace vigil::testing
