// TimerQueue on a real libuv loop: order, cancellation, rescheduling from callbacks, stale
// ids after slot reuse, and a randomized run against a model of the expected order.
#include "core/reactor/timer_queue.hpp"

#include <gtest/gtest.h>
#include <uv.h>

#include <algorithm>
#include <memory>
#include <random>
#include <set>
#include <tuple>
#include <vector>

namespace vigil::reactor {
namespace {

struct LoopFixture : ::testing::Test {
  uv_loop_t loop;
  void SetUp() override { uv_loop_init(&loop); }
  void TearDown() override {
    uv_run(&loop, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop), 0);  // every handle closed: the loop is left clean
  }
};

TEST_F(LoopFixture, FiresInDueOrderAndSkipsCancelled) {
  std::vector<int> order;
  {
    TimerQueue q(&loop);
    q.schedule(30, [&] { order.push_back(3); });
    q.schedule(10, [&] { order.push_back(1); });
    auto id = q.schedule(20, [&] { order.push_back(99); });
    q.schedule(20, [&] { order.push_back(2); });
    q.cancel(id);
    q.schedule(40, [&] { q.close(); });
    uv_run(&loop, UV_RUN_DEFAULT);
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST_F(LoopFixture, CallbacksMayScheduleMore) {
  int count = 0;
  TimerQueue q(&loop);
  std::function<void()> tick = [&] {
    if (++count < 5) q.schedule(1, tick);
  };
  q.schedule(0, tick);
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(count, 5);
  EXPECT_EQ(q.pending(), 0u);
  q.close();
}

TEST_F(LoopFixture, TimerRearmCancelsPrevious) {
  int a = 0, b = 0;
  TimerQueue q(&loop);
  {
    Timer t(q);
    t.arm(5, [&] { ++a; });
    t.arm(10, [&] { ++b; });
    uv_run(&loop, UV_RUN_DEFAULT);
    EXPECT_FALSE(t.armed());
  }
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
  q.close();
}

TEST_F(LoopFixture, ManyTimersOneHandle) {
  TimerQueue q(&loop);
  int fired = 0;
  for (int i = 0; i < 100000; ++i) q.schedule(i % 50, [&] { ++fired; });
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 100000);
  q.close();
}

TEST_F(LoopFixture, CancelDuringFire) {
  std::vector<int> order;
  TimerQueue q(&loop);
  TimerQueue::Id b = 0, self = 0;
  self = q.schedule(10, [&] {
    order.push_back(1);
    q.cancel(b);     // due in the same batch: must not run
    q.cancel(self);  // already firing: harmless
  });
  b = q.schedule(10, [&] { order.push_back(99); });
  q.schedule(10, [&] { order.push_back(2); });
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(q.pending(), 0u);
  q.close();
}

TEST_F(LoopFixture, StaleIdIsHarmlessAfterSlotReuse) {
  int fired = 0;
  TimerQueue q(&loop);
  TimerQueue::Id old_id = q.schedule(5, [&] { fired += 100; });
  q.cancel(old_id);
  TimerQueue::Id reused = q.schedule(5, [&] { ++fired; });  // takes the freed slot
  EXPECT_NE(reused, old_id);
  q.cancel(old_id);  // stale: must not cancel the new timer
  EXPECT_EQ(q.pending(), 1u);
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 1);
  // A fired id stays harmless once its slot holds another timer.
  TimerQueue::Id next = q.schedule(5, [&] { ++fired; });
  q.cancel(reused);
  q.cancel(0);
  q.cancel(~TimerQueue::Id{0});  // never issued
  EXPECT_NE(next, reused);
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 2);
  q.close();
}

TEST_F(LoopFixture, TiesRunInSchedulingOrder) {
  std::vector<int> order;
  TimerQueue q(&loop);
  for (int i = 0; i < 50; ++i) q.schedule(i % 2 ? 3 : 7, [&order, i] { order.push_back(i); });
  uv_run(&loop, UV_RUN_DEFAULT);
  std::vector<int> want;
  for (int i = 1; i < 50; i += 2) want.push_back(i);
  for (int i = 0; i < 50; i += 2) want.push_back(i);
  EXPECT_EQ(order, want);
  q.close();
}

