// Outbox over a real store and libuv loop: durable fan-out, due-ordered pending queue across
// reopen and kill -9, history paging, dead letters, events and pruning; saves written as outcomes
// overlaid on the record, and records written before outcomes existed.
#include "core/deliver/outbox.hpp"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/deliver/delivery_codec.hpp"
#include "core/store/keys.hpp"
#include "tests/support/legacy_store.hpp"
#include "tests/support/process.hpp"
#include "tests/support/wait.hpp"

namespace vigil::deliver {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t kNow = 1'700'000'000'000;

Delivery Make(std::string id, std::string webhook, std::int64_t created,
              DeliveryStatus status = DeliveryStatus::kPending) {
  Delivery d;
  d.id = std::move(id);
  d.webhook_id = std::move(webhook);
  d.event_id = "ev";
  d.event = event::Type::kMemoryCritical;
  d.payload = "{\"id\":\"" + d.id + "\"}";
  d.created_at_ms = created;
  d.status = status;
  if (d.final()) d.completed_at_ms = created + 1;
  return d;
}

event::Event MakeEvent(std::string id, std::int64_t ts) {
  event::Event e;
  e.id = std::move(id);
  e.timestamp_ms = ts;
  return e;
}

std::vector<std::string> Ids(const std::vector<Delivery>& ds) {
  std::vector<std::string> out;
  for (const Delivery& d : ds) out.push_back(d.id);
  return out;
}

class OutboxTest : public ::testing::Test {
 protected:
  OutboxTest() {
    uv_loop_init(&loop_);
    Open();
  }
  ~OutboxTest() override {
    Close();
    uv_run(&loop_, UV_RUN_NOWAIT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }

  void Open(OutboxOptions o = {}) {
    store::StoreOptions so;
    so.path = dir_.file("db");
    auto s = store::Store::Open(&loop_, so);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s).value();
    outbox_ = std::make_unique<Outbox>(*store_, o);
  }
  void Close() {
    outbox_.reset();
    store_.reset();
  }
  void Reopen(OutboxOptions o = {}) {
    Close();
    Open(o);
  }

