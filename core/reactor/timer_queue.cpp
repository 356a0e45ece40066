// TimerQueue: one uv_timer armed for the root of an indexed 4-ary min-heap of (due, seq).
// Each heap node knows its slot and each pending slot knows its heap position, so cancel
// removes the node where it is. Callbacks are moved out of their slot (and the slot freed)
// before they run or are destroyed, so they may schedule and cancel anything, themselves too.
#include "core/reactor/timer_queue.hpp"

#include <utility>

namespace vigil::reactor {
namespace {

constexpr std::uint32_t kArity = 4;

bool Before(std::uint64_t due_a, std::uint64_t seq_a, std::uint64_t due_b, std::uint64_t seq_b) {
  return due_a != due_b ? due_a < due_b : seq_a < seq_b;
}

}  // namespace

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
  armed_for_ = UINT64_MAX;
  // Free every slot first (generations move on, so no old id matches a later timer), then
  // destroy the callbacks: their destructors may call back into the queue.
  std::vector<Callback> dead;
  dead.reserve(heap_.size());
  for (const Node& n : heap_) {
    Slot& s = slots_[n.slot];
    dead.push_back(std::move(s.cb));
    s.cb = nullptr;
    if (s.owner) *s.owner = 0;
    s.owner = nullptr;
    pos_[n.slot] = kNoPos;
    free_slot(n.slot);
  }
  heap_.clear();
}

TimerQueue::Id TimerQueue::schedule(std::uint64_t delay_ms, Callback cb) {
  std::uint32_t s = take_slot();
  slots_[s].cb = std::move(cb);
  push(s, now() + delay_ms);
  rearm();
  return (static_cast<Id>(slots_[s].gen) << 32) | s;
}

void TimerQueue::arm(Id* owner, std::uint64_t delay_ms, Callback cb) {
  Slot* slot = live(*owner);
  if (!slot) {
    *owner = schedule(delay_ms, std::move(cb));
    slots_[static_cast<std::uint32_t>(*owner)].owner = owner;
    return;
  }
  // Pending: new callback, new due time and a new place in the scheduling order.
  Callback old = std::exchange(slot->cb, std::move(cb));
  std::uint32_t pos = pos_[static_cast<std::uint32_t>(*owner)];
  Node n = heap_[pos];
  n.due = now() + delay_ms;
  n.seq = next_seq_++;
  place(pos, n);
  if (pos > 0 &&
      Before(n.due, n.seq, heap_[(pos - 1) / kArity].due, heap_[(pos - 1) / kArity].seq)) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
  rearm();
  // old is destroyed last, once the queue is consistent (its destructor may use the queue).
}

void TimerQueue::cancel(Id id) {
  Slot* slot = live(id);
  if (!slot) return;
  std::uint32_t s = static_cast<std::uint32_t>(id);
  Callback dead = std::move(slot->cb);
  slot->cb = nullptr;
  slot->owner = nullptr;
  erase_at(pos_[s]);
  pos_[s] = kNoPos;
  free_slot(s);
  if (heap_.empty() && timer_ && !firing_) {
    uv_timer_stop(timer_);  // nothing left: do not keep the loop alive for nothing
    armed_for_ = UINT64_MAX;
  }
  // dead is destroyed last (see arm()).
}

TimerQueue::Slot* TimerQueue::live(Id id) {
  std::uint32_t s = static_cast<std::uint32_t>(id);
  if (s >= slots_.size()) return nullptr;
  Slot& slot = slots_[s];
  if (slot.gen != static_cast<std::uint32_t>(id >> 32) || pos_[s] == kNoPos) return nullptr;
  return &slot;
}

std::uint32_t TimerQueue::take_slot() {
  if (!free_.empty()) {
    std::uint32_t s = free_.back();
    free_.pop_back();
    return s;
  }
  slots_.emplace_back();
  pos_.push_back(kNoPos);
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void TimerQueue::free_slot(std::uint32_t s) {
  Slot& slot = slots_[s];
  if (++slot.gen == 0) slot.gen = 1;  // ids are never 0
  free_.push_back(s);
}

void TimerQueue::push(std::uint32_t s, std::uint64_t due) {
  heap_.push_back(Node{due, next_seq_++, s});
  std::uint32_t pos = static_cast<std::uint32_t>(heap_.size() - 1);
  pos_[s] = pos;
  sift_up(pos);
}

void TimerQueue::erase_at(std::uint32_t pos) {
  std::uint32_t last = static_cast<std::uint32_t>(heap_.size() - 1);
  if (pos == last) {
    heap_.pop_back();
    return;
  }
  Node moved = heap_[last];
  heap_.pop_back();
  place(pos, moved);
  if (pos > 0 &&
      Before(moved.due, moved.seq, heap_[(pos - 1) / kArity].due, heap_[(pos - 1) / kArity].seq)) {
    sift_up(pos);
  } else {
    sift_down(pos);
  }
}

void TimerQueue::place(std::uint32_t pos, const Node& n) {
  heap_[pos] = n;
  pos_[n.slot] = pos;
}

void TimerQueue::sift_up(std::uint32_t pos) {
  Node n = heap_[pos];
  while (pos > 0) {
    std::uint32_t parent = (pos - 1) / kArity;
    const Node& p = heap_[parent];
    if (!Before(n.due, n.seq, p.due, p.seq)) break;
    place(pos, p);
    pos = parent;
  }
  place(pos, n);
}

void TimerQueue::sift_down(std::uint32_t pos) {
  Node n = heap_[pos];
  const std::uint32_t size = static_cast<std::uint32_t>(heap_.size());
  for (;;) {
    std::uint32_t first = pos * kArity + 1;
    if (first >= size) break;
    std::uint32_t end = first + kArity < size ? first + kArity : size;
    std::uint32_t best = first;
    for (std::uint32_t c = first + 1; c < end; ++c) {
      if (Before(heap_[c].due, heap_[c].seq, heap_[best].due, heap_[best].seq)) best = c;
    }
    if (!Before(heap_[best].due, heap_[best].seq, n.due, n.seq)) break;
    place(pos, heap_[best]);
    pos = best;
  }
  place(pos, n);
}

void TimerQueue::OnTimer(uv_timer_t* t) {
  static_cast<TimerQueue*>(t->data)->fire();
}

void TimerQueue::fire() {
  armed_for_ = UINT64_MAX;
  firing_ = true;
  std::uint64_t t = now();
  // Fire everything due; callbacks may schedule or cancel timers (including due ones).
  while (timer_ && !heap_.empty() && heap_.front().due <= t) {
    std::uint32_t s = heap_.front().slot;
    Slot& slot = slots_[s];
    Callback cb = std::move(slot.cb);
    slot.cb = nullptr;
    if (slot.owner) *slot.owner = 0;
    slot.owner = nullptr;
    erase_at(0);
    pos_[s] = kNoPos;
    free_slot(s);
    cb();
  }
  firing_ = false;
  rearm();
}

void TimerQueue::rearm() {
  if (!timer_ || firing_) return;
  if (heap_.empty()) {
    if (armed_for_ != UINT64_MAX) uv_timer_stop(timer_);
    armed_for_ = UINT64_MAX;
    return;
  }
  std::uint64_t due = heap_.front().due;
  if (due == armed_for_) return;
  armed_for_ = due;
  std::uint64_t t = now();
  uv_timer_start(timer_, &TimerQueue::OnTimer, due > t ? due - t : 0, 0);
}

}  // namespace vigil::reactor
