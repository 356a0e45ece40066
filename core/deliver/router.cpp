// Router: subscription tables built once from the config; per event a short scan, then one
// Enqueue for all recipients (one outbox batch per event).
#include "core/deliver/router.hpp"

#include <algorithm>

namespace vigil::deliver {

Router::Router(const config::Config& cfg, Dispatcher& dispatcher)
    : cfg_(cfg), dispatcher_(dispatcher) {
  for (std::size_t i = 0; i < cfg.webhooks.size(); ++i)
    for (const auto& t : event::kCatalog)
      if (cfg.webhooks[i].Subscribes(t.type))
        subscribers_[static_cast<std::size_t>(t.type)].push_back(i);
}

void Router::Publish(event::EventPtr e, const std::vector<std::size_t>* only) {
  ++published_;
  std::vector<std::size_t> targets;
  for (std::size_t i : subscribers_[static_cast<std::size_t>(e->type)]) {
    if (only && std::find(only->begin(), only->end(), i) == only->end()) continue;
    if (!dispatcher_.endpoint(i).enabled) continue;
    if (!cfg_.webhooks[i].Watches(e->instance.name)) continue;
    targets.push_back(i);
  }
  dispatcher_.Enqueue(*e, targets);
}

}  // namespace vigil::deliver
