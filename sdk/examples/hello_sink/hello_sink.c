/* hello_sink: the smallest useful vigil sink plugin. It POSTs {"text": "<the event's message>"} to
 * the webhook's url; vigil does the HTTP, retries and durability. Build: see README.md. */
#include <stdio.h>
#include <string.h>
#include <vigil/plugin.h>

static const vigil_host_api* host; /* vigil's function table, valid for the whole process */

static vigil_str Str(const char* s) {
  vigil_str v = {s, strlen(s)};
  return v;
}

/* Appends s to the request body as a JSON string: quotes, backslashes and controls escaped. */
static void AppendJsonString(vigil_request* req, vigil_str s) {
  size_t start = 0, i;
  char esc[8];
  host->request_append_body(req, Str("\""));
  for (i = 0; i < s.len; ++i) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    vigil_str run = {s.ptr + start, i - start};
    host->request_append_body(req, run);
    snprintf(esc, sizeof esc, c == '"' ? "\\\"" : c == '\\' ? "\\\\" : "\\u%04x", c);
    host->request_append_body(req, Str(esc));
    start = i + 1;
  }
  vigil_str rest = {s.ptr + start, s.len - start};
  host->request_append_body(req, rest);
  host->request_append_body(req, Str("\""));
}

/* No sinkOptions and no per-webhook state. */
static vigil_status Create(const vigil_webhook* webhook, void** state, vigil_error* err) {
  (void)webhook, (void)err;
  *state = NULL;
  return VIGIL_OK;
}

/* One attempt's request: method POST and the webhook's url are the defaults. */
static vigil_status Render(void* state, const vigil_webhook* webhook, const vigil_event* ev,
                           vigil_request* req, vigil_error* err) {
  (void)state, (void)webhook, (void)err;
  host->request_add_header(req, Str("Content-Type"), Str("application/json"));
  host->request_set_body(req, Str("{\"text\":"));
  AppendJsonString(req, ev->message);
  host->request_append_body(req, Str("}"));
  return VIGIL_OK;
}

/* Members not named are 0/NULL: no flags, no rate limit, no default url, no destroy, and
 * vigil's default classification of responses. */
static const vigil_sink_vtable kSink = {.struct_size = sizeof(vigil_sink_vtable),
                                        .name = "hello",
                                        .version = "1.0.0",
                                        .create = Create,
                                        .render = Render};
static const vigil_sink_vtable* const kSinks[] = {&kSink};
static const vigil_plugin kPlugin = {VIGIL_PLUGIN_HEADER, "hello", "1.0.0", 1, kSinks, 0, NULL};

VIGIL_EXPORT const vigil_plugin* vigil_plugin_init(const vigil_host_api* h) {
  host = h;
  return &kPlugin;
}
