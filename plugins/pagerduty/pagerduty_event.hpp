// The PagerDuty Events API v2 body of one vigil event: a trigger with its payload for firing
// events, a resolve for resolved ones, both under the same dedup_key for one alert episode.
#pragma once

#include <cstddef>
#include <string>

#include "../common/event.hpp"

namespace vigil_pagerduty {

struct PagerDutyOptions {
  std::string routing_key;
  std::string severity;  // override of the mapped severity; empty = map from the event
};

inline constexpr std::size_t kSummaryMax = 1024;
inline constexpr std::size_t kDedupKeyMax = 255;

// alert_key, else "<instance>/<alert type>"; keys over 255 bytes become a stable hash.
std::string DedupKey(const vigil_plugins::Event& e);
// critical | error | warning | info for the event (before the option override).
std::string_view MapSeverity(const vigil_plugins::Event& e);
// The JSON body POSTed to the enqueue endpoint.
std::string BuildPagerDutyEvent(const PagerDutyOptions& opts, const vigil_plugins::Event& e);

}  // namespace vigil_pagerduty