  // Adds one event fanned out to `ds`, waits until it is durable, returns its pending marker.
  std::string Add(const std::vector<Delivery>& ds, std::string event_id = "ev",
                  std::int64_t ts = kNow) {
    std::vector<const Delivery*> ptrs;
    for (const Delivery& d : ds) ptrs.push_back(&d);
    bool done = false;
    std::string marker = outbox_->AddEvent(
        MakeEvent(event_id, ts), "{\"event\":\"" + event_id + "\"}", ptrs, [&](const Status& st) {
          EXPECT_TRUE(st.ok()) << st.message();
          done = true;
        });
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_TRUE(done);
    return marker;
  }
  void Save(const Delivery& d, std::int64_t prev_due, std::string_view drop_marker = {}) {
    outbox_->Save(d, prev_due, {}, drop_marker);
    uv_run(&loop_, UV_RUN_DEFAULT);
  }
  // Every key of the pending column family, in order.
  std::vector<std::string> PendingKeys() {
    std::vector<std::string> out;
    std::unique_ptr<rocksdb::Iterator> it(
        store_->db()->NewIterator(rocksdb::ReadOptions(), store_->cf(store::Cf::kPending)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) out.push_back(it->key().ToString());
    return out;
  }

  template <typename T, typename Start>
  T Await(Start start) {
    std::optional<T> out;
    start([&](T r) { out.emplace(std::move(r)); });
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_TRUE(out.has_value());
    return std::move(*out);
  }
  std::vector<Delivery> List(const std::string& wh, std::size_t limit, std::size_t offset,
                             std::optional<DeliveryStatus> status = std::nullopt) {
    auto r = Await<Result<std::vector<Delivery>>>(
        [&](auto cb) { outbox_->List(wh, limit, offset, status, cb); });
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<Delivery>{};
  }
  Result<Delivery> Get(const std::string& id) {
    return Await<Result<Delivery>>([&](auto cb) { outbox_->Get(id, cb); });
  }
  std::vector<std::string> DeadLetters(const std::string& wh) {
    auto r =
        Await<Result<std::vector<Delivery>>>([&](auto cb) { outbox_->ListDeadLetters(wh, cb); });
    EXPECT_TRUE(r.ok());
    return r.ok() ? Ids(*r) : std::vector<std::string>{};
  }
  std::size_t Prune(std::int64_t now) {
    return Await<std::size_t>([&](auto cb) { outbox_->Prune(now, cb); });
  }
  std::vector<std::string> Pending() {
    auto r = outbox_->LoadPending();
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? Ids(*r) : std::vector<std::string>{};
  }
  // The raw value of a key, nullopt when absent.
  std::optional<std::string> Raw(store::Cf cf, const std::string& key) {
    std::string v;
    rocksdb::Status st = store_->db()->Get(rocksdb::ReadOptions(), store_->cf(cf), key, &v);
    EXPECT_TRUE(st.ok() || st.IsNotFound()) << st.ToString();
    if (!st.ok()) return std::nullopt;
    return v;
  }
  // Writes keys directly, bypassing the Outbox (old layouts, corruption).
  void Write(std::vector<std::pair<store::Cf, std::pair<std::string, std::string>>> puts) {
    store::Batch b = store_->NewBatch();
    for (auto& [cf, kv] : puts) b.Put(cf, kv.first, kv.second);
    store_->Commit(std::move(b));
    uv_run(&loop_, UV_RUN_DEFAULT);
  }

  testing::TempDir dir_;
  uv_loop_t loop_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, AddEventIsDurableAndLoadsInDueOrder) {
  Delivery late = Make("late", "a", kNow + 30);
  Delivery early = Make("early", "b", kNow + 10);
  Delivery retry = Make("retry", "a", kNow + 20, DeliveryStatus::kRetrying);
  retry.next_retry_at_ms = kNow + 5;  // due before it was created + 10
  Add({late, early, retry});
  Reopen();
  EXPECT_EQ(Pending(), (std::vector<std::string>{"retry", "early", "late"}));
  auto got = Get("early");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->payload, early.payload);
}

TEST_F(OutboxTest, PendingFollowsMovesAndLeavesWhenFinal) {
  Delivery a = Make("a", "w", kNow + 1), b = Make("b", "w", kNow + 2), c = Make("c", "w", kNow + 3);
  Add({a, b, c});
  // a fails once: retried after c.
  a.status = DeliveryStatus::kRetrying;
  a.attempts.push_back({kNow + 1, 5, 503, ""});
  a.next_retry_at_ms = kNow + 100;
  Save(a, kNow + 1);
  // b succeeds: leaves the queue.
  b.status = DeliveryStatus::kSuccess;
  b.completed_at_ms = kNow + 4;
  Save(b, kNow + 2);
  EXPECT_EQ(Pending(), (std::vector<std::string>{"c", "a"}));
  // a retried again, later still; c dead-lettered.
  a.next_retry_at_ms = kNow + 200;
  Save(a, kNow + 100);
  c.status = DeliveryStatus::kDeadLetter;
  Save(c, kNow + 3);
  Reopen();
  EXPECT_EQ(Pending(), (std::vector<std::string>{"a"}));
  auto ra = Get("a");
  ASSERT_TRUE(ra.ok());
  EXPECT_EQ(ra->next_retry_at_ms, kNow + 200);
  ASSERT_EQ(ra->attempts.size(), 1u);
  EXPECT_EQ(ra->attempts[0].status_code, 503);
  EXPECT_EQ(Get("b")->status, DeliveryStatus::kSuccess);
}

TEST_F(OutboxTest, LoadPendingDropsStaleKeysFromAWrongPrevDue) {
  Delivery a = Make("a", "w", kNow);
  Add({a});
  a.next_retry_at_ms = kNow + 50;
  Save(a, 0);  // wrong: it was queued under kNow, so two keys now exist
  EXPECT_EQ(Pending(), (std::vector<std::string>{"a"}));
  uv_run(&loop_, UV_RUN_DEFAULT);  // the cleanup commit
  Reopen();
  EXPECT_EQ(Pending(), (std::vector<std::string>{"a"}));
}

TEST_F(OutboxTest, ListPagesNewestFirstAndFiltersByStatus) {
  std::vector<Delivery> ds;
  for (int i = 0; i < 10; ++i)
    ds.push_back(Make("d" + std::to_string(i), "hook", kNow + i,
                      i % 3 == 0 ? DeliveryStatus::kFailed : DeliveryStatus::kSuccess));
  ds.push_back(Make("other", "hook2", kNow + 50));  // another webhook, never listed here
  ds.push_back(Make("prefix", "hoo", kNow + 60));   // a webhook id that is a prefix of "hook"
  Add(ds);
  EXPECT_EQ(Ids(List("hook", 3, 0)), (std::vector<std::string>{"d9", "d8", "d7"}));
  EXPECT_EQ(Ids(List("hook", 3, 3)), (std::vector<std::string>{"d6", "d5", "d4"}));
  EXPECT_EQ(Ids(List("hook", 3, 9)), (std::vector<std::string>{"d0"}));
  EXPECT_TRUE(List("hook", 3, 10).empty());
  EXPECT_EQ(Ids(List("hook", 10, 0, DeliveryStatus::kFailed)),
            (std::vector<std::string>{"d9", "d6", "d3", "d0"}));
  EXPECT_EQ(Ids(List("hook", 2, 1, DeliveryStatus::kFailed)),
            (std::vector<std::string>{"d6", "d3"}));
  EXPECT_EQ(Ids(List("hoo", 10, 0)), (std::vector<std::string>{"prefix"}));
  EXPECT_TRUE(List("nobody", 10, 0).empty());
}

TEST_F(OutboxTest, GetOfAnUnknownIdIsNotFound) {
  auto r = Get("missing");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kNotFound);
}

