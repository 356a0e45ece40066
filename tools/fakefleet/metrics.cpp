// MetricSet: values that look like a fresh redis 7 server until a scenario changes them.
#include "tools/fakefleet/metrics.hpp"

#include <algorithm>

namespace fakefleet {
namespace {

constexpr std::array<std::string_view, kMetricCount> kNames = {"used_memory",
                                                               "used_memory_rss",
                                                               "maxmemory",
                                                               "connected_clients",
                                                               "maxclients",
                                                               "blocked_clients",
                                                               "rejected_connections",
                                                               "total_connections_received",
                                                               "instantaneous_ops_per_sec",
                                                               "acl_access_denied_auth"};

}  // namespace

std::optional<Metric> MetricFromName(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Metric>(i);
  return std::nullopt;
}

std::string_view MetricName(Metric m) {
  return kNames[static_cast<std::size_t>(m)];
}

MetricSet::MetricSet() {
  values_ = {936992, 6692864, 0, -1, 10000, 0, 0, -1, 0, 0};
}

void MetricSet::Set(Metric m, std::int64_t v) {
  std::erase_if(ramps_, [m](const Ramp& r) { return r.metric == m; });
  values_[static_cast<std::size_t>(m)] = v;
}

void MetricSet::AddRamp(const Ramp& r) {
  Set(r.metric, r.from);
  ramps_.push_back(r);
}

std::int64_t MetricSet::Get(Metric m, std::uint64_t now_ms) {
  auto& v = values_[static_cast<std::size_t>(m)];
  for (auto it = ramps_.begin(); it != ramps_.end(); ++it) {
    if (it->metric != m) continue;
    if (now_ms >= it->end_ms || it->end_ms == it->start_ms) {
      v = it->to;
      ramps_.erase(it);
      return v;
    }
    double f = static_cast<double>(now_ms - std::min(now_ms, it->start_ms)) /
               static_cast<double>(it->end_ms - it->start_ms);
    return it->from + static_cast<std::int64_t>(f * static_cast<double>(it->to - it->from));
  }
  return v;
}

}  // namespace fakefleet
