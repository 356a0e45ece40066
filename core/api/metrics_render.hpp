// Prometheus content of /metrics: every numeric INFO field of every instance (one family per
// field, samples labelled instance=<name>, addr=<host:port>), instance up/poll duration, and
// vigil's own numbers from a VigilStats the daemon fills. Built incrementally into one string;
// nothing is polled at scrape time. Called by the daemon's Control::RenderMetrics.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event/catalog.hpp"

namespace vigil::api {

// One instance as the last poll left it. Views: valid during the call only.
struct InstanceMetricsInput {
  std::string_view name;       // label instance
  std::string_view addr;       // label addr, "host:port"
  std::string_view info_text;  // last INFO answer ("" when none yet)
  bool up = false;
  double poll_duration_seconds = 0;  // of the last poll
};

// Appends vigil_instance_up, vigil_instance_poll_duration_seconds, then one family per numeric
// INFO field (name, type, HELP and scale from metrics::MapInfoField) holding that field's
// sample for every instance that reports it. Non-numeric values are skipped; a field repeated
// in one INFO text counts once; two fields mapping to one metric name keep the first.
void RenderInstanceMetrics(std::span<const InstanceMetricsInput> instances, std::string& out);

// Delivery latency buckets (seconds, upper bounds; +Inf implied) and per-bucket counts.
struct DurationHistogram {
  std::vector<double> bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(13, 0);  // bounds.size() + 1
  double sum = 0;
  std::uint64_t count = 0;
  void Observe(double seconds);
};

// vigil's own numbers; the daemon keeps one and fills it (counters only grow).
struct VigilStats {
  std::array<std::uint64_t, event::kCatalog.size()> events_by_type{};  // by event::Type
  struct WebhookDeliveries {
    std::string webhook;  // id
    std::string status;   // "success", "failed", "dead_letter", "retrying", ...
    std::uint64_t count = 0;
  };
  std::vector<WebhookDeliveries> deliveries;  // counter vigil_deliveries_total
  DurationHistogram delivery_duration;        // vigil_delivery_duration_seconds
  std::uint64_t outbox_depth = 0;             // deliveries not final
  std::uint64_t dead_letters = 0;             // dead letters stored
  std::uint64_t retry_queue = 0;              // deliveries waiting for a retry
  std::uint64_t in_flight = 0;                // attempts on the wire
  std::uint64_t resp_connections = 0;         // open RESP connections to instances
  std::uint64_t http_connections = 0;         // open connections to the API server
  double loop_lag_seconds = 0;                // last measured event-loop lag
};

// Appends vigil_events_total{event}, vigil_deliveries_total{webhook,status},
// vigil_delivery_duration_seconds, vigil_outbox_depth, vigil_dead_letters,
// vigil_retry_queue_depth, vigil_deliveries_in_flight, vigil_resp_connections,
// vigil_http_connections, vigil_loop_lag_seconds.
void RenderVigilMetrics(const VigilStats& stats, std::string& out);

}  // namespace vigil::api