TEST_F(OutboxTest, DeadLetterIndexIsAddedAndRemoved) {
  Delivery a = Make("a", "w", kNow), b = Make("b", "w", kNow + 1), c = Make("c", "v", kNow);
  Add({a, b, c});
  a.status = DeliveryStatus::kDeadLetter;
  Save(a, kNow);
  b.status = DeliveryStatus::kDeadLetter;
  Save(b, kNow + 1);
  c.status = DeliveryStatus::kDeadLetter;
  Save(c, kNow);
  EXPECT_EQ(DeadLetters("w"), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(DeadLetters("v"), (std::vector<std::string>{"c"}));
  // An operator re-queues a: it leaves the dead letters and the queue has it again.
  a.status = DeliveryStatus::kPending;
  a.next_retry_at_ms = kNow + 10;
  Save(a, 0);
  EXPECT_EQ(DeadLetters("w"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(Pending(), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(DeadLetters("nobody").empty());
}

TEST_F(OutboxTest, EventsListNewestFirst) {
  Add({}, "e1", kNow + 1);
  Add({}, "e3", kNow + 3);
  Add({}, "e2", kNow + 2);
  auto r = Await<Result<std::vector<std::string>>>([&](auto cb) { outbox_->ListEvents(2, cb); });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"{\"event\":\"e3\"}", "{\"event\":\"e2\"}"}));
}

TEST_F(OutboxTest, PruneByAgeKeepsWhatIsNotFinal) {
  Delivery old_ok = Make("old-ok", "w", kNow - 40 * kDay, DeliveryStatus::kSuccess);
  Delivery old_dead = Make("old-dead", "w", kNow - 31 * kDay, DeliveryStatus::kDeadLetter);
  Delivery old_pending = Make("old-pending", "w", kNow - 35 * kDay, DeliveryStatus::kRetrying);
  Delivery fresh = Make("fresh", "w", kNow - 1 * kDay, DeliveryStatus::kFailed);
  Add({old_ok, old_dead, old_pending}, "old-event", kNow - 40 * kDay);
  Add({fresh}, "new-event", kNow - kDay);
  EXPECT_EQ(DeadLetters("w"), (std::vector<std::string>{"old-dead"}));
  EXPECT_EQ(Prune(kNow), 2u);
  EXPECT_EQ(Ids(List("w", 10, 0)), (std::vector<std::string>{"fresh", "old-pending"}));
  EXPECT_EQ(Get("old-ok").status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(DeadLetters("w").empty());
  EXPECT_EQ(Pending(), (std::vector<std::string>{"old-pending"}));
  auto ev = Await<Result<std::vector<std::string>>>([&](auto cb) { outbox_->ListEvents(10, cb); });
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(*ev, (std::vector<std::string>{"{\"event\":\"new-event\"}"}));
  EXPECT_EQ(Prune(kNow), 0u);  // nothing left to prune
}

TEST_F(OutboxTest, PruneByCountPerWebhook) {
  Reopen(OutboxOptions{30, 3});
  std::vector<Delivery> ds;
  for (int i = 0; i < 6; ++i)
    ds.push_back(Make("a" + std::to_string(i), "a", kNow + i,
                      i == 1 ? DeliveryStatus::kPending : DeliveryStatus::kSuccess));
  for (int i = 0; i < 2; ++i)
    ds.push_back(Make("b" + std::to_string(i), "b", kNow + i, DeliveryStatus::kSuccess));
  Add(ds);
  // a: newest 3 kept (a5 a4 a3); of the rest a1 is still pending, so only a2 and a0 go.
  EXPECT_EQ(Prune(kNow + 10), 2u);
  EXPECT_EQ(Ids(List("a", 10, 0)), (std::vector<std::string>{"a5", "a4", "a3", "a1"}));
  EXPECT_EQ(Ids(List("b", 10, 0)), (std::vector<std::string>{"b1", "b0"}));
}

TEST_F(OutboxTest, SyncDurabilityWorks) {
  Close();
  store::StoreOptions so;
  so.path = dir_.file("db");
  so.sync = true;
  store_ = std::move(store::Store::Open(&loop_, so)).value();
  outbox_ = std::make_unique<Outbox>(*store_, OutboxOptions{});
  Add({Make("s1", "w", kNow), Make("s2", "w", kNow + 1)});
  Reopen();
  EXPECT_EQ(Pending(), (std::vector<std::string>{"s1", "s2"}));
}

// A delivery as a sink renders it: the request is part of the record, never of the outcome.
Delivery WithRequest(Delivery d) {
  d.method = "POST";
  d.url = "https://hooks.example.com/" + d.id;
  d.request_headers = {{"Content-Type", "application/json"}};
  d.payload = std::string(500, 'p');
  return d;
}

TEST_F(OutboxTest, SaveWritesOnlyTheOutcomeAndEveryReadOverlaysIt) {
  Delivery ok = WithRequest(Make("ok", "w", kNow)), dead = WithRequest(Make("dead", "w", kNow + 1));
  Add({ok, dead});
  std::optional<std::string> record_before = Raw(store::Cf::kDeliveries, "ok");
  ASSERT_TRUE(record_before);
  EXPECT_FALSE(Raw(store::Cf::kOutcomes, "ok"));  // AddEvent writes the record alone

  ok.status = DeliveryStatus::kSuccess;
  ok.attempts = {{kNow + 5, 12, 200, ""}};
  ok.last_status_code = 200;
  ok.response_body = "accepted";
  ok.duration_ms = 12;
  ok.completed_at_ms = kNow + 17;
  Save(ok, kNow);
  dead.status = DeliveryStatus::kDeadLetter;
  dead.attempts = {{kNow + 5, 3, 0, "connection refused"}, {kNow + 50, 4, 503, ""}};
  dead.last_status_code = 503;
  dead.last_error = "HTTP 503";
  dead.completed_at_ms = kNow + 54;
  Save(dead, kNow + 1);

  // The record is untouched; the outcome is small.
  EXPECT_EQ(Raw(store::Cf::kDeliveries, "ok"), record_before);
  auto outcome = Raw(store::Cf::kOutcomes, "ok");
  ASSERT_TRUE(outcome);
  EXPECT_LT(outcome->size(), 40u);

  auto got = Get("ok");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->status, DeliveryStatus::kSuccess);
  EXPECT_EQ(got->response_body, "accepted");
  EXPECT_EQ(got->completed_at_ms, kNow + 17);
  ASSERT_EQ(got->attempts.size(), 1u);
  EXPECT_EQ(got->attempts[0].status_code, 200);
  EXPECT_EQ(got->url, ok.url);  // and the record's fields
  EXPECT_EQ(got->payload, ok.payload);
  EXPECT_EQ(got->request_headers, ok.request_headers);

  auto listed = List("w", 10, 0);
  ASSERT_EQ(Ids(listed), (std::vector<std::string>{"dead", "ok"}));
  EXPECT_EQ(listed[0].status, DeliveryStatus::kDeadLetter);
  EXPECT_EQ(listed[0].last_error, "HTTP 503");
  EXPECT_EQ(listed[1].status, DeliveryStatus::kSuccess);
  EXPECT_EQ(Ids(List("w", 10, 0, DeliveryStatus::kSuccess)), (std::vector<std::string>{"ok"}));

  auto dl =
      Await<Result<std::vector<Delivery>>>([&](auto cb) { outbox_->ListDeadLetters("w", cb); });
  ASSERT_TRUE(dl.ok());
  ASSERT_EQ(Ids(*dl), (std::vector<std::string>{"dead"}));
  ASSERT_EQ((*dl)[0].attempts.size(), 2u);
  EXPECT_EQ((*dl)[0].attempts[0].error, "connection refused");
  EXPECT_EQ((*dl)[0].payload, dead.payload);
  EXPECT_TRUE(Pending().empty());
}

TEST_F(OutboxTest, LoadPendingAfterSaveRetryingGivesTheOverlaidState) {
  Delivery a = WithRequest(Make("a", "w", kNow));
  Add({a});
  a.status = DeliveryStatus::kRetrying;
  a.attempts = {{kNow + 1, 9, 502, ""}};
  a.last_status_code = 502;
  a.next_retry_at_ms = kNow + 1000;
  Save(a, kNow);
  Reopen();
  auto r = outbox_->LoadPending();
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  const Delivery& got = (*r)[0];
  EXPECT_EQ(got.status, DeliveryStatus::kRetrying);
  EXPECT_EQ(got.next_retry_at_ms, kNow + 1000);
  EXPECT_EQ(Outbox::DueMs(got), kNow + 1000);
  ASSERT_EQ(got.attempts.size(), 1u);
  EXPECT_EQ(got.attempts[0].status_code, 502);
  EXPECT_EQ(got.url, a.url);
  uv_run(&loop_, UV_RUN_DEFAULT);  // LoadPending found nothing stale to remove
  EXPECT_TRUE(Raw(store::Cf::kPending, store::TimeIdKey(kNow + 1000, "a")));
  EXPECT_FALSE(Raw(store::Cf::kPending, store::TimeIdKey(kNow, "a")));
}

// The layout before outcomes: Save rewrote the whole record, which holds the state.
TEST_F(OutboxTest, RecordsWrittenWithoutAnOutcomeReadAsTheyAre) {
  using store::Cf;
  Delivery ok = WithRequest(Make("old-ok", "w", kNow, DeliveryStatus::kSuccess));
  ok.attempts = {{kNow, 7, 204, ""}};
  Delivery dead = WithRequest(Make("old-dead", "w", kNow + 1, DeliveryStatus::kDeadLetter));
  dead.attempts = {{kNow, 7, 500, ""}};
  Delivery retry = WithRequest(Make("old-retry", "w", kNow + 2, DeliveryStatus::kRetrying));
  retry.attempts = {{kNow + 2, 7, 503, ""}};
  retry.next_retry_at_ms = kNow + 500;
  Write({{Cf::kDeliveries, {ok.id, EncodeDelivery(ok)}},
         {Cf::kHistory, {store::ScopedTimeIdKey("w", ok.created_at_ms, ok.id), ""}},
         {Cf::kDeliveries, {dead.id, EncodeDelivery(dead)}},
         {Cf::kHistory, {store::ScopedTimeIdKey("w", dead.created_at_ms, dead.id), ""}},
         {Cf::kDeadLetters, {store::ScopedKey("w", dead.id), ""}},
         {Cf::kDeliveries, {retry.id, EncodeDelivery(retry)}},
         {Cf::kHistory, {store::ScopedTimeIdKey("w", retry.created_at_ms, retry.id), ""}},
         {Cf::kPending, {store::TimeIdKey(kNow + 500, retry.id), ""}}});
  Reopen();
  auto pending = outbox_->LoadPending();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(Ids(*pending), (std::vector<std::string>{"old-retry"}));
  EXPECT_EQ((*pending)[0].attempts.size(), 1u);
  auto got = Get("old-ok");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, DeliveryStatus::kSuccess);
  EXPECT_EQ(got->attempts[0].status_code, 204);
  EXPECT_EQ(Ids(List("w", 10, 0)), (std::vector<std::string>{"old-retry", "old-dead", "old-ok"}));
  EXPECT_EQ(DeadLetters("w"), (std::vector<std::string>{"old-dead"}));

  // Saving such a delivery adds an outcome that wins over the record's state.
  retry.status = DeliveryStatus::kSuccess;
  retry.attempts.push_back({kNow + 500, 3, 200, ""});
  retry.next_retry_at_ms = 0;
  retry.completed_at_ms = kNow + 503;
  Save(retry, kNow + 500);
  got = Get("old-retry");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, DeliveryStatus::kSuccess);
  EXPECT_EQ(got->attempts.size(), 2u);
  EXPECT_TRUE(Pending().empty());
}

