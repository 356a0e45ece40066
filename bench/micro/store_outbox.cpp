// Outbox throughput on a real RocksDB in a temp dir: AddEvent (fan-out to 2 webhooks) then Save of
// each delivery to final, with durability "process" (WAL, no fsync) and "fsync" (synced groups);
// and Save to final alone (what every finished delivery costs the store), with the time Save
// itself takes on the calling (loop) thread.
//
// Physical limits: with fsync every group costs one fdatasync of the WAL (~0.05-2 ms on SSDs,
// 5-20 ms on disks, more on network volumes), so throughput = group size / fsync latency: it
// holds up only because the store thread merges everything queued since its last write into one
// group. Without fsync a group is a memcpy into the page cache, bounded by CPU (encoding, the
// memtable inserts) and eventually by flush/compaction bandwidth. BM_StoreCommitLatency shows
// the cost of one isolated commit, i.e. the floor a non-batching design would pay per delivery.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/deliver/outbox.hpp"
#include "core/store/store.hpp"

namespace {

using vigil::deliver::Delivery;
using vigil::deliver::DeliveryStatus;

class BenchDir {
 public:
  BenchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "vigil-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~BenchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Fixture {
  explicit Fixture(bool sync) {
    uv_loop_init(&loop);
    vigil::store::StoreOptions o;
    o.path = dir.path() + "/db";
    o.sync = sync;
    store = std::move(vigil::store::Store::Open(&loop, o)).value();
    outbox = std::make_unique<vigil::deliver::Outbox>(*store, vigil::deliver::OutboxOptions{});
  }
  ~Fixture() {
    outbox.reset();
    store.reset();
    uv_run(&loop, UV_RUN_NOWAIT);
    uv_loop_close(&loop);
  }
  BenchDir dir;
  uv_loop_t loop;
  std::unique_ptr<vigil::store::Store> store;
  std::unique_ptr<vigil::deliver::Outbox> outbox;
};

Delivery MakeDelivery(std::uint64_t n, const char* webhook, const std::string& payload) {
  Delivery d;
  d.id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + n);
  d.webhook_id = webhook;
  d.event_id = "event-" + std::to_string(n);
  d.event = vigil::event::Type::kMemoryCritical;
  d.instance = "cache-1";
  d.method = "POST";
  d.url = "https://hooks.example.com/services/T0000000/B0000000/abcdefghijklmnop";
  d.request_headers = {{"Content-Type", "application/json"}, {"User-Agent", "vigil/1.0"}};
  d.payload = payload;
  d.created_at_ms = 1700000000000 + static_cast<std::int64_t>(n);
  return d;
}

// A successful attempt, as the dispatcher records it before the final Save.
void Succeed(Delivery& d) {
  d.status = DeliveryStatus::kSuccess;
  d.attempts.push_back({d.created_at_ms, 12, 200, ""});
  d.last_status_code = 200;
  d.response_body = "ok";
  d.duration_ms = 12;
  d.completed_at_ms = d.created_at_ms + 12;
}

