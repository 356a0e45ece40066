/* A source that only keeps its ctx and host table: source_host_test.cpp reaches the host's
 * source functions (emit, timers, RESP) through it. Options "fail" make create refuse. */
#include <string.h>

#include "vigil/plugin.h"

static const vigil_host_api* g_host;
static void* g_ctx;
static int g_destroyed;

static vigil_status Create(void* ctx, vigil_str name, vigil_str options, void** state,
                           vigil_error* err) {
  static const char kMsg[] = "options: told to fail";
  (void)name;
  if (options.len == 6 && memcmp(options.ptr, "\"fail\"", 6) == 0) {
    vigil_str m = {kMsg, sizeof kMsg - 1};
    g_host->set_error(err, m);
    return VIGIL_ERR_INVALID;
  }
  g_ctx = ctx;
  *state = &g_ctx;
  return VIGIL_OK;
}

static void Destroy(void* state) {
  (void)state;
  g_ctx = 0;
  ++g_destroyed;
}

static const vigil_source_vtable kSource = {sizeof(vigil_source_vtable), "probe", "0.1.0", Create,
                                            Destroy};
static const vigil_source_vtable* const kSources[] = {&kSource};
static const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "probe", "0.1.0", 0, 0, 1, kSources};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  g_host = host;
  return &kPlugin;
}
VIGIL_EXPORT void* probe_ctx(void) {
  return g_ctx;
}
VIGIL_EXPORT int probe_destroyed(void) {
  return g_destroyed;
}
