// TimerQueue: one uv_timer armed for the earliest due entry of a min-heap.
#include "core/reactor/timer_queue.hpp"

namespace vigil::reactor {

TimerQueue::TimerQueue(uv_loop_t* loop) : loop_(loop), timer_(new uv_timer_t) {
  uv_timer_init(loop_, timer_);
  timer_->data = this;
}

TimerQueue::~TimerQueue() {
  close();
}

void TimerQueue::close() {
  if (!timer_) return;
  uv_timer_stop(timer_);
  uv_close(reinterpret_cast<uv_handle_t*>(timer_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_timer_t*>(h); });
  timer_ = nullptr;
  callbacks_.clear();
  heap_ = {};
}

TimerQueue::Id TimerQueue::schedule(std::uint64_t delay_ms, Callback cb) {
  Id id = next_id_++;
  heap_.push(Entry{now() + delay_ms, id});
  callbacks_.emplace(id, std::move(cb));
  rearm();
  return id;
}

void TimerQueue::cancel(Id id) {
  callbacks_.erase(id);
}

void TimerQueue::OnTimer(uv_timer_t* t) {
  static_cast<TimerQueue*>(t->data)->fire();
}

void TimerQueue::fire() {
  armed_for_ = UINT64_MAX;
  std::uint64_t t = now();
  // Fire everything due; callbacks may schedule or cancel timers (including due ones).
  while (!heap_.empty() && heap_.top().due <= t && timer_) {
    Entry e = heap_.top();
    heap_.pop();
    auto it = callbacks_.find(e.id);
    if (it == callbacks_.end()) continue;  // cancelled
    Callback cb = std::move(it->second);
    callbacks_.erase(it);
    cb();
  }
  rearm();
}

void TimerQueue::rearm() {
  if (!timer_) return;
  // Drop cancelled entries at the head so we never wake up for nothing.
  while (!heap_.empty() && !callbacks_.count(heap_.top().id)) heap_.pop();
  if (heap_.empty()) {
    uv_timer_stop(timer_);
    armed_for_ = UINT64_MAX;
    return;
  }
  std::uint64_t due = heap_.top().due;
  if (due == armed_for_) return;
  armed_for_ = due;
  std::uint64_t t = now();
  uv_timer_start(timer_, &TimerQueue::OnTimer, due > t ? due - t : 0, 0);
}

}  // namespace vigil::reactor
