// Watches one Valkey/Redis instance: keeps its RESP connection, polls INFO on the instance's
// cadence, and turns connection changes into up/down transitions (a lost connection is confirmed
// by one immediate reconnect before it counts). What the readings mean is the observer's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config/config.hpp"
#include "core/reactor/timer_queue.hpp"
#include "core/redis/connection.hpp"

namespace vigil::monitor {

enum class Health { kUnknown, kUp, kDown };
std::string_view HealthName(Health h);

// Live state of one instance, for logs, the API and detectors.
struct InstanceStatus {
  Health health = Health::kUnknown;
  std::int64_t since_ms = 0;  // wall clock of the last health change
  redis::CloseReason down_reason = redis::CloseReason::kClosed;
  std::string last_error;
  std::int64_t last_poll_ms = 0;  // wall clock of the last INFO answer
  std::uint64_t polls = 0;
  std::uint64_t poll_errors = 0;
  std::uint64_t skipped_polls = 0;  // a poll was due while the previous one was outstanding
  std::uint32_t last_poll_duration_ms = 0;
  std::uint32_t last_poll_lag_ms = 0;  // how late the poll timer fired
};

class InstanceMonitor;

class MonitorObserver {
 public:
  virtual ~MonitorObserver() = default;
  // The instance answers. was_down: it had been reported down (false on the first connect).
  virtual void OnInstanceUp(InstanceMonitor& m, bool was_down, std::int64_t down_since_ms) = 0;
  // The instance is down (confirmed), or could not be reached at start.
  virtual void OnInstanceDown(InstanceMonitor& m, redis::CloseReason reason,
                              const std::string& detail) = 0;
  // An INFO reply; info_text is valid only during the call.
  virtual void OnInfo(InstanceMonitor& m, std::string_view info_text) = 0;
};

class InstanceMonitor : private redis::Connection::Listener {
 public:
  // first_poll_delay_ms spreads the fleet's polls across the interval.
  InstanceMonitor(reactor::TimerQueue& timers, const config::Instance& spec,
                  const config::RespOptions& resp, MonitorObserver& observer,
                  std::uint64_t first_poll_delay_ms);
  ~InstanceMonitor() override;

  void Start();
  void Stop();

  const config::Instance& spec() const { return spec_; }
  const InstanceStatus& status() const { return status_; }
  // The last INFO answer (for the API and /metrics); empty before the first.
  const std::string& last_info() const { return last_info_; }
  // For detectors that need more than INFO (ACL LOG...). Check connection().ready() first.
  redis::Connection& connection() { return conn_; }

 private:
  enum class Phase { kStarting, kUp, kConfirming, kDown, kStopped };

  void OnReady(redis::Connection& c) override;
  void OnClosed(redis::Connection& c, redis::CloseReason reason,
                const std::string& detail) override;
  void SchedulePoll(std::uint64_t delay_ms);
  void Poll();
  void ScheduleReconnect();
  void MarkDown(redis::CloseReason reason, const std::string& detail);

  reactor::TimerQueue& timers_;
  config::Instance spec_;
  const config::RespOptions& resp_;
  MonitorObserver& observer_;
  redis::Connection conn_;
  reactor::Timer poll_timer_;
  reactor::Timer reconnect_timer_;
  Phase phase_ = Phase::kStarting;
  InstanceStatus status_;
  std::uint64_t first_poll_delay_ms_;
  std::uint64_t next_poll_due_ = 0;  // loop time
  bool poll_outstanding_ = false;
  std::uint32_t reconnect_failures_ = 0;
  redis::CloseReason lost_reason_ = redis::CloseReason::kClosed;  // why a confirm started
  std::string lost_detail_;
  std::string last_info_;
};

}  // namespace vigil::monitor
