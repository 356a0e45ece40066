/* vigil_plugin_init returns NULL: the loader must refuse, not crash. */
#include "vigil/plugin.h"

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return 0;
}
