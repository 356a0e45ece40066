// Engine: the detectors of instance health, thresholds and refused clients.
#include "core/detect/engine.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/info/snapshot.hpp"
#include "core/util/clock.hpp"
#include "core/util/json_writer.hpp"
#include "core/util/log.hpp"

namespace vigil::detect {
namespace {

double Round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

event::InstanceRef Ref(const monitor::InstanceMonitor& m) {
  return event::InstanceRef{m.spec().name, m.spec().host, m.spec().port};
}

std::string FormatDuration(std::int64_t ms) {
  if (ms < 1000) return fmt::format("{} ms", ms);
  if (ms < 60000) return fmt::format("{:.1f} s", ms / 1000.0);
  if (ms < 3600000) return fmt::format("{} min {} s", ms / 60000, (ms / 1000) % 60);
  return fmt::format("{} h {} min", ms / 3600000, (ms / 60000) % 60);
}

}  // namespace

Engine::Engine(const config::Config& cfg, EngineOptions options, event::EventSink& sink,
               SavedState saved, StateWriter writer)
    : cfg_(cfg),
      options_(options),
      sink_(sink),
      saved_(std::move(saved)),
      writer_(std::move(writer)),
      rules_(BuildThresholdRules(cfg)) {}

std::string Engine::DownKey(const monitor::InstanceMonitor& m, std::int64_t since) const {
  return fmt::format("down/{}/since/{}", m.spec().name, since);
}

std::string Engine::LatchKey(const monitor::InstanceMonitor& m, const ThresholdRule& r) const {
  return fmt::format("alert/{}/{}/{}/{}", m.spec().name, event::Name(r.type), r.threshold,
                     r.factor);
}

void Engine::Save(const std::string& key, std::optional<std::string> value) {
  if (writer_) writer_(key, std::move(value));
}

Engine::InstanceState& Engine::State(monitor::InstanceMonitor& m) {
  auto& slot = states_[&m];
  if (!slot) {
    slot = std::make_unique<InstanceState>();
    slot->latches.resize(rules_.size());
    slot->fired_at.resize(rules_.size());
    for (std::size_t i = 0; i < rules_.size(); ++i) {
      auto it = saved_.find(LatchKey(m, rules_[i]));
      if (it == saved_.end()) continue;
      slot->latches[i].set_firing(true);
      slot->fired_at[i] = std::atoll(it->second.c_str());
    }
    auto down = saved_.find("down/" + m.spec().name);
    if (down != saved_.end()) {
      slot->reported_down = true;
      slot->down_since_ms = std::atoll(down->second.c_str());
    }
  }
  return *slot;
}

void Engine::Emit(monitor::InstanceMonitor& m, event::Type type, std::string data_json,
                  std::string message, const std::vector<std::size_t>* only, bool resolved,
                  std::string alert_key) {
  auto ev = event::MakeEvent(type, Ref(m), std::move(data_json), std::move(message));
  ev.resolved = resolved;
  ev.alert_key = std::move(alert_key);
  auto e = std::make_shared<event::Event>(std::move(ev));
  log::Info("event", {{"event", event::Name(type)},
                      {"instance", m.spec().name},
                      {"status", resolved ? "resolved" : "firing"},
                      {"id", e->id},
                      {"message", e->message}});
  sink_.Publish(std::move(e), only);
}

void Engine::OnInstanceUp(monitor::InstanceMonitor& m, bool, std::int64_t) {
  InstanceState& st = State(m);
  if (!st.reported_down) {
    log::Info("instance up", {{"instance", m.spec().name}, {"resp", m.connection().protocol()}});
    return;
  }
  st.reported_down = false;
  Save("down/" + m.spec().name, std::nullopt);
  std::int64_t down_since = st.down_since_ms;
  std::int64_t now = NowUnixMs();
  std::int64_t downtime = now - down_since;
  std::string msg =
      fmt::format("Instance {} is up again after {} down", m.spec().name, FormatDuration(downtime));
  std::string data;
  JsonWriter w(data);
  w.begin_object()
      .field("downSince", down_since)
      .field("downtimeMs", downtime)
      .field("message", msg)
      .end_object();
  Emit(m, event::Type::kInstanceUp, std::move(data), std::move(msg), nullptr, true,
       DownKey(m, down_since));
}

void Engine::OnInstanceDown(monitor::InstanceMonitor& m, redis::CloseReason reason,
                            const std::string& detail) {
  InstanceState& st = State(m);
  if (st.reported_down) {  // reported before a restart and still down: not news
    log::Info("instance still down", {{"instance", m.spec().name},
                                      {"reason", CloseReasonName(reason)},
                                      {"since", st.down_since_ms}});
    return;
  }
  st.reported_down = true;
  st.down_since_ms = m.status().since_ms;
  Save("down/" + m.spec().name, std::to_string(st.down_since_ms));
  std::string msg = fmt::format("Instance {} is down ({})", m.spec().name, CloseReasonName(reason));
  std::string data;
  JsonWriter w(data);
  w.begin_object()
      .field("reason", CloseReasonName(reason))
      .field("detail", detail)
      .field("since", m.status().since_ms)
      .field("message", msg)
      .end_object();
  Emit(m, event::Type::kInstanceDown, std::move(data), std::move(msg), nullptr, false,
       DownKey(m, st.down_since_ms));
}

void Engine::OnInfo(monitor::InstanceMonitor& m, std::string_view info_text) {
  InstanceState& st = State(m);
  info::InfoSnapshot s = info::ExtractSnapshot(info_text);

  std::int64_t used = s.used_memory.value_or(0), maxmem = s.maxmemory.value_or(0);
  std::int64_t clients = s.connected_clients.value_or(0), maxclients = s.maxclients.value_or(0);
  bool has_memory = s.used_memory && maxmem > 0;  // no limit: nothing to be critical about
  bool has_clients = s.connected_clients && maxclients > 0;
  double mem_pct = has_memory ? 100.0 * static_cast<double>(used) / static_cast<double>(maxmem) : 0;
  double cli_pct =
      has_clients ? 100.0 * static_cast<double>(clients) / static_cast<double>(maxclients) : 0;
  CheckThresholds(m, st, mem_pct, has_memory, cli_pct, has_clients, used, maxmem, clients,
                  maxclients);

  if (s.rejected_connections) CheckRejected(m, st, *s.rejected_connections);

  // Failed logins: the counter (Valkey, Redis >= 7.2) says when to read ACL LOG; without it,
  // ACL LOG is read on a slower cadence and its auth counts are compared.
  std::int64_t now = NowUnixMs();
  if (s.acl_access_denied_auth) {
    std::int64_t v = *s.acl_access_denied_auth;
    std::optional<std::int64_t> prev = st.auth_denied;
    st.auth_denied = v;
    if (prev && v > *prev)
      ReadAclLog(m, v - *prev);
    else if (prev && v < *prev)
      st.auth_denied = v;  // counters reset (CONFIG RESETSTAT)
  } else if (!st.acl_log_unsupported && now - st.last_acl_log_ms >= options_.acl_log_interval_ms) {
    ReadAclLog(m, std::nullopt);
  }
  if (st.auth.active && now - st.auth.last_rise_ms >= options_.blocked_quiet_ms)
    st.auth.active = false;
  if (st.maxclients.active && now - st.maxclients.last_rise_ms >= options_.blocked_quiet_ms)
    st.maxclients.active = false;
}

void Engine::CheckThresholds(monitor::InstanceMonitor& m, InstanceState& st, double memory_percent,
                             bool has_memory, double clients_percent, bool has_clients,
                             std::int64_t used_memory, std::int64_t maxmemory, std::int64_t clients,
                             std::int64_t maxclients) {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const ThresholdRule& r = rules_[i];
    bool mem = r.type == event::Type::kMemoryCritical;
    if (mem ? !has_memory : !has_clients) continue;
    double value = Round2(mem ? memory_percent : clients_percent);
    auto t = st.latches[i].Update(value, r.threshold, r.factor);
    if (t == ThresholdLatch::Transition::kNone) continue;
    std::string alert_key = fmt::format("{}/since/{}", LatchKey(m, r), st.fired_at[i]);
    if (t == ThresholdLatch::Transition::kCleared) {
      Save(LatchKey(m, r), std::nullopt);
      log::Info("alert cleared", {{"event", event::Name(r.type)},
                                  {"instance", m.spec().name},
                                  {"value", value},
                                  {"threshold", r.threshold}});
      std::string msg =
          fmt::format("{} back to normal on {}: {}% (threshold: {}%, cleared below {}%)",
                      mem ? "Memory usage" : "Connections", m.spec().name, value, r.threshold,
                      Round2(r.threshold * r.factor));
      std::string data;
      JsonWriter w(data);
      w.begin_object()
          .field("metric", mem ? "memory_used_percent" : "connected_clients_percent")
          .field("value", value)
          .field("threshold", r.threshold)
          .field("clearBelow", Round2(r.threshold * r.factor))
          .field("firingSince", st.fired_at[i])
          .field("message", msg)
          .end_object();
      Emit(m, r.type, std::move(data), std::move(msg), &r.webhooks, true, std::move(alert_key));
      continue;
    }
    st.fired_at[i] = NowUnixMs();
    alert_key = fmt::format("{}/since/{}", LatchKey(m, r), st.fired_at[i]);
    Save(LatchKey(m, r), std::to_string(st.fired_at[i]));
    std::string msg, data;
    JsonWriter w(data);
    w.begin_object();
    if (mem) {
      msg = fmt::format("Memory usage critical: {}% (threshold: {}%)", value, r.threshold);
      w.field("metric", "memory_used_percent")
          .field("value", value)
          .field("threshold", r.threshold);
      w.field("maxmemory", maxmemory).field("usedMemory", used_memory);
    } else {
      msg = fmt::format("Connections critical: {}% of maxclients (threshold: {}%)", value,
                        r.threshold);
      w.field("metric", "connected_clients_percent")
          .field("value", value)
          .field("threshold", r.threshold);
      w.field("connectedClients", clients).field("maxclients", maxclients);
    }
    w.field("message", msg).end_object();
    Emit(m, r.type, std::move(data), std::move(msg), &r.webhooks, false, std::move(alert_key));
  }
}

