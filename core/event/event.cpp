// Event construction: fresh UUID and wall-clock timestamp.
#include "core/event/event.hpp"

#include "core/util/clock.hpp"
#include "core/util/ids.hpp"

namespace vigil::event {

Event MakeEvent(Type type, InstanceRef instance, std::string data_json, std::string message) {
  Event e;
  e.id = NewUuid();
  e.type = type;
  e.timestamp_ms = NowUnixMs();
  e.instance = std::move(instance);
  e.data_json = std::move(data_json);
  e.message = std::move(message);
  return e;
}

}  // namespace vigil::event
