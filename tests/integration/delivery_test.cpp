// End to end durable delivery: retries and backoff, Retry-After, timeouts, 410, kill -9 of
// vigil with deliveries pending, and HTTPS to a receiver with a certificate from a test CA.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>

#include "tests/integration/harness.hpp"
#include "tests/support/pki.hpp"

namespace vigil::testing {
namespace {

using std::chrono::milliseconds;

// Instances on ports where nothing listens: each one is an instance.down at start.
std::string GhostInstances(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ",";
    s += InstanceJson("ghost" + std::to_string(i), FreeTcpPort());
  }
  return s;
}

std::string Webhook(const std::string& id, const std::string& url, const std::string& extra = "") {
  return R"({"id":")" + id + R"(","url":")" + url +
         R"(","secret":"s3cret","events":["instance.down","instance.up"])" + extra + "}";
}

std::string Config(const std::string& instances, const std::string& webhooks,
                   const std::string& data_dir, const std::string& extra = "") {
  return R"({"pollIntervalMs":200,"dataDir":")" + data_dir + R"(","instances":[)" + instances +
         R"(],"webhooks":[)" + webhooks + "]" + extra + "}";
}

Reply Status(int code) {
  Reply r;
  r.status = code;
  return r;
}

long long Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<milliseconds>(d).count();
}

TEST(Delivery, FailsThreeTimesThenSucceedsWithConfiguredBackoff) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  HttpReceiver rx([calls](const RecordedRequest&) { return Status((*calls)++ < 3 ? 503 : 200); });
  TempDir data;
  VigilProcess vigil(Config(GhostInstances(1),
                            Webhook("ops", rx.url("/hook"),
                                    R"(,"retryPolicy":{"maxRetries":5,"initialDelayMs":200,)"
                                    R"("backoffMultiplier":2,"maxDelayMs":2000})"),
                            data.path()));
  ASSERT_TRUE(rx.WaitForCount(4)) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"success\"")) << vigil.Log();
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 4u);  // N failures + 1 success, nothing after
  for (const auto& r : reqs)
    EXPECT_EQ(*r.header("X-Webhook-Delivery-Id"), *reqs[0].header("X-Webhook-Delivery-Id"));
  // Retry n waits between initialDelayMs and min(200 * 2^(n-1), 2000), plus scheduling slack.
  long long ceilings[] = {200, 400, 800};
  for (int n = 1; n <= 3; ++n) {
    long long gap = Ms(reqs[n].received - reqs[n - 1].received);
    EXPECT_GE(gap, 190) << "retry " << n;
    EXPECT_LE(gap, ceilings[n - 1] + 250) << "retry " << n;
  }
}

TEST(Delivery, RetryAfterIsHonoured) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  HttpReceiver rx([calls](const RecordedRequest&) {
    Reply r = Status((*calls)++ == 0 ? 429 : 200);
    if (r.status == 429) r.headers.emplace_back("Retry-After", "2");
    return r;
  });
  TempDir data;
  VigilProcess vigil(Config(
      GhostInstances(1),
      Webhook("ops", rx.url("/hook"), R"(,"retryPolicy":{"initialDelayMs":50,"maxDelayMs":100})"),
      data.path()));
  ASSERT_TRUE(rx.WaitForCount(2, std::chrono::seconds(10))) << vigil.Log();
  auto reqs = rx.requests();
  EXPECT_GE(Ms(reqs[1].received - reqs[0].received), 1990);
}

TEST(Delivery, ReceiverThatNeverAnswersTimesOutAndIsRetried) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  HttpReceiver rx([calls](const RecordedRequest&) {
    Reply r;
    r.never_answer = (*calls)++ == 0;
    return r;
  });
  TempDir data;
  VigilProcess vigil(Config(
      GhostInstances(1),
      Webhook("ops", rx.url("/hook"), R"(,"timeoutMs":1000,"retryPolicy":{"initialDelayMs":50})"),
      data.path()));
  ASSERT_TRUE(rx.WaitForCount(2)) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"success\"")) << vigil.Log();
  auto reqs = rx.requests();
  EXPECT_GE(Ms(reqs[1].received - reqs[0].received), 990);
  EXPECT_NE(vigil.Log().find("timeout"), std::string::npos);
  EXPECT_EQ(*reqs[0].header("X-Webhook-Delivery-Id"), *reqs[1].header("X-Webhook-Delivery-Id"));
}