bool Engine::Rise(BlockedLatch& latch, std::int64_t now_ms) {
  latch.last_rise_ms = now_ms;
  if (latch.active) return false;
  latch.active = true;
  return true;
}

void Engine::CheckRejected(monitor::InstanceMonitor& m, InstanceState& st, std::int64_t value) {
  std::optional<std::int64_t> prev = st.rejected_connections;
  st.rejected_connections = value;
  if (!prev || value <= *prev) return;  // baseline, unchanged, or counters reset
  std::int64_t count = value - *prev;
  if (!Rise(st.maxclients, NowUnixMs())) return;
  std::string msg =
      fmt::format("{} connection(s) refused on {}: maxclients reached", count, m.spec().name);
  std::string data;
  JsonWriter w(data);
  w.begin_object()
      .field("reason", "maxclients")
      .field("metric", "rejected_connections")
      .field("count", count)
      .field("value", value)
      .field("message", msg)
      .end_object();
  Emit(m, event::Type::kClientBlocked, std::move(data), std::move(msg), nullptr);
}

void Engine::ReadAclLog(monitor::InstanceMonitor& m, std::optional<std::int64_t> counter_delta) {
  InstanceState& st = State(m);
  if (st.acl_log_inflight || !m.connection().ready()) return;
  st.acl_log_inflight = true;
  st.last_acl_log_ms = NowUnixMs();
  m.connection().Send({"ACL", "LOG", "128"},
                      [this, &m, counter_delta](const Status& s, const resp::Value* r) {
                        State(m).acl_log_inflight = false;
                        if (s.ok()) OnAclLog(m, *r, counter_delta);
                      });
}

