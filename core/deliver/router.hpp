// The router: receives every event and fans it out to the webhooks that want it (subscribed to
// its type, enabled, watching its instance, and in the threshold rule's set when one is given).
#pragma once

#include <array>
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

 private:
  const config::Config& cfg_;
  Dispatcher& dispatcher_;
  // Per event type, the webhooks subscribed to it (indices into cfg.webhooks).
  std::array<std::vector<std::size_t>, event::kCatalog.size()> subscribers_;
  std::uint64_t published_ = 0;
};

}  // namespace vigil::deliver