TEST(Delivery, GoneDisablesTheWebhookAcrossRestarts) {
  HttpReceiver rx([](const RecordedRequest&) { return Status(410); });
  TempDir data;
  std::string cfg = Config(GhostInstances(1), Webhook("ops", rx.url("/hook")), data.path());
  {
    VigilProcess vigil(cfg);
    ASSERT_TRUE(vigil.WaitForLog("webhook disabled")) << vigil.Log();
    EXPECT_EQ(rx.count(), 1u);
    ASSERT_EQ(vigil.Stop(), 0);
  }
  // After a restart the webhook stays disabled: a new instance.down is not delivered.
  std::string cfg2 = Config(GhostInstances(2), Webhook("ops", rx.url("/hook")), data.path());
  VigilProcess vigil(cfg2);
  ASSERT_TRUE(vigil.WaitForLog("\"instance\":\"ghost1\"")) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("vigil starting"));
  EXPECT_EQ(rx.count(), 1u) << vigil.Log();
}

TEST(Delivery, OtherClientErrorsFailAtOnceAndRetriesRunOutIntoDeadLetters) {
  HttpReceiver bad([](const RecordedRequest&) { return Status(400); });
  HttpReceiver down([](const RecordedRequest&) { return Status(500); });
  TempDir data;
  VigilProcess vigil(Config(GhostInstances(1),
                            Webhook("bad", bad.url("/hook")) + "," +
                                Webhook("down", down.url("/hook"),
                                        R"(,"retryPolicy":{"maxRetries":2,"initialDelayMs":20})"),
                            data.path()));
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"failed\"")) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"dead_letter\"")) << vigil.Log();
  EXPECT_EQ(bad.count(), 1u);   // 400: no retry
  EXPECT_EQ(down.count(), 3u);  // first attempt + maxRetries
}

TEST(Delivery, KillNineWithDeliveriesPendingLosesNothing) {
  std::atomic<bool> up{false};
  HttpReceiver rx([&up](const RecordedRequest&) { return Status(up ? 200 : 503); });
  TempDir data;
  std::string instances = GhostInstances(3);
  std::string hooks =
      Webhook("a", rx.url("/a"), R"(,"retryPolicy":{"initialDelayMs":100,"maxDelayMs":300})") +
      "," +
      Webhook("b", rx.url("/b"), R"(,"retryPolicy":{"initialDelayMs":100,"maxDelayMs":300})") +
      "," + Webhook("c", rx.url("/c"), R"(,"retryPolicy":{"initialDelayMs":100,"maxDelayMs":300})");
  // A generous circuit so that attempts keep coming while the receiver fails.
  std::string extra = R"(,"delivery":{"circuitBreaker":{"failureThreshold":1000}})";
  std::string cfg = Config(instances, hooks, data.path(), extra);
  std::set<std::string> before;
  {
    VigilProcess vigil(cfg);
    // 3 instances down x 3 webhooks = 9 deliveries, each attempted at least once and failed.
    ASSERT_TRUE(WaitFor(
        [&] {
          before.clear();
          for (const auto& r : rx.requests()) before.insert(*r.header("X-Webhook-Delivery-Id"));
          return before.size() == 9;
        },
        std::chrono::seconds(10)))
        << vigil.Log();
    vigil.Kill();  // SIGKILL: no chance to flush anything
  }
  up = true;
  std::size_t seen_before_restart = rx.count();
  VigilProcess vigil(cfg);
  std::set<std::string> delivered;
  ASSERT_TRUE(WaitFor(
      [&] {
        delivered.clear();
        auto reqs = rx.requests();
        for (std::size_t i = seen_before_restart; i < reqs.size(); ++i)
          delivered.insert(*reqs[i].header("X-Webhook-Delivery-Id"));
        return delivered == before;
      },
      std::chrono::seconds(15)))
      << vigil.Log();
  // The restart did not re-fire the alerts that were already reported (still down).
  ASSERT_TRUE(vigil.WaitForLog("outbox resumed")) << vigil.Log();
  EXPECT_EQ(vigil.Log().find("\"msg\":\"event\""), std::string::npos) << vigil.Log();
}

TEST(Delivery, HttpsWithTestCaIsDeliveredAndRefusedWithoutIt) {
  const TestPki* pki = MakePki();
  ASSERT_NE(pki, nullptr);
  ReceiverOptions o;
  o.cert_file = pki->server_crt;
  o.key_file = pki->server_key;
  HttpReceiver rx(o);
  TempDir data;
  std::string url = rx.url("/secure", "localhost");
  VigilProcess vigil(
      Config(GhostInstances(1),
             Webhook("trusted", url, R"(,"tls":{"caFile":")" + pki->ca_crt + R"("})") + "," +
                 Webhook("untrusted", url, R"(,"retryPolicy":{"maxRetries":0})"),
             data.path()));
  ASSERT_TRUE(rx.WaitForCount(1)) << vigil.Log();
  ASSERT_TRUE(vigil.WaitForLog("\"outcome\":\"dead_letter\"")) << vigil.Log();
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(*reqs[0].header("X-Webhook-Id"), "trusted");
  std::string log = vigil.Log();
  EXPECT_NE(log.find("\"webhook\":\"untrusted\""), std::string::npos);
  EXPECT_NE(log.find("tls"), std::string::npos);
}

}  // namespace
}  // namespace vigil::testing