TEST_F(OutboxTest, PruneRemovesTheRecordAndItsOutcome) {
  Delivery old_ok = Make("old-ok", "w", kNow - 40 * kDay);
  Delivery old_dead = Make("old-dead", "w", kNow - 40 * kDay + 1);
  Delivery old_retry = Make("old-retry", "w", kNow - 40 * kDay + 2);
  Add({old_ok, old_dead, old_retry}, "old", kNow - 40 * kDay);
  old_ok.status = DeliveryStatus::kSuccess;
  Save(old_ok, old_ok.created_at_ms);
  old_dead.status = DeliveryStatus::kDeadLetter;
  Save(old_dead, old_dead.created_at_ms);
  old_retry.status = DeliveryStatus::kRetrying;  // still to be delivered: kept
  old_retry.next_retry_at_ms = kNow + 10;
  Save(old_retry, old_retry.created_at_ms);
  EXPECT_EQ(Prune(kNow), 2u);
  for (const char* id : {"old-ok", "old-dead"}) {
    EXPECT_FALSE(Raw(store::Cf::kDeliveries, id)) << id;
    EXPECT_FALSE(Raw(store::Cf::kOutcomes, id)) << id;
  }
  EXPECT_TRUE(DeadLetters("w").empty());
  EXPECT_TRUE(Raw(store::Cf::kOutcomes, "old-retry"));
  EXPECT_EQ(Ids(List("w", 10, 0)), (std::vector<std::string>{"old-retry"}));
}

