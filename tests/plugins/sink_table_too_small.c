/* Declares a sink table smaller than ABI 1's vigil_sink_vtable: refused before any sink is read. */
#include "vigil/plugin.h"

static const vigil_sink_vtable* const kSinks[] = {0};
static const vigil_plugin kPlugin = {VIGIL_ABI_VERSION,
                                     sizeof(vigil_plugin),
                                     sizeof(vigil_sink_vtable) - 16,
                                     sizeof(vigil_source_vtable),
                                     "short_sinks",
                                     "1.0.0",
                                     1,
                                     kSinks,
                                     0,
                                     0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
