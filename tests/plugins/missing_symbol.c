/* Exports nothing named vigil_plugin_init (a typo): not a vigil plugin. */
#include "vigil/plugin.h"

VIGIL_EXPORT const vigil_plugin* vigil_plugin_initialize(const vigil_host_api* host) {
  (void)host;
  return 0;
}
