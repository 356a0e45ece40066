// Per-instance metrics a scenario can drive (set, ramp) and that INFO reports.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace fakefleet {

enum class Metric : std::uint8_t {
  kUsedMemory,
  kUsedMemoryRss,
  kMaxmemory,
  kConnectedClients,  // -1 (default): the live number of connections
  kMaxclients,
  kBlockedClients,
  kRejectedConnections,
  kTotalConnectionsReceived,  // -1 (default): the live accept counter
  kInstantaneousOpsPerSec,
  kAclAccessDeniedAuth,  // also the count in ACL LOG's "auth" entry
  kCount
};

constexpr std::size_t kMetricCount = static_cast<std::size_t>(Metric::kCount);

std::optional<Metric> MetricFromName(std::string_view name);
std::string_view MetricName(Metric m);

// A linear change of one metric between two monotonic times; the end value stays afterwards.
struct Ramp {
  Metric metric;
  std::int64_t from, to;
  std::uint64_t start_ms, end_ms;
};

class MetricSet {
 public:
  MetricSet();
  void Set(Metric m, std::int64_t v);
  void AddRamp(const Ramp& r);
  // The value at monotonic time now_ms (ramps applied); folds finished ramps into the value.
  std::int64_t Get(Metric m, std::uint64_t now_ms);

 private:
  std::array<std::int64_t, kMetricCount> values_;
  std::vector<Ramp> ramps_;  // usually empty
};

}  // namespace fakefleet
