// The router: receives every event and fans it out to the webhooks that want it: enabled,
// watching its instance, in the threshold rule's set when one is given, and subscribed to it.
// Resolved events (an alert cleared, instance.up) go to webhooks that resolve: per their
// sendResolved, or by default when their sink has a resolved form (slack, discord, pagerduty).
#pragma once

#include <vector>

#include "core/config/config.hpp"
#include "core/deliver/dispatcher.hpp"
#include "core/event/sink.hpp"

namespace vigil::deliver {

class Router : public event::EventSink {
 public:
  Router(const config::Config& cfg, Dispatcher& dispatcher);
  void Publish(event::EventPtr e, const std::vector<std::size_t>* only) override;
  std::uint64_t published() const { return published_; }

  // Whether webhook i gets event e (ignoring `only`).
  bool Wants(std::size_t i, const event::Event& e) const;

 private:
  const config::Config& cfg_;
  Dispatcher& dispatcher_;
  std::uint64_t published_ = 0;
};

}  // namespace vigil::deliver
