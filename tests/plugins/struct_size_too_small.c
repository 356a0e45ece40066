/* Claims a descriptor smaller than ABI 1's: built against an older, smaller vigil_plugin. */
#include "vigil/plugin.h"

static const vigil_plugin kPlugin = {VIGIL_ABI_VERSION,
                                     sizeof(vigil_plugin) - 8,
                                     sizeof(vigil_sink_vtable),
                                     sizeof(vigil_source_vtable),
                                     "small",
                                     "1.0.0",
                                     0,
                                     0,
                                     0,
                                     0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
