// Router: a short scan of the webhooks per event, then one Enqueue for all recipients (one
// outbox batch per event).
#include "core/deliver/router.hpp"

#include <algorithm>

namespace vigil::deliver {

Router::Router(const config::Config& cfg, Dispatcher& dispatcher)
    : cfg_(cfg), dispatcher_(dispatcher) {}

bool Router::Wants(std::size_t i, const event::Event& e) const {
  const config::Webhook& w = cfg_.webhooks[i];
  const Endpoint& ep = dispatcher_.endpoint(i);
  if (!ep.enabled || !w.Watches(e.instance.name)) return false;
  if (!e.resolved) return w.Subscribes(e.type);
  bool resolves = w.send_resolved.value_or(ep.sink_resolves);
  event::Type alert = event::ResolvedAlert(e.type);
  if (alert != e.type && w.Subscribes(e.type)) return true;  // e.g. subscribed to instance.up
  return resolves && w.Subscribes(alert);
}

void Router::Publish(event::EventPtr e, const std::vector<std::size_t>* only) {
  ++published_;
  std::vector<std::size_t> targets;
  for (std::size_t i = 0; i < cfg_.webhooks.size(); ++i) {
    if (only && std::find(only->begin(), only->end(), i) == only->end()) continue;
    if (Wants(i, *e)) targets.push_back(i);
  }
  dispatcher_.Enqueue(*e, targets);
}

}  // namespace vigil::deliver