TEST_F(OutboxTest, PruneGoesByTheOutcomeNotTheRecord) {
  // Written as final by AddEvent (a sink could not render it), then re-queued by an operator:
  // the record says failed, the outcome says pending. It must not be pruned.
  Delivery d = Make("requeued", "w", kNow - 40 * kDay, DeliveryStatus::kFailed);
  Add({d}, "old", kNow - 40 * kDay);
  d.status = DeliveryStatus::kPending;
  d.completed_at_ms = 0;
  d.next_retry_at_ms = kNow;
  Save(d, 0);
  EXPECT_EQ(Prune(kNow), 0u);
  EXPECT_EQ(Pending(), (std::vector<std::string>{"requeued"}));
}

TEST_F(OutboxTest, ACorruptOutcomeIsAnErrorNamingTheFieldAndTheId) {
  Delivery a = Make("a", "w", kNow);
  Add({a});
  std::string bad;
  EncodeOutcome(a, &bad);
  bad[1] = 9;  // the status code
  Write({{store::Cf::kOutcomes, {"a", bad}}});
  auto got = Get("a");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), Status::Code::kInvalid);
  EXPECT_NE(got.status().message().find("status"), std::string::npos) << got.status().message();
  EXPECT_NE(got.status().message().find("(id a)"), std::string::npos) << got.status().message();
  EXPECT_TRUE(List("w", 10, 0).empty());  // listings skip it
}

