// All of vigil's deadlines on one uv_timer: an indexed 4-ary min-heap of due times (loop
// milliseconds) over slots kept in a vector with a free list. schedule and cancel are O(log n)
// and allocation-free once the vectors have grown (the callback's own std::function storage
// aside); a cancelled timer leaves the heap at once, so cancelled deadlines never pile up.
// An Id names a slot and the slot's generation, so an id that fired or was cancelled stays
// harmless after its slot is reused.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace vigil::reactor {

class TimerQueue {
 public:
  // Never 0: 0 is free for "no timer".
  using Id = std::uint64_t;
  using Callback = std::function<void()>;

  explicit TimerQueue(uv_loop_t* loop);
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs cb once, delay_ms from the loop's current time. Timers due at the same time run in
  // the order they were scheduled. Returns an id for cancel().
  Id schedule(std::uint64_t delay_ms, Callback cb);
  // Cancels a pending timer and destroys its callback. Harmless for an id that has fired,
  // was cancelled or was never issued.
  void cancel(Id id);
  // Closes the underlying uv_timer; call before closing the loop. Pending timers never fire.
  void close();

  std::uint64_t now() const { return uv_now(loop_); }
  // Timers scheduled and neither fired nor cancelled.
  std::size_t pending() const { return heap_.size(); }
  uv_loop_t* loop() const { return loop_; }

 private:
  friend class Timer;

  static constexpr std::uint32_t kNoPos = UINT32_MAX;
  // A timer's home while it is pending; free slots are reused (LIFO).
  struct Slot {
    Callback cb;
    std::uint32_t gen = 1;  // high half of the Id; bumped when the slot is freed
    Id* owner = nullptr;    // a Timer's id, zeroed when the timer fires
  };
  // Heap entries carry their sort key so sifting never touches the slots' callbacks.
  struct Node {
    std::uint64_t due;
    std::uint64_t seq;  // scheduling order: ties on due run first-scheduled first
    std::uint32_t slot;
  };

  static void OnTimer(uv_timer_t* t);
  // schedule() for a Timer: re-arms *owner's timer in place when it is pending.
  void arm(Id* owner, std::uint64_t delay_ms, Callback cb);
  Slot* live(Id id);
  std::uint32_t take_slot();
  void free_slot(std::uint32_t s);
  void push(std::uint32_t s, std::uint64_t due);
  void erase_at(std::uint32_t pos);
  void sift_up(std::uint32_t pos);
  void sift_down(std::uint32_t pos);
  void place(std::uint32_t pos, const Node& n);
  void fire();
  void rearm();

  uv_loop_t* loop_;
  uv_timer_t* timer_;  // heap-allocated: its close callback may run after we are gone
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> pos_;  // per slot: its index in heap_, kNoPos unless pending
  std::vector<std::uint32_t> free_;
  std::vector<Node> heap_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t armed_for_ = UINT64_MAX;
  bool firing_ = false;  // inside fire(): it re-arms the uv_timer once at the end
};

// An owned, re-armable single timer on a TimerQueue; cancels itself when destroyed. Re-arming
// a pending timer moves it in the heap instead of cancelling and scheduling anew.
class Timer {
 public:
  explicit Timer(TimerQueue& q) : q_(&q) {}
  ~Timer() { cancel(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // (Re)arms: cb runs once after delay_ms unless cancelled or re-armed first. armed() is
  // already false when cb runs, so cb may arm again.
  void arm(std::uint64_t delay_ms, TimerQueue::Callback cb) {
    q_->arm(&id_, delay_ms, std::move(cb));
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
