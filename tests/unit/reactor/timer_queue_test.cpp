// TimerQueue on a real libuv loop: order, cancellation, rescheduling from callbacks.
#include "core/reactor/timer_queue.hpp"

#include <gtest/gtest.h>
#include <uv.h>

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

}  // namespace
}  // namespace vigil::reactor