TEST_F(OutboxTest, APendingKeyWithoutARecordIsDroppedWithItsOutcome) {
  Delivery ghost = Make("ghost", "w", kNow);  // its AddEvent never became durable
  ghost.status = DeliveryStatus::kRetrying;
  ghost.next_retry_at_ms = kNow + 5;
  Save(ghost, 0);
  EXPECT_TRUE(Raw(store::Cf::kOutcomes, "ghost"));
  EXPECT_TRUE(Pending().empty());
  uv_run(&loop_, UV_RUN_DEFAULT);  // the cleanup commit
  EXPECT_FALSE(Raw(store::Cf::kOutcomes, "ghost"));
  EXPECT_FALSE(Raw(store::Cf::kPending, store::TimeIdKey(kNow + 5, "ghost")));
}

TEST_F(OutboxTest, AnEventIsQueuedByOneMarkerThatLoadPendingReplacesWithKeysOfTheirOwn) {
  Delivery a = Make("a", "w", kNow), b = Make("b", "v", kNow);
  Delivery failed = Make("f", "u", kNow, DeliveryStatus::kFailed);  // final: not covered
  Delivery retry = Make("r", "w", kNow, DeliveryStatus::kRetrying);
  retry.next_retry_at_ms = kNow - 5;
  std::string marker = Add({a, failed, b, retry});
  std::string want_key = store::TimeIdKey(kNow, "") + "#a";
  EXPECT_EQ(marker, want_key);
  EXPECT_EQ(PendingKeys(), std::vector<std::string>{want_key});  // one key for the event
  Reopen();  // as after a crash: nothing was saved
  EXPECT_EQ(Pending(), (std::vector<std::string>{"r", "a", "b"}));  // in due order
  uv_run(&loop_, UV_RUN_DEFAULT);  // the commit that replaces the marker
  EXPECT_EQ(PendingKeys(),
            (std::vector<std::string>{store::TimeIdKey(kNow - 5, "r"), store::TimeIdKey(kNow, "a"),
                                      store::TimeIdKey(kNow, "b")}));
  // From now on they are saved as deliveries with keys of their own.
  a.status = DeliveryStatus::kSuccess;
  Save(a, kNow);
  Reopen();
  EXPECT_EQ(Pending(), (std::vector<std::string>{"r", "b"}));
}

