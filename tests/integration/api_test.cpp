// End to end REST API: the real vigil binary with a real redis-server, real receivers and a
// real Prometheus, over real sockets: every route, every error class, token enforcement,
// refusal of a public address without a token, persistence across restart, keep-alive and
// pipelining, slow clients, and /metrics scraped by Prometheus and queried back.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>

#include "tests/integration/harness.hpp"
#include "tests/unit/api/blocking_client.hpp"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

std::string Field(const std::string& json, const char* key) {
  simdjson::dom::parser p;
  simdjson::dom::element e;
  if (p.parse(json).get(e) != simdjson::SUCCESS) return "<bad json>";
  auto v = e[key];
  if (v.error() != simdjson::SUCCESS) return "<none>";
  if (v.is_string()) return std::string(std::string_view(v));
  return simdjson::minify(v);
}

// vigil with its API on a free loopback port, watching `instances`, with `extra` top-level keys.
struct Api {
  explicit Api(const std::string& instances, const std::string& webhooks = "",
               const std::string& extra = "")
      : port(FreeTcpPort()),
        vigil(R"({"pollIntervalMs":200,"listen":"127.0.0.1:)" + std::to_string(port) +
              R"(","instances":[)" + instances + R"(],"webhooks":[)" + webhooks + "]" + extra +
              "}") {}
  bool WaitReady() {
    return WaitFor(
        [&] {
          BlockingClient c(port, 1);
          return c.connected() && c.Call("GET", "/health").status == 200;
        },
        15s);
  }
  ApiReply Call(std::string_view method, std::string_view target, std::string_view body = {},
                std::string_view headers = {}, bool json = true) {
    BlockingClient c(port);
    return c.Call(method, target, body, headers, json);
  }
  int port;
  VigilProcess vigil;
};

std::string Hook(const std::string& id, const std::string& url, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","url":")" + url +
         R"(","events":["instance.down","instance.up"])" + extra + "}";
}

TEST(ApiE2E, WebhookLifecycle) {
  RedisServer redis;
  HttpReceiver rx;
  Api api(InstanceJson("r1", redis.port()));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  // create: full secret once
  auto r = api.Call("POST", "/webhooks", Hook("ops", rx.url("/hook")));
  ASSERT_EQ(r.status, 201) << r.body;
  std::string secret = Field(r.body, "secret");
  ASSERT_TRUE(secret.starts_with("whsec_")) << r.body;
  EXPECT_EQ(Field(r.body, "source"), "api");
  // read: masked
  r = api.Call("GET", "/webhooks/ops");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Field(r.body, "secret"), secret.substr(0, 8) + "...");
  r = api.Call("GET", "/webhooks");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(secret), std::string::npos);
  // update (partial)
  r = api.Call("PUT", "/webhooks/ops", R"({"name":"Ops team","retryPolicy":{"maxRetries":2}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "name"), "Ops team");
  EXPECT_EQ(Field(r.body, "url"), rx.url("/hook"));
  // test against the receiver
  r = api.Call("POST", "/webhooks/ops/test");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "success"), "true") << r.body;
  EXPECT_EQ(Field(r.body, "statusCode"), "200");
  ASSERT_TRUE(rx.WaitForCount(1));
  auto reqs = rx.requests();
  ASSERT_NE(reqs[0].header("X-Webhook-Test"), nullptr);
  EXPECT_EQ(*reqs[0].header("X-Webhook-Test"), "true");
  // a real event: the instance goes down, a delivery shows in the history
  redis.Kill();
  ASSERT_TRUE(WaitForEvents(rx, "instance.down", 1)) << api.vigil.Log();
  std::string list;
  ASSERT_TRUE(WaitFor([&] {
    list = api.Call("GET", "/webhooks/ops/deliveries?status=success").body;
    return list.find("instance.down") != std::string::npos;
  })) << list;
  simdjson::dom::parser p;
  simdjson::dom::array arr;
  ASSERT_EQ(p.parse(list).get(arr), simdjson::SUCCESS);
  std::string id(std::string_view(arr.at(0)["id"]));
  EXPECT_EQ(std::string_view(arr.at(0)["webhookId"]), "ops");
  EXPECT_TRUE(arr.at(0)["payload"].is_object());
  r = api.Call("GET", "/webhooks/deliveries/" + id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "status"), "success");
  EXPECT_EQ(Field(r.body, "statusCode"), "200");
  std::size_t before = rx.count();
  r = api.Call("POST", "/webhooks/deliveries/" + id + "/retry");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(rx.WaitForCount(before + 1)) << "retry not delivered";
  EXPECT_EQ(api.Call("GET", "/webhooks/deliveries/nope").status, 404);
  EXPECT_EQ(api.Call("GET", "/webhooks/stats/retry-queue").status, 200);
  EXPECT_EQ(api.Call("GET", "/webhooks/allowed-events").status, 200);
  // rotate
  r = api.Call("POST", "/webhooks/ops/rotate-secret");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(Field(r.body, "secret"), secret);
  // delete
  EXPECT_EQ(api.Call("DELETE", "/webhooks/ops").status, 204);
  EXPECT_EQ(api.Call("GET", "/webhooks/ops").status, 404);
}

