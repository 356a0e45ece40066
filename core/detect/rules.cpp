// BuildThresholdRules: groups subscribed, enabled webhooks by their threshold settings.
#include "core/detect/rules.hpp"

namespace vigil::detect {

std::vector<ThresholdRule> BuildThresholdRules(const config::Config& cfg) {
  std::vector<ThresholdRule> rules;
  auto add = [&](event::Type type, double threshold, double factor, std::size_t webhook) {
    for (ThresholdRule& r : rules) {
      if (r.type == type && r.threshold == threshold && r.factor == factor) {
        r.webhooks.push_back(webhook);
        return;
      }
    }
    rules.push_back(ThresholdRule{type, threshold, factor, {webhook}});
  };
  for (std::size_t i = 0; i < cfg.webhooks.size(); ++i) {
    const config::Webhook& w = cfg.webhooks[i];
    if (!w.enabled) continue;
    if (w.Subscribes(event::Type::kMemoryCritical))
      add(event::Type::kMemoryCritical, w.thresholds.memory_critical_percent, w.hysteresis_factor,
          i);
    if (w.Subscribes(event::Type::kConnectionCritical))
      add(event::Type::kConnectionCritical, w.thresholds.connection_critical_percent,
          w.hysteresis_factor, i);
  }
  return rules;
}

}  // namespace vigil::detect