TEST_F(OutboxTest, AMarkedDeliveryThatWasSavedIsLoadedOnceByItsOwnKey) {
  Delivery a = Make("a", "w", kNow), b = Make("b", "w", kNow), c = Make("c", "w", kNow);
  std::string marker = Add({a, b, c});
  a.status = DeliveryStatus::kSuccess;  // final at its first attempt
  Save(a, Outbox::kMarked);
  b.status = DeliveryStatus::kRetrying;  // failed once: queued under a key of its own
  b.next_retry_at_ms = kNow + 100;
  Save(b, Outbox::kMarked);
  EXPECT_EQ(PendingKeys(), (std::vector<std::string>{marker, store::TimeIdKey(kNow + 100, "b")}));
  {
    Outbox other(*store_, OutboxOptions{});  // a crash now: c by the marker, b by its key, once
    auto p = other.LoadPending();
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(Ids(*p), (std::vector<std::string>{"c", "b"}));
    uv_run(&loop_, UV_RUN_DEFAULT);
  }
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(PendingKeys(), (std::vector<std::string>{store::TimeIdKey(kNow, "c"),
                                                     store::TimeIdKey(kNow + 100, "b")}));
}

TEST_F(OutboxTest, TheLastSettlingSaveDeletesTheMarker) {
  Delivery a = Make("a", "w", kNow), b = Make("b", "w", kNow);
  std::string marker = Add({a, b});
  a.status = b.status = DeliveryStatus::kSuccess;
  Save(a, Outbox::kMarked);
  Save(b, Outbox::kMarked, marker);
  EXPECT_TRUE(PendingKeys().empty());
  Reopen();
  EXPECT_TRUE(Pending().empty());
  EXPECT_EQ(Get("b")->status, DeliveryStatus::kSuccess);
}

