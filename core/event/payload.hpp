// Renders an event as the JSON body every webhook receives (the envelope of docs/events.md).
#pragma once

#include <string>

#include "core/event/event.hpp"

namespace vigil::event {

// {"id","event","timestamp","status","instance":{"name","host","port"},"data":{...}}
std::string RenderPayload(const Event& e);
void AppendPayload(std::string& out, const Event& e);

}  // namespace vigil::event
