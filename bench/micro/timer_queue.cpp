// Micro-benchmarks of the reactor's TimerQueue under a realistic load: ~30k live timers (one
// idle timer per kept-alive connection, request deadlines, poll cadences), while the hot path
// schedules and cancels (request deadlines, idle timers) or schedules and fires (zero-delay
// deferrals, retries). Runs on a real libuv loop; the firing benchmark amortizes one uv_run
// (one epoll_wait) over a batch of 1000 due timers.
#include "core/reactor/timer_queue.hpp"

#include <benchmark/benchmark.h>
#include <uv.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace vigil::reactor {
namespace {

constexpr int kLive = 30000;

// A loop and a queue holding kLive timers due in 20-120 s (none fires during a benchmark run;
// the 30 s deadlines scheduled by the benchmarks land among them, as in the daemon).
struct Loaded {
  uv_loop_t loop;
  std::unique_ptr<TimerQueue> q;
  Loaded() {
    uv_loop_init(&loop);
    q = std::make_unique<TimerQueue>(&loop);
    for (int i = 0; i < kLive; ++i) {
      q->schedule(20000 + static_cast<std::uint64_t>(i) * 7919 % 100000, [] {});
    }
  }
  ~Loaded() {
    q->close();
    q.reset();
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
  }
};

// A request deadline: scheduled, then cancelled when the response arrives first.
void BM_TimerScheduleCancel(benchmark::State& state) {
  Loaded l;
  std::uint64_t i = 0;
  for (auto _ : state) {
    TimerQueue::Id id = l.q->schedule(30000 + (i++ & 1023), [] {});
    l.q->cancel(id);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["pending"] = static_cast<double>(l.q->pending());
}
BENCHMARK(BM_TimerScheduleCancel);

// Cancels that trail their schedules: 1000 deadlines outstanding, the oldest one cancelled
// as each new one is scheduled (responses arriving in order).
void BM_TimerScheduleCancelWindow(benchmark::State& state) {
  Loaded l;
  std::vector<TimerQueue::Id> window(1024, 0);
  std::uint64_t i = 0;
  for (auto _ : state) {
    TimerQueue::Id& slot = window[i & 1023];
    if (slot) l.q->cancel(slot);
    slot = l.q->schedule(30000 + (i++ & 1023), [] {});
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["pending"] = static_cast<double>(l.q->pending());
}
BENCHMARK(BM_TimerScheduleCancelWindow);

// An owned Timer re-armed again and again (an idle or request timer per connection).
void BM_TimerRearm(benchmark::State& state) {
  Loaded l;
  Timer t(*l.q);
  std::uint64_t i = 0;
  for (auto _ : state) t.arm(30000 + (i++ & 1023), [] {});
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_TimerRearm);

// Zero-delay timers scheduled and fired (deferred callbacks), 1000 per uv_run.
void BM_TimerScheduleFire(benchmark::State& state) {
  constexpr int kBatch = 1000;
  Loaded l;
  std::uint64_t fired = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) l.q->schedule(0, [&fired] { ++fired; });
    uv_run(&l.loop, UV_RUN_NOWAIT);
  }
  if (fired != static_cast<std::uint64_t>(state.iterations()) * kBatch)
    state.SkipWithError("not every timer fired");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_TimerScheduleFire);

}  // namespace
}  // namespace vigil::reactor
