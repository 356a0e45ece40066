/* Plugin dup_b provides a sink named "dup", as dup_sink_a.c does: the second one loaded is refused.
 */
#include "vigil/plugin.h"

static vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  (void)w, (void)err;
  *state = 0;
  return VIGIL_OK;
}
static vigil_status Render(void* s, const vigil_webhook* w, const vigil_event* e, vigil_request* r,
                           vigil_error* err) {
  (void)s, (void)w, (void)e, (void)r, (void)err;
  return VIGIL_OK;
}
static const vigil_sink_vtable kSink = {
    sizeof(vigil_sink_vtable), "dup", "1.0.0", 0, 0, 0, 0, Create, 0, Render, 0};
static const vigil_sink_vtable* const kSinks[] = {&kSink};
static const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "dup_b", "1.0.0", 1, kSinks, 0, 0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