TEST(ApiE2E, DeadLettersAreRetried) {
  auto fail = std::make_shared<std::atomic<bool>>(true);
  HttpReceiver rx([fail](const RecordedRequest&) {
    Reply rep;
    rep.status = *fail ? 500 : 200;
    return rep;
  });
  Api api(InstanceJson("ghost", FreeTcpPort()),
          Hook("dl", rx.url("/"), R"(,"retryPolicy":{"maxRetries":0})"));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  std::string list;
  ASSERT_TRUE(WaitFor([&] {
    list = api.Call("GET", "/webhooks/dl/deliveries?status=dead_letter").body;
    return list.find("instance.down") != std::string::npos;
  })) << list
      << api.vigil.Log();
  *fail = false;
  std::size_t before = rx.count();
  auto r = api.Call("POST", "/webhooks/dl/dead-letters/retry");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "retried"), "1");
  ASSERT_TRUE(rx.WaitForCount(before + 1));
  EXPECT_TRUE(WaitFor([&] {
    return api.Call("GET", "/webhooks/dl/deliveries?status=success").body.find("instance.down") !=
           std::string::npos;
  }));
  EXPECT_EQ(Field(api.Call("GET", "/webhooks/dl").body, "source"), "config");
}

TEST(ApiE2E, EveryErrorClass) {
  Api api(InstanceJson("ghost", FreeTcpPort()));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  auto r = api.Call("POST", "/webhooks", R"({"url":)");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r.body, "field"), "null");
  r = api.Call("POST", "/webhooks",
               R"({"url":"http://x/","events":["*"],"thresholds":{"memoryCriticalPercent":0}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Field(r.body, "field"), "thresholds.memoryCriticalPercent");
  EXPECT_EQ(api.Call("GET", "/webhooks/none").status, 404);
  EXPECT_EQ(api.Call("GET", "/nope").status, 404);
  r = api.Call("DELETE", "/webhooks");
  EXPECT_EQ(r.status, 405);
  ASSERT_NE(r.header("Allow"), nullptr);
  EXPECT_EQ(*r.header("Allow"), "GET, POST, HEAD");
  ASSERT_EQ(api.Call("POST", "/webhooks", Hook("dup", "http://127.0.0.1:9/")).status, 201);
  EXPECT_EQ(api.Call("POST", "/webhooks", Hook("dup", "http://127.0.0.1:9/")).status, 409);
  EXPECT_EQ(api.Call("POST", "/instances", InstanceJson("ghost", 1)).status, 409);
  r = api.Call("POST", "/webhooks", std::string(2 * 1024 * 1024, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(api.Call("POST", "/webhooks", Hook("ct", "http://x/"), "", false).status, 415);
  EXPECT_EQ(api.Call("GET", "/events?event=nope").status, 400);
}

TEST(ApiE2E, TokenIsEnforced) {
  Api api(InstanceJson("ghost", FreeTcpPort()), "", R"(,"api":{"token":"t0ken"})");
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  EXPECT_EQ(api.Call("GET", "/webhooks").status, 401);
  EXPECT_EQ(api.Call("GET", "/metrics").status, 401);
  EXPECT_EQ(api.Call("GET", "/webhooks", "", "Authorization: Bearer nope\r\n").status, 401);
  EXPECT_EQ(api.Call("GET", "/webhooks", "", "Authorization: Bearer t0ken\r\n").status, 200);
  EXPECT_EQ(api.vigil.Log().find("t0ken"), std::string::npos) << "token leaked into the log";
}

TEST(ApiE2E, RefusesAPublicAddressWithoutAToken) {
  int port = FreeTcpPort();
  VigilProcess vigil(R"({"listen":"0.0.0.0:)" + std::to_string(port) + R"(","instances":[]})");
  EXPECT_TRUE(vigil.WaitForLog("api.token")) << vigil.Log();
  EXPECT_FALSE(BlockingClient(port, 1).connected());
}

TEST(ApiE2E, ApiCreatedThingsSurviveARestart) {
  RedisServer redis;
  Api api(InstanceJson("ghost", FreeTcpPort()));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  auto r = api.Call("POST", "/webhooks", Hook("keep", "http://127.0.0.1:9/"));
  ASSERT_EQ(r.status, 201);
  std::string secret = Field(r.body, "secret");
  ASSERT_EQ(api.Call("POST", "/instances", InstanceJson("r2", redis.port())).status, 201);
  ASSERT_TRUE(WaitFor([&] {
    return Field(api.Call("GET", "/instances/r2").body, "status") == "up";
  })) << api.Call("GET", "/instances/r2").body;
  api.vigil.Stop();
  api.vigil.Start();
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  r = api.Call("GET", "/webhooks/keep");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "source"), "api");
  EXPECT_EQ(Field(r.body, "secret"), secret.substr(0, 8) + "...");
  r = api.Call("GET", "/instances/r2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "source"), "api");
  EXPECT_TRUE(
      WaitFor([&] { return Field(api.Call("GET", "/instances/r2").body, "status") == "up"; }));
  EXPECT_EQ(api.Call("DELETE", "/instances/r2").status, 204);
}

TEST(ApiE2E, InstanceRoutesShowLiveState) {
  RedisServer redis;
  Api api(InstanceJson("r1", redis.port(), R"(,"password":null)"));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  std::string body;
  ASSERT_TRUE(WaitFor([&] {
    body = api.Call("GET", "/instances/r1").body;
    return Field(body, "status") == "up" && Field(body, "lastPollAt") != "null";
  })) << body;
  EXPECT_EQ(Field(body, "role"), "master");
  EXPECT_NE(Field(body, "connectedClients"), "null");
  EXPECT_EQ(Field(body, "source"), "config");
  auto r = api.Call("PUT", "/instances/r1", R"({"pollIntervalMs":300})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Field(r.body, "effectivePollIntervalMs"), "300");
  EXPECT_EQ(api.Call("GET", "/instances").status, 200);
  EXPECT_EQ(api.Call("GET", "/events?limit=5").status, 200);
  EXPECT_EQ(api.Call("GET", "/version").status, 200);
  EXPECT_EQ(api.Call("GET", "/openapi.json").status, 200);
}

TEST(ApiE2E, PipelinedRequestsAndSlowClients) {
  Api api(InstanceJson("ghost", FreeTcpPort()));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  // A slow client: half a request, then silence.
  BlockingClient slow(api.port);
  ASSERT_TRUE(
      slow.Send("POST /webhooks HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                "Content-Length: 100\r\n\r\n{\"id\":"));
  // Others are served meanwhile, pipelined on one kept-alive connection.
  BlockingClient c(api.port);
  std::string batch;
  for (int i = 0; i < 10; ++i) batch += BlockingClient::Request("GET", "/health");
  batch += BlockingClient::Request("GET", "/webhooks");
  batch += BlockingClient::Request("GET", "/nope");
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.Send(batch));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 404);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(c.Call("GET", "/health").status, 200);  // still kept alive
}

std::string Slurp(const std::string& cmd) {
  return RunCapture({"/bin/sh", "-c", cmd});
}

TEST(ApiE2E, MetricsPassPromtoolAndPrometheusScrapesThem) {
  RedisServer redis;
  Api api(InstanceJson("r1", redis.port()));
  ASSERT_TRUE(api.WaitReady()) << api.vigil.Log();
  std::string page;
  ASSERT_TRUE(WaitFor([&] {
    page = api.Call("GET", "/metrics").body;
    return page.find("vigil_redis_connected_clients{instance=\"r1\"") != std::string::npos;
  })) << page;
  EXPECT_NE(page.find("vigil_instance_up{instance=\"r1\",addr=\"127.0.0.1:" +
                      std::to_string(redis.port()) + "\"} 1"),
            std::string::npos)
      << page;
  EXPECT_EQ(api.Call("GET", "/prometheus/metrics").status, 200);
  TempDir dir;
  if (access("/usr/bin/promtool", X_OK) == 0) {
    std::ofstream(dir.file("page.prom")) << page;
    int rc = 0;
    std::string report = RunCapture(
        {"/bin/sh", "-c", "/usr/bin/promtool check metrics < " + dir.file("page.prom") + " 2>&1"},
        &rc);
    EXPECT_EQ(rc, 0) << report;
  }
  if (access("/usr/bin/prometheus", X_OK) != 0)
    GTEST_SKIP() << "prometheus not installed (apt-get install prometheus)";
  int prom_port = FreeTcpPort();
  std::ofstream(dir.file("prometheus.yml"))
      << "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
      << "scrape_configs:\n  - job_name: vigil\n    honor_labels: true\n    metrics_path: "
         "/metrics\n"
      << "    static_configs: [{targets: ['127.0.0.1:" << api.port << "']}]\n";
  pid_t prom = Spawn({"/usr/bin/prometheus", "--config.file=" + dir.file("prometheus.yml"),
                      "--storage.tsdb.path=" + dir.file("tsdb"),
                      "--web.listen-address=127.0.0.1:" + std::to_string(prom_port)},
                     dir.file("prometheus.log"));
  std::string answer;
  bool found = WaitFor(
      [&] {
        BlockingClient c(prom_port, 1);
        if (!c.connected()) return false;
        answer =
            c.Call("GET", "/api/v1/query?query=vigil_instance_up%7Binstance%3D%22r1%22%7D").body;
        return answer.find("\"instance\":\"r1\"") != std::string::npos &&
               answer.find("\"1\"]") != std::string::npos;
      },
      30s);
  KillAndWait(prom, SIGTERM);
  EXPECT_TRUE(found) << answer << "\n" << Slurp("tail -20 " + dir.file("prometheus.log"));
}

}  // namespace
}  // namespace vigil::testing
