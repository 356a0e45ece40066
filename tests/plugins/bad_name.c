/* A plugin name outside [a-z0-9_-]+: refused. */
#include "vigil/plugin.h"

static const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "Bad Name", "1.0.0", 0, 0, 0, 0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
