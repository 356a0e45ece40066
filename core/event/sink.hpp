// Where detectors hand their events: the router implements it. `only` narrows the recipients to
// a set of webhook indices (a threshold rule's webhooks); nullptr means every subscriber.
#pragma once

#include <cstddef>
#include <vector>

#include "core/event/event.hpp"

namespace vigil::event {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void Publish(EventPtr e, const std::vector<std::size_t>* only) = 0;
};

}  // namespace vigil::event
