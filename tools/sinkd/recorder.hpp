// Recorder: what sinkd counts. Deliveries (unique by X-Webhook-Delivery-Id, and duplicates),
// bad signatures, faults served, per path and per event, and the event-to-receiver latency
// (receive wall-clock ms - payload timestamp) as a histogram; arrivals are kept for lookups.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sinkd {

// Strings seen many times (paths, event names, instance names), each stored once: an arrival
// holds their indexes, so recording one allocates nothing.
class Interner {
 public:
  std::uint32_t Intern(std::string_view s);
  const std::string& Name(std::uint32_t i) const { return names_[i]; }
  void Clear() {
    index_.clear();
    names_.clear();
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
  std::vector<std::string> names_;
};

// The delivery ids seen, as 64-bit hashes in an open-addressing table (no allocation per id;
// two ids with the same hash are a 1 in 10^7 event at a million deliveries).
class IdSet {
 public:
  // False when the id was seen before.
  bool Insert(std::string_view id);
  void Clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::uint64_t> slots_;  // 0 = empty
  std::size_t size_ = 0;
};

struct Arrival {
  std::uint32_t path, event, instance;  // Interner indexes
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
  IdSet ids_;
  std::map<std::string, std::uint64_t, std::less<>> by_path_, by_event_;
  Interner names_;
  std::vector<Arrival> arrivals_;
};

}  // namespace sinkd
