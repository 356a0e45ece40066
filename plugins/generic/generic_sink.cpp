// The generic sink: vigil's own JSON payload POSTed as is; the host signs it (VIGIL_SINK_SIGNED)
// in the webhook's signatureFormat. Default classification (2xx, retry, 410, fail).
#include <cstring>

#include "vigil/plugin.h"

namespace {

const vigil_host_api* g_host = nullptr;

vigil_str Str(const char* s) {
  return vigil_str{s, std::strlen(s)};
}

vigil_status Create(const vigil_webhook* w, void** state, vigil_error* err) {
  *state = nullptr;
  // No options: anything but an empty object is a mistake worth reporting.
  const char* p = w->options_json.ptr;
  std::size_t n = w->options_json.len, i = 0;
  auto skip = [&] {
    while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r')) ++i;
  };
  skip();
  bool empty_object = i < n && p[i] == '{';
  ++i;
  skip();
  empty_object = empty_object && i < n && p[i] == '}';
  if (n && !empty_object) {
    g_host->set_error(err, Str("sinkOptions: the generic sink takes no options"));
    return VIGIL_ERR_INVALID;
  }
  return VIGIL_OK;
}

vigil_status Render(void*, const vigil_webhook*, const vigil_event* ev, vigil_request* req,
                    vigil_error*) {
  g_host->request_add_header(req, Str("Content-Type"), Str("application/json"));
  g_host->request_set_body(req, ev->payload_json);
  return VIGIL_OK;
}

const vigil_sink_vtable kSink = {
    sizeof(vigil_sink_vtable),
    "generic",
    "1.0.0",
    VIGIL_SINK_SIGNED,
    0,
    0,
    nullptr,
    Create,
    nullptr,
    Render,
    nullptr,  // vigil's default classification
};
const vigil_sink_vtable* const kSinks[] = {&kSink};
const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "generic", "1.0.0", 1, kSinks, 0, nullptr};

}  // namespace

extern "C" VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* host) {
  g_host = host;
  return &kPlugin;
}