// One iteration: 500 events arrive at once, fan out to 2 deliveries each, every delivery then
// succeeds. Counts deliveries/s; groups/commit shows the coalescing.
void BM_OutboxAddEventSaveFinal(benchmark::State& state) {
  Fixture f(state.range(0) != 0);
  const std::string payload(600, 'x');  // a typical rendered event
  constexpr int kEvents = 500;
  std::uint64_t n = 0;
  for (auto _ : state) {
    int saved = 0;
    for (int e = 0; e < kEvents; ++e) {
      auto ds = std::make_shared<std::vector<Delivery>>();
      ds->push_back(MakeDelivery(n++, "slack", payload));
      ds->push_back(MakeDelivery(n++, "pagerduty", payload));
      vigil::event::Event ev;
      ev.id = (*ds)[0].event_id;
      ev.timestamp_ms = (*ds)[0].created_at_ms;
      // As the dispatcher does: both deliveries are queued by the event's marker, and the save
      // that settles the second one deletes it.
      auto marker = std::make_shared<std::string>();
      *marker = f.outbox->AddEvent(
          ev, payload, {&(*ds)[0], &(*ds)[1]}, [&, ds, marker](const vigil::Status&) {
            for (std::size_t i = 0; i < ds->size(); ++i) {
              Succeed((*ds)[i]);
              f.outbox->Save((*ds)[i], vigil::deliver::Outbox::kMarked,
                             [&](const vigil::Status&) { ++saved; },
                             i + 1 == ds->size() ? std::string_view(*marker) : std::string_view());
            }
          });
    }
    uv_run(&f.loop, UV_RUN_DEFAULT);
    if (saved != 2 * kEvents) state.SkipWithError("not every save completed");
  }
  auto st = f.store->stats();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 2 * kEvents);
  state.counters["groups_per_commit"] =
      static_cast<double>(st.groups_written) / static_cast<double>(st.commits);
  state.counters["bytes_per_delivery"] =
      static_cast<double>(st.bytes_written) / static_cast<double>(n ? n : 1);
}
BENCHMARK(BM_OutboxAddEventSaveFinal)
    ->ArgName("fsync")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One iteration: 1000 stored, queued deliveries (written untimed) are each saved as succeeded.
// Counts saves/s through the store; save_call_ns is the time one Save call takes on the loop
// thread (building and queueing the batch), bytes_per_save what the store thread writes for it.
void BM_OutboxSaveFinal(benchmark::State& state) {
  Fixture f(state.range(0) != 0);
  const std::string payload(600, 'x');
  constexpr int kDeliveries = 1000;
  std::uint64_t n = 0;
  double call_ns = 0;
  std::uint64_t bytes = 0;
  std::vector<Delivery> ds(kDeliveries);
  for (auto _ : state) {
    state.PauseTiming();
    vigil::event::Event ev;
    ev.id = "event-" + std::to_string(n);
    ev.timestamp_ms = 1700000000000 + static_cast<std::int64_t>(n);
    std::vector<const Delivery*> ptrs;
    for (Delivery& d : ds) {
      d = MakeDelivery(n++, "slack", payload);
      ptrs.push_back(&d);
    }
    f.outbox->AddEvent(ev, payload, ptrs, {});
    uv_run(&f.loop, UV_RUN_DEFAULT);
    std::vector<std::int64_t> due;
    for (Delivery& d : ds) {
      due.push_back(vigil::deliver::Outbox::DueMs(d));
      Succeed(d);
    }
    std::uint64_t bytes_before = f.store->stats().bytes_written;
    state.ResumeTiming();

    int saved = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kDeliveries; ++i)
      f.outbox->Save(ds[i], due[i], [&](const vigil::Status&) { ++saved; });
    call_ns +=
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    uv_run(&f.loop, UV_RUN_DEFAULT);
    if (saved != kDeliveries) state.SkipWithError("not every save completed");
    bytes += f.store->stats().bytes_written - bytes_before;
  }
  double saves = static_cast<double>(state.iterations()) * kDeliveries;
  state.SetItemsProcessed(static_cast<std::int64_t>(saves));
  state.counters["save_call_ns"] = call_ns / saves;
  state.counters["bytes_per_save"] = static_cast<double>(bytes) / saves;
}
BENCHMARK(BM_OutboxSaveFinal)
    ->ArgName("fsync")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// One commit at a time, each waited for: the per-write floor (an fsync when synced).
void BM_StoreCommitLatency(benchmark::State& state) {
  Fixture f(state.range(0) != 0);
  std::uint64_t n = 0;
  for (auto _ : state) {
    vigil::store::Batch b = f.store->NewBatch();
    b.Put(vigil::store::Cf::kDeliveries, "k" + std::to_string(n++), std::string(600, 'x'));
    f.store->Commit(std::move(b));
    uv_run(&f.loop, UV_RUN_DEFAULT);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_StoreCommitLatency)
    ->ArgName("fsync")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