TEST_F(LoopFixture, RearmedTimerGoesBehindTies) {
  std::vector<int> order;
  TimerQueue q(&loop);
  Timer t(q);
  t.arm(5, [&] { order.push_back(1); });
  q.schedule(5, [&] { order.push_back(2); });
  t.arm(5, [&] { order.push_back(3); });  // re-armed in place: scheduled after the other
  EXPECT_EQ(q.pending(), 2u);
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(order, (std::vector<int>{2, 3}));
  q.close();
}

TEST_F(LoopFixture, PendingCountsLiveTimersOnly) {
  TimerQueue q(&loop);
  std::vector<TimerQueue::Id> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(q.schedule(60000, [] { FAIL(); }));
  EXPECT_EQ(q.pending(), 1000u);
  for (int i = 0; i < 1000; i += 2) q.cancel(ids[i]);
  EXPECT_EQ(q.pending(), 500u);
  for (int i = 0; i < 1000; i += 2) q.cancel(ids[i]);  // twice: no effect
  EXPECT_EQ(q.pending(), 500u);
  for (int i = 1; i < 1000; i += 2) q.cancel(ids[i]);
  EXPECT_EQ(q.pending(), 0u);
  // Nothing pending: the loop is not kept alive until the cancelled timers' due time.
  auto start = uv_hrtime();
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_LT(uv_hrtime() - start, 1000u * 1000 * 1000);
  q.close();
}

TEST_F(LoopFixture, TimerArmedFromItsOwnCallback) {
  TimerQueue q(&loop);
  Timer t(q);
  int runs = 0;
  std::function<void()> again = [&] {
    EXPECT_FALSE(t.armed());
    if (++runs < 3) t.arm(1, again);
  };
  t.arm(1, again);
  EXPECT_TRUE(t.armed());
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(runs, 3);
  EXPECT_FALSE(t.armed());
  q.close();
}

TEST_F(LoopFixture, CallbackDestructorMayUseTheQueue) {
  // Cancelling (or closing) destroys callbacks whose captures may cancel or schedule timers.
  TimerQueue q(&loop);
  int fired = 0;
  TimerQueue::Id other = q.schedule(5, [&] { fired += 100; });
  struct OnDestroy {
    std::function<void()> fn;
    ~OnDestroy() {
      if (fn) fn();
    }
  };
  auto guard = std::make_shared<OnDestroy>();
  guard->fn = [&] {
    q.cancel(other);
    q.schedule(1, [&] { ++fired; });
  };
  TimerQueue::Id id = q.schedule(5, [g = std::move(guard)] {});
  q.cancel(id);
  EXPECT_EQ(q.pending(), 1u);
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 1);
  q.close();
}

TEST_F(LoopFixture, CloseInsideCallbackStopsTheRest) {
  TimerQueue q(&loop);
  Timer t(q);
  int fired = 0;
  q.schedule(1, [&] {
    ++fired;
    q.close();
  });
  q.schedule(1, [&] { ++fired; });
  t.arm(1, [&] { ++fired; });
  uv_run(&loop, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(t.armed());
  EXPECT_EQ(q.pending(), 0u);
}

TEST_F(LoopFixture, ManyTimersRandomCancelsFireInOrder) {
  // 30k timers with random delays, a third cancelled (some from callbacks): the survivors
  // fire exactly once, in (due, scheduling order).
  TimerQueue q(&loop);
  std::mt19937 rng(42);
  constexpr int kCount = 30000;
  std::vector<TimerQueue::Id> ids(kCount);
  std::vector<std::tuple<std::uint64_t, int>> want;
  std::vector<int> got;
  std::set<TimerQueue::Id> unique;
  std::vector<bool> cancelled(kCount, false);
  for (int i = 0; i < kCount; ++i) {
    std::uint64_t delay = rng() % 40;
    ids[i] = q.schedule(delay, [&got, i] { got.push_back(i); });
    EXPECT_NE(ids[i], 0u);
    unique.insert(ids[i]);
    want.emplace_back(delay, i);
  }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    if (rng() % 3 == 0) {
      q.cancel(ids[i]);
      cancelled[i] = true;
    }
  }
  std::erase_if(want, [&](const auto& w) { return cancelled[std::get<1>(w)]; });
  std::sort(want.begin(), want.end());
  EXPECT_EQ(q.pending(), want.size());
  uv_run(&loop, UV_RUN_DEFAULT);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], std::get<1>(want[i])) << i;
  EXPECT_EQ(q.pending(), 0u);
  q.close();
}

}  // namespace
}  // namespace vigil::reactor
