// Threshold rules: the distinct (event type, threshold, hysteresis factor) triples that enabled
// webhooks subscribe to, each with the webhooks it serves. One latch per instance per rule, so
// webhooks that share settings share one alert, and webhooks that differ each get theirs.
#pragma once

#include <cstddef>
#include <vector>

#include "core/config/config.hpp"
#include "core/event/catalog.hpp"

namespace vigil::detect {

struct ThresholdRule {
  event::Type type;
  double threshold;                   // percent
  double factor;                      // hysteresis: clears below threshold * factor
  std::vector<std::size_t> webhooks;  // indices into Config::webhooks
};

std::vector<ThresholdRule> BuildThresholdRules(const config::Config& cfg);

}  // namespace vigil::detect
