/* A well-formed plugin with one sink ("good_sink"): the loader accepts it. */
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
    sizeof(vigil_sink_vtable), "good_sink", "2.3.4", 0, 0, 0, 0, Create, 0, Render, 0};
static const vigil_sink_vtable* const kSinks[] = {&kSink};
static const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "good", "1.2.3", 1, kSinks, 0, 0};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  (void)host;
  return &kPlugin;
}