void Engine::OnAclLog(monitor::InstanceMonitor& m, const resp::Value& log,
                      std::optional<std::int64_t> counter_delta) {
  InstanceState& st = State(m);
  if (log.is_error()) {
    // No ACL on this server (older than 6) or no permission: stop asking on the slow cadence.
    if (!counter_delta) st.acl_log_unsupported = true;
    log::Debug("ACL LOG unavailable", {{"instance", m.spec().name}, {"error", log.error()}});
    return;
  }
  struct Entry {
    std::string username, client_info;
    std::int64_t count = 0;
    double age_seconds = 0;
  };
  std::vector<Entry> auth_entries;
  std::int64_t total = 0;
  for (resp::Value entry : log) {
    // Each entry is a map (RESP3) or a flat key/value array (RESP2): walk it pairwise.
    Entry e;
    bool is_auth = false;
    std::string_view key;
    bool at_key = true;
    for (resp::Value f : entry) {
      if (at_key) {
        key = f.str();
      } else if (key == "reason") {
        is_auth = f.str() == "auth";
      } else if (key == "count") {
        e.count = f.type() == resp::Type::kInteger ? f.integer() : 0;
      } else if (key == "username") {
        e.username = std::string(f.str());
      } else if (key == "client-info") {
        e.client_info = std::string(f.str().substr(0, 512));
      } else if (key == "age-seconds") {
        e.age_seconds =
            f.type() == resp::Type::kDouble ? f.dbl() : std::atof(std::string(f.str()).c_str());
      }
      at_key = !at_key;
    }
    if (!is_auth) continue;
    total += e.count;
    if (auth_entries.size() < 5) auth_entries.push_back(std::move(e));
  }

  std::int64_t count = 0;
  if (counter_delta) {
    count = *counter_delta;
  } else {
    std::optional<std::int64_t> prev = st.acl_auth_total;
    st.acl_auth_total = total;
    if (!prev || total <= *prev) return;  // baseline, no change, or the log was reset
    count = total - *prev;
  }
  if (!Rise(st.auth, NowUnixMs())) return;
  std::string user = auth_entries.empty() ? "" : auth_entries.front().username;
  std::string msg = fmt::format("{} failed login(s) on {}{}", count, m.spec().name,
                                user.empty() ? "" : fmt::format(" (user \"{}\")", user));
  std::string data;
  JsonWriter w(data);
  w.begin_object()
      .field("reason", "auth")
      .field("metric", counter_delta ? "acl_access_denied_auth" : "acl_log_auth_count")
      .field("count", count)
      .field("username", user)
      .field("clientInfo", auth_entries.empty() ? std::string() : auth_entries.front().client_info);
  w.key("entries").begin_array();
  for (const Entry& e : auth_entries) {
    w.begin_object()
        .field("username", e.username)
        .field("count", e.count)
        .field("ageSeconds", Round2(e.age_seconds))
        .field("clientInfo", e.client_info)
        .end_object();
  }
  w.end_array();
  w.field("message", msg).end_object();
  Emit(m, event::Type::kClientBlocked, std::move(data), std::move(msg), nullptr);
}

void Engine::RebuildRules() {
  std::vector<ThresholdRule> rules = BuildThresholdRules(cfg_);
  for (auto& [m, st] : states_) {
    std::vector<ThresholdLatch> latches(rules.size());
    std::vector<std::int64_t> fired_at(rules.size(), 0);
    for (std::size_t i = 0; i < rules.size(); ++i)
      for (std::size_t j = 0; j < rules_.size(); ++j)
        if (rules_[j].type == rules[i].type && rules_[j].threshold == rules[i].threshold &&
            rules_[j].factor == rules[i].factor) {
          latches[i] = st->latches[j];
          fired_at[i] = st->fired_at[j];
        }
    st->latches = std::move(latches);
    st->fired_at = std::move(fired_at);
  }
  rules_ = std::move(rules);
}

void Engine::Forget(const monitor::InstanceMonitor& m) {
  states_.erase(&m);
}

}  // namespace vigil::detect
