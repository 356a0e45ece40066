// InstanceMonitor: the up/down state machine and the poll cadence of one instance.
//
//   kStarting --ready--> kUp            (no event: nothing changed that anyone saw)
//   kStarting --fail---> kDown          (instance.down: unreachable at start)
//   kUp --lost--> kConfirming --ready--> kUp     (a single reset: logged, no event)
//                 kConfirming --fail---> kDown   (instance.down, with the original reason)
//   kDown --reconnect with backoff and jitter--> kUp (instance.up, with the downtime)
#include "core/monitor/instance_monitor.hpp"

#include <algorithm>
#include <random>

#include "core/util/clock.hpp"
#include "core/util/log.hpp"

namespace vigil::monitor {
namespace {

redis::ConnectionOptions MakeConnectionOptions(const config::Instance& spec,
                                               const config::RespOptions& resp) {
  redis::ConnectionOptions o;
  o.host = spec.host;
  o.port = spec.port;
  o.username = spec.username.value_or("");
  o.password = spec.password.value_or("");
  o.connect_timeout_ms = static_cast<std::uint32_t>(resp.connect_timeout_ms);
  o.request_timeout_ms = static_cast<std::uint32_t>(spec.effective_timeout_ms);
  o.parser.max_reply_bytes = static_cast<std::size_t>(resp.max_reply_bytes);
  return o;
}

std::uint64_t Jitter(std::uint64_t max) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  return max ? rng() % (max + 1) : 0;
}

}  // namespace

std::string_view HealthName(Health h) {
  switch (h) {
    case Health::kUnknown:
      return "unknown";
    case Health::kUp:
      return "up";
    case Health::kDown:
      return "down";
  }
  return "unknown";
}

InstanceMonitor::InstanceMonitor(reactor::TimerQueue& timers, const config::Instance& spec,
                                 const config::RespOptions& resp, MonitorObserver& observer,
                                 std::uint64_t first_poll_delay_ms)
    : timers_(timers),
      spec_(spec),
      resp_(resp),
      observer_(observer),
      conn_(timers, MakeConnectionOptions(spec, resp), *this),
      poll_timer_(timers),
      reconnect_timer_(timers),
      first_poll_delay_ms_(first_poll_delay_ms) {}

InstanceMonitor::~InstanceMonitor() {
  Stop();
}

void InstanceMonitor::Start() {
  phase_ = Phase::kStarting;
  conn_.Connect();
  SchedulePoll(first_poll_delay_ms_);
}

void InstanceMonitor::Stop() {
  phase_ = Phase::kStopped;
  poll_timer_.cancel();
  reconnect_timer_.cancel();
  conn_.Close();
}

void InstanceMonitor::OnReady(redis::Connection&) {
  Phase was = phase_;
  phase_ = Phase::kUp;
  reconnect_failures_ = 0;
  status_.last_error.clear();
  if (was == Phase::kConfirming) {
    log::Warn("connection lost and re-established", {{"instance", spec_.name},
                                                     {"reason", CloseReasonName(lost_reason_)},
                                                     {"detail", lost_detail_}});
    return;
  }
  bool was_down = was == Phase::kDown;
  std::int64_t down_since = status_.since_ms;
  status_.health = Health::kUp;
  status_.since_ms = NowUnixMs();
  log::Debug("instance connected", {{"instance", spec_.name}, {"resp", conn_.protocol()}});
  observer_.OnInstanceUp(*this, was_down, down_since);
}

void InstanceMonitor::OnClosed(redis::Connection&, redis::CloseReason reason,
                               const std::string& detail) {
  poll_outstanding_ = false;
  status_.last_error = std::string(CloseReasonName(reason)) + ": " + detail;
  switch (phase_) {
    case Phase::kUp:
      // Confirm with one immediate reconnect: a single reset must not page anyone.
      phase_ = Phase::kConfirming;
      lost_reason_ = reason;
      lost_detail_ = detail;
      conn_.Connect();
      return;
    case Phase::kStarting:
      MarkDown(reason, detail);
      break;
    case Phase::kConfirming:
      MarkDown(lost_reason_, lost_detail_ + "; reconnect: " + std::string(CloseReasonName(reason)) +
                                 ": " + detail);
      break;
    case Phase::kDown:
      // An auth failure or DNS error after a refusal is still worth knowing in the status.
      break;
    case Phase::kStopped:
      return;
  }
  ScheduleReconnect();
}

void InstanceMonitor::MarkDown(redis::CloseReason reason, const std::string& detail) {
  phase_ = Phase::kDown;
  status_.health = Health::kDown;
  status_.since_ms = NowUnixMs();
  status_.down_reason = reason;
  observer_.OnInstanceDown(*this, reason, detail);
}

void InstanceMonitor::ScheduleReconnect() {
  // Exponential backoff with jitter: base * 2^failures, capped, then a random 0..50% added.
  std::uint64_t base = static_cast<std::uint64_t>(resp_.reconnect_initial_delay_ms);
  std::uint64_t cap = static_cast<std::uint64_t>(resp_.reconnect_max_delay_ms);
  std::uint32_t shift = std::min<std::uint32_t>(reconnect_failures_, 30);
  std::uint64_t delay = std::min(cap, base << shift);
  delay = std::min(cap, delay + Jitter(delay / 2));
  ++reconnect_failures_;
  reconnect_timer_.arm(delay, [this] {
    if (phase_ != Phase::kStopped && conn_.idle()) conn_.Connect();
  });
}

void InstanceMonitor::SchedulePoll(std::uint64_t delay_ms) {
  next_poll_due_ = timers_.now() + delay_ms;
  poll_timer_.arm(delay_ms, [this] { Poll(); });
}

void InstanceMonitor::Poll() {
  std::uint64_t now = timers_.now();
  std::uint64_t interval = static_cast<std::uint64_t>(spec_.effective_poll_interval_ms);
  status_.last_poll_lag_ms = static_cast<std::uint32_t>(now - next_poll_due_);
  // Next due time keeps the cadence (no drift); if we fell behind by more than an interval, skip.
  std::uint64_t next = next_poll_due_ + interval;
  if (next <= now) next = now + interval;
  next_poll_due_ = next;
  poll_timer_.arm(next - now, [this] { Poll(); });

  if (phase_ != Phase::kUp || !conn_.ready()) return;
  if (poll_outstanding_) {
    ++status_.skipped_polls;
    return;
  }
  poll_outstanding_ = true;
  std::uint64_t started = now;
  conn_.Send({"INFO"}, [this, started](const Status& s, const resp::Value* r) {
    poll_outstanding_ = false;
    if (!s.ok()) return;  // the connection failed: OnClosed handles it
    status_.last_poll_duration_ms = static_cast<std::uint32_t>(timers_.now() - started);
    if (r->is_error() || !r->is_string()) {
      ++status_.poll_errors;
      status_.last_error =
          "INFO failed: " + std::string(r->is_error() ? r->error() : "not a string");
      log::Warn("poll failed", {{"instance", spec_.name}, {"error", status_.last_error}});
      return;
    }
    ++status_.polls;
    status_.last_poll_ms = NowUnixMs();
    log::Debug("poll", {{"instance", spec_.name},
                        {"polls", status_.polls},
                        {"ms", status_.last_poll_duration_ms}});
    last_info_.assign(r->str());
    observer_.OnInfo(*this, r->str());
  });
}

}  // namespace vigil::monitor
