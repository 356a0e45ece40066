// The host side of source plugins: emit into the event pipeline, timers on the loop's
// TimerQueue and RESP connections, reached through the vigil_host_api table.
#pragma once

#include "vigil/plugin.h"

namespace vigil::plugin {

// Fills the source members of the host table (emit, timers, RESP).
void FillSourceFunctions(vigil_host_api* api);

}  // namespace vigil::plugin
