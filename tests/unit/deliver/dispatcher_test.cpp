// The dispatcher in process over a real loop, store, HTTP client and receiver: the operations the
// API calls (list, get, retry one, retry dead letters, queue stats) and dead-letter recovery.
#include "core/deliver/dispatcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>

#include "core/event/event.hpp"
#include "core/store/store.hpp"
#include "tests/support/http_receiver.hpp"
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::deliver {
namespace {

using testing::HttpReceiver;
using testing::RecordedRequest;
using testing::Reply;

class DispatcherTest : public ::testing::Test {
 protected:
  void Start(const std::string& url, int max_retries) {
    uv_loop_init(&loop_);
    config::Webhook w;
    w.id = "ops";
    w.name = "ops";
    w.url = url;
    w.secret = "s3cret";
    w.events = {event::Type::kInstanceDown};
    w.retry_policy.max_retries = max_retries;
    w.retry_policy.initial_delay_ms = 10;
    w.retry_policy.max_delay_ms = 20;
    cfg_.webhooks = {w};
    timers_ = std::make_unique<reactor::TimerQueue>(&loop_);
    http_ = std::make_unique<http::HttpClient>(&loop_, *timers_);
    store::StoreOptions so;
    so.path = dir_.file("data");
    store_ = std::move(store::Store::Open(&loop_, so)).value();
    outbox_ = std::make_unique<Outbox>(*store_, OutboxOptions{});
    dispatcher_ = std::make_unique<Dispatcher>(*timers_, *http_, *outbox_, cfg_);
  }
  void TearDown() override {
    dispatcher_.reset();
    http_->Close();
    outbox_.reset();
    store_->Close();
    timers_->close();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  // Runs the loop until pred holds (or 10 s pass).
  bool RunUntil(const std::function<bool()>& pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!pred() && std::chrono::steady_clock::now() < deadline) uv_run(&loop_, UV_RUN_ONCE);
    return pred();
  }
  std::string EnqueueOne() {
    event::Event e = event::MakeEvent(event::Type::kInstanceDown, {"r1", "127.0.0.1", 6379},
                                      R"({"reason":"refused"})", "down");
    return dispatcher_->Enqueue(e, {0}).at(0);
  }
  Result<Delivery> GetSync(const std::string& id) {
    std::optional<Result<Delivery>> out;
    dispatcher_->Get(id, [&](Result<Delivery> r) { out.emplace(std::move(r)); });
    RunUntil([&] { return out.has_value(); });
    return std::move(*out);
  }
  std::vector<Delivery> ListSync(std::optional<DeliveryStatus> status = std::nullopt,
                                 std::size_t limit = 50, std::size_t offset = 0) {
    std::vector<Delivery> out;
    bool done = false;
    dispatcher_->List("ops", limit, offset, status, [&](Result<std::vector<Delivery>> r) {
      if (r.ok()) out = std::move(r).value();
      done = true;
    });
    RunUntil([&] { return done; });
    return out;
  }

  uv_loop_t loop_;
  testing::TempDir dir_;
  config::Config cfg_;
  std::unique_ptr<reactor::TimerQueue> timers_;
  std::unique_ptr<http::HttpClient> http_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, DeadLetterThenManualRetryIsDelivered) {
  std::atomic<bool> healthy{false};
  HttpReceiver rx([&](const RecordedRequest&) {
    Reply r;
    r.status = healthy ? 200 : 500;
    return r;
  });
  Start(rx.url("/hook"), 2);
  std::string id = EnqueueOne();
  ASSERT_TRUE(RunUntil([&] {
    auto d = GetSync(id);
    return d.ok() && d->status == DeliveryStatus::kDeadLetter;
  }));
  EXPECT_EQ(rx.count(), 3u);  // first attempt + 2 retries
  auto dead = GetSync(id);
  EXPECT_EQ(dead->attempts.size(), 3u);
  EXPECT_EQ(dead->last_status_code, 500);
  EXPECT_GT(dead->completed_at_ms, 0);
  EXPECT_EQ(dispatcher_->RetryQueueStats().pending, 0u);

  healthy = true;
  std::optional<Result<Delivery>> retried;
  dispatcher_->Retry(id, [&](Result<Delivery> r) { retried.emplace(std::move(r)); });
  ASSERT_TRUE(RunUntil([&] { return retried.has_value(); }));
  ASSERT_TRUE(retried->ok());
  EXPECT_TRUE((*retried)->attempts.empty());  // a manual retry resets its attempts
  ASSERT_TRUE(RunUntil([&] {
    auto d = GetSync(id);
    return d.ok() && d->status == DeliveryStatus::kSuccess;
  }));
  auto reqs = rx.requests();
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(*reqs[3].header("X-Webhook-Delivery-Id"), id);  // same id after the manual retry
  EXPECT_TRUE(ListSync(DeliveryStatus::kDeadLetter).empty());
}

TEST_F(DispatcherTest, RetryAllDeadLettersOfAWebhook) {
  std::atomic<bool> healthy{false};
  HttpReceiver rx([&](const RecordedRequest&) {
    Reply r;
    r.status = healthy ? 204 : 503;
    return r;
  });
  Start(rx.url("/hook"), 0);
  for (int i = 0; i < 3; ++i) EnqueueOne();
  ASSERT_TRUE(RunUntil([&] { return ListSync(DeliveryStatus::kDeadLetter).size() == 3; }));
  healthy = true;
  std::optional<Result<std::size_t>> n;
  dispatcher_->RetryDeadLetters("ops", [&](Result<std::size_t> r) { n.emplace(std::move(r)); });
  ASSERT_TRUE(RunUntil([&] { return n.has_value(); }));
  ASSERT_TRUE(n->ok());
  EXPECT_EQ(**n, 3u);
  ASSERT_TRUE(RunUntil([&] { return ListSync(DeliveryStatus::kSuccess).size() == 3; }));
  EXPECT_TRUE(ListSync(DeliveryStatus::kDeadLetter).empty());

  std::optional<Result<std::size_t>> missing;
  dispatcher_->RetryDeadLetters("nope", [&](Result<std::size_t> r) { missing.emplace(r); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->status().code(), Status::Code::kNotFound);
}

TEST_F(DispatcherTest, ListIsNewestFirstAndPagedAndGetFindsNothingUnknown) {
  HttpReceiver rx;
  Start(rx.url("/hook"), 0);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(EnqueueOne());
    // distinct creation times, so "newest first" is well defined
    ASSERT_TRUE(RunUntil([&] { return GetSync(ids.back())->status == DeliveryStatus::kSuccess; }));
    auto t = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
    while (std::chrono::steady_clock::now() < t) uv_run(&loop_, UV_RUN_NOWAIT);
  }
  auto page1 = ListSync(std::nullopt, 2, 0);
  auto page2 = ListSync(std::nullopt, 2, 2);
  ASSERT_EQ(page1.size(), 2u);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page1[0].id, ids[4]);
  EXPECT_EQ(page1[1].id, ids[3]);
  EXPECT_EQ(page2[0].id, ids[2]);
  EXPECT_EQ(GetSync("no-such-id").status().code(), Status::Code::kNotFound);
}

TEST_F(DispatcherTest, QueueStatsShowPendingRetries) {
  HttpReceiver rx([](const RecordedRequest&) {
    Reply r;
    r.status = 503;
    return r;
  });
  Start(rx.url("/hook"), 5);
  EnqueueOne();
  ASSERT_TRUE(
      RunUntil([&] { return rx.count() >= 1 && dispatcher_->RetryQueueStats().next_due_ms; }));
  auto s = dispatcher_->RetryQueueStats();
  EXPECT_EQ(s.pending, 1u);
  EXPECT_GT(s.next_due_ms, 0);
}

}  // namespace
}  // namespace vigil::deliver