// A data directory from before the outcomes column family: opened, the family created, the old
// records read, and new saves go to outcomes.
TEST_F(OutboxTest, OpensAStoreCreatedWithoutTheOutcomesFamily) {
  Close();
  std::string path = dir_.file("old-db");
  Delivery d = WithRequest(Make("legacy", "w", kNow, DeliveryStatus::kRetrying));
  d.next_retry_at_ms = kNow + 100;
  ASSERT_TRUE(vigil::testing::WriteLegacyStore(path, [&](rocksdb::DB* db, const auto& h) {
    rocksdb::WriteBatch b;
    ASSERT_TRUE(b.Put(h[1], d.id, EncodeDelivery(d)).ok());
    ASSERT_TRUE(b.Put(h[2], store::TimeIdKey(kNow + 100, d.id), "").ok());
    ASSERT_TRUE(b.Put(h[3], store::ScopedTimeIdKey("w", kNow, d.id), "").ok());
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &b).ok());
  }));
  for (int round = 0; round < 2; ++round) {
    store::StoreOptions so;
    so.path = path;
    auto s = store::Store::Open(&loop_, so);
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s).value();
    ASSERT_NE(store_->cf(store::Cf::kOutcomes), nullptr);
    outbox_ = std::make_unique<Outbox>(*store_, OutboxOptions{});
    auto pending = outbox_->LoadPending();
    ASSERT_TRUE(pending.ok()) << pending.status().message();
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ((*pending)[0].url, d.url);
    if (round == 0) {
      EXPECT_EQ((*pending)[0].next_retry_at_ms, kNow + 100);
      d.attempts = {{kNow + 100, 5, 503, ""}};
      d.next_retry_at_ms = kNow + 300;
      Save(d, kNow + 100);
    } else {  // reopened with the family it created: the outcome was kept
      EXPECT_EQ((*pending)[0].next_retry_at_ms, kNow + 300);
      EXPECT_EQ((*pending)[0].attempts.size(), 1u);
    }
    Close();
  }
}

// ---- kill -9: the child half runs only when the parent test re-executes this binary ----

constexpr const char* kCrashDirEnv = "VIGIL_OUTBOX_CRASH_DIR";

TEST(OutboxCrashChild, CommitThenWaitForKill) {
  const char* dir = std::getenv(kCrashDirEnv);
  if (!dir) GTEST_SKIP() << "runs as the child of OutboxCrash.PendingSurvivesKill9";
  uv_loop_t loop;
  uv_loop_init(&loop);
  store::StoreOptions so;
  so.path = std::string(dir) + "/db";  // durability "process": WAL, no fsync
  auto store = store::Store::Open(&loop, so);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Outbox outbox(**store, {});
  Delivery a = Make("a", "w", kNow + 2), b = Make("b", "w", kNow + 1), c = Make("c", "w", kNow);
  std::vector<const Delivery*> ds{&a, &b, &c};
  outbox.AddEvent(MakeEvent("ev", kNow), "{}", ds, [&](const Status& st) {
    ASSERT_TRUE(st.ok());
    c.status = DeliveryStatus::kSuccess;
    outbox.Save(c, kNow, [&](const Status& st2) {
      ASSERT_TRUE(st2.ok());
      std::ofstream(std::string(dir) + "/committed") << "yes";
    });
  });
  uv_run(&loop, UV_RUN_DEFAULT);
  for (;;) pause();  // the parent kills us with SIGKILL: no Close, no flush
}

TEST(OutboxCrash, PendingSurvivesKill9) {
  testing::TempDir dir;
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  ::setenv(kCrashDirEnv, dir.path().c_str(), 1);
  pid_t pid = testing::Spawn({self, "--gtest_filter=OutboxCrashChild.*"}, dir.file("child.log"));
  ::unsetenv(kCrashDirEnv);
  bool committed = testing::WaitFor([&] { return std::filesystem::exists(dir.file("committed")); });
  EXPECT_EQ(testing::KillAndWait(pid, SIGKILL), 128 + SIGKILL);
  ASSERT_TRUE(committed) << testing::RunCapture({"cat", dir.file("child.log")});

  uv_loop_t loop;
  uv_loop_init(&loop);
  {
    store::StoreOptions so;
    so.path = dir.file("db");
    auto store = store::Store::Open(&loop, so);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Outbox outbox(**store, {});
    auto pending = outbox.LoadPending();
    ASSERT_TRUE(pending.ok()) << pending.status().message();
    EXPECT_EQ(Ids(*pending), (std::vector<std::string>{"b", "a"}));
    std::optional<Result<Delivery>> c;
    outbox.Get("c", [&](Result<Delivery> r) { c.emplace(std::move(r)); });
    uv_run(&loop, UV_RUN_DEFAULT);
    ASSERT_TRUE(c && c->ok());
    EXPECT_EQ((*c)->status, DeliveryStatus::kSuccess);
  }
  uv_run(&loop, UV_RUN_NOWAIT);
  EXPECT_EQ(uv_loop_close(&loop), 0);
}

}  // namespace
}  // namespace vigil::deliver
