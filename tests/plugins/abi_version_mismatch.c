/* Built for a future ABI (99): the loader must refuse it naming both ABIs. */
#include "vigil/plugin.h"

static const vigil_plugin kPlugin = {99u,
                                     sizeof(vigil_plugin),
                                     sizeof(vigil_sink_vtable),
                                     sizeof(vigil_source_vtable),
                                     "future",
                                     "9.9.9",
                                     0,
                                     0,
                                     0,
                                     0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
