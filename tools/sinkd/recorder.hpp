// Recorder: what sinkd counts. Deliveries (unique by X-Webhook-Delivery-Id, and duplicates),
// bad signatures, faults served, per path and per event, and the event-to-receiver latency
// (receive wall-clock ms - payload timestamp) as a histogram; arrivals are kept for lookups.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace sinkd {

struct Arrival {
  std::string path, event, instance;
  std::int64_t timestamp_ms, received_ms;
};

class Recorder {
 public:
  Recorder();
  void CountRequest() { ++requests_; }
  void CountBadSignature() { ++bad_signature_; }
  void CountFaulted() { ++faulted_; }
  // An accepted (2xx) delivery.
  void Accept(std::string_view path, std::string_view delivery_id, std::string_view event,
              std::string_view instance, std::int64_t timestamp_ms, std::int64_t received_ms);
  void Reset();
  std::string StatsJson() const;
  // [[instance, timestamp_ms, received_ms], ...] of accepted first deliveries of `event`
  // (any when empty) to `path` (any when empty).
  std::string ArrivalsJson(std::string_view event, std::string_view path) const;

 private:
  std::int64_t Percentile(double q) const;
  std::uint64_t requests_ = 0, deliveries_ = 0, unique_ = 0, duplicates_ = 0;
  std::uint64_t bad_signature_ = 0, faulted_ = 0;
  std::int64_t first_ms_ = 0, last_ms_ = 0, max_latency_ = 0;
  std::uint64_t latency_count_ = 0;
  std::vector<std::uint32_t> latency_;  // 1 ms buckets; index 0 also holds negative skew
  std::unordered_set<std::string> ids_;
  std::map<std::string, std::uint64_t, std::less<>> by_path_, by_event_;
  std::vector<Arrival> arrivals_;
};

}  // namespace sinkd
