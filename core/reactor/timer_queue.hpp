// All of vigil's deadlines on one uv_timer: a min-heap of due times (loop milliseconds).
// Scales to hundreds of thousands of pending timers; cancel is O(1) (lazy removal from the heap).
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace vigil::reactor {

class TimerQueue {
 public:
  using Id = std::uint64_t;
  using Callback = std::function<void()>;

  explicit TimerQueue(uv_loop_t* loop);
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs cb once, delay_ms from the loop's current time. Returns an id for cancel().
  Id schedule(std::uint64_t delay_ms, Callback cb);
  // Cancels a pending timer. Harmless for an id that has fired or was never issued.
  void cancel(Id id);
  // Closes the underlying uv_timer; call before closing the loop. Pending timers never fire.
  void close();

  std::uint64_t now() const { return uv_now(loop_); }
  std::size_t pending() const { return callbacks_.size(); }
  uv_loop_t* loop() const { return loop_; }

 private:
  struct Entry {
    std::uint64_t due;
    Id id;
    bool operator>(const Entry& o) const { return due != o.due ? due > o.due : id > o.id; }
  };
  static void OnTimer(uv_timer_t* t);
  void fire();
  void rearm();

  uv_loop_t* loop_;
  uv_timer_t* timer_;  // heap-allocated: its close callback may run after we are gone
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
  std::unordered_map<Id, Callback> callbacks_;
  Id next_id_ = 1;
  std::uint64_t armed_for_ = UINT64_MAX;
};

// An owned, re-armable single timer on a TimerQueue; cancels itself when destroyed.
class Timer {
 public:
  explicit Timer(TimerQueue& q) : q_(&q) {}
  ~Timer() { cancel(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void arm(std::uint64_t delay_ms, TimerQueue::Callback cb) {
    cancel();
    id_ = q_->schedule(delay_ms, [this, cb = std::move(cb)] {
      id_ = 0;
      cb();
    });
  }
  void cancel() {
    if (id_) q_->cancel(id_);
    id_ = 0;
  }
  bool armed() const { return id_ != 0; }

 private:
  TimerQueue* q_;
  TimerQueue::Id id_ = 0;
};

}  // namespace vigil::reactor
