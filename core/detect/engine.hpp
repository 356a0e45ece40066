// The detectors: turn what instance monitors report into events (instance.down/up,
// memory.critical, connection.critical, client.blocked), keeping per-instance state so each
// alert fires once per episode. Events go to an event::EventSink (the router).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config/config.hpp"
#include "core/detect/hysteresis.hpp"
#include "core/detect/rules.hpp"
#include "core/event/sink.hpp"
#include "core/monitor/instance_monitor.hpp"
#include "core/resp/reply.hpp"

namespace vigil::detect {

struct EngineOptions {
  // After refusals stop rising for this long, client.blocked re-arms. Default: 30000.
  std::int64_t blocked_quiet_ms = 30000;
  // How often ACL LOG is read on servers without acl_access_denied_auth. Default: 10000.
  std::int64_t acl_log_interval_ms = 10000;
};

// Alert state survives restarts: the engine reports each change as (key, value) or (key,
// nullopt) to erase, and starts from what was saved, so a restart neither re-fires an alert that
// is still firing nor forgets one (an instance down before the restart gets its instance.up).
using StateWriter = std::function<void(const std::string& key, std::optional<std::string> value)>;
using SavedState = std::unordered_map<std::string, std::string>;

class Engine : public monitor::MonitorObserver {
 public:
  Engine(const config::Config& cfg, EngineOptions options, event::EventSink& sink,
         SavedState saved = {}, StateWriter writer = {});

  void OnInstanceUp(monitor::InstanceMonitor& m, bool was_down, std::int64_t down_since) override;
  void OnInstanceDown(monitor::InstanceMonitor& m, redis::CloseReason reason,
                      const std::string& detail) override;
  void OnInfo(monitor::InstanceMonitor& m, std::string_view info_text) override;

  const std::vector<ThresholdRule>& rules() const { return rules_; }
  // The webhooks changed: rebuild the threshold rules; latches of rules that still exist (same
  // type, threshold and factor) keep their state.
  void RebuildRules();
  // An instance monitor is going away: drop its state.
  void Forget(const monitor::InstanceMonitor& m);

 private:
  // One client.blocked latch (auth or maxclients): active while the counter keeps rising.
  struct BlockedLatch {
    bool active = false;
    std::int64_t last_rise_ms = 0;
  };
  struct InstanceState {
    std::vector<ThresholdLatch> latches;  // parallel to rules_
    std::vector<std::int64_t> fired_at;   // when each latch last fired (its alert key)
    bool reported_down = false;           // instance.down sent, instance.up not yet
    std::int64_t down_since_ms = 0;
    std::optional<std::int64_t> rejected_connections;
    std::optional<std::int64_t> auth_denied;     // acl_access_denied_auth (Valkey, Redis >= 7.2)
    std::optional<std::int64_t> acl_auth_total;  // sum of ACL LOG auth counts (older servers)
    std::int64_t last_acl_log_ms = 0;
    bool acl_log_inflight = false;
    bool acl_log_unsupported = false;
    BlockedLatch auth, maxclients;
  };

  InstanceState& State(monitor::InstanceMonitor& m);
  void CheckThresholds(monitor::InstanceMonitor& m, InstanceState& st, double memory_percent,
                       bool has_memory, double clients_percent, bool has_clients,
                       std::int64_t used_memory, std::int64_t maxmemory, std::int64_t clients,
                       std::int64_t maxclients);
  void CheckRejected(monitor::InstanceMonitor& m, InstanceState& st, std::int64_t value);
  void ReadAclLog(monitor::InstanceMonitor& m, std::optional<std::int64_t> counter_delta);
  void OnAclLog(monitor::InstanceMonitor& m, const resp::Value& log,
                std::optional<std::int64_t> counter_delta);
  bool Rise(BlockedLatch& latch, std::int64_t now_ms);
  void Emit(monitor::InstanceMonitor& m, event::Type type, std::string data_json,
            std::string message, const std::vector<std::size_t>* only, bool resolved = false,
            std::string alert_key = "");

  std::string LatchKey(const monitor::InstanceMonitor& m, const ThresholdRule& r) const;
  // Alert keys: the same for an alert's firing and resolving events, new per episode.
  std::string DownKey(const monitor::InstanceMonitor& m, std::int64_t since) const;
  void Save(const std::string& key, std::optional<std::string> value);

  const config::Config& cfg_;
  EngineOptions options_;
  event::EventSink& sink_;
  SavedState saved_;
  StateWriter writer_;
  std::vector<ThresholdRule> rules_;
  std::unordered_map<const monitor::InstanceMonitor*, std::unique_ptr<InstanceState>> states_;
};

}  // namespace vigil::detect
