/* vigil plugin entry point and the host's function table. A plugin is a shared object exporting
 * one symbol, vigil_plugin_init, that returns a descriptor carrying the ABI version and the size
 * of each struct, so the host can refuse a plugin it cannot run instead of crashing.
 * See docs/plugins.md and sdk/examples/. */
#ifndef VIGIL_PLUGIN_H
#define VIGIL_PLUGIN_H

#include "vigil/abi.h"
#include "vigil/sink.h"
#include "vigil/source.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Functions the host provides. The table only grows: check struct_size before calling a member
 * added after VIGIL_ABI_VERSION 1's. All functions are called on the loop thread only. */
typedef struct vigil_host_api {
  size_t struct_size;
  uint32_t abi_version;
  const char* host_version; /* e.g. "0.1.0" */

  void (*log)(vigil_log_level level, vigil_str message);
  /* Records why a hook failed (copied). */
  void (*set_error)(vigil_error* err, vigil_str message);

  /* Building a sink's request (all copy). */
  void (*request_set_method)(vigil_request* req, vigil_str method);
  void (*request_set_url)(vigil_request* req, vigil_str url);
  void (*request_add_header)(vigil_request* req, vigil_str name, vigil_str value);
  void (*request_set_body)(vigil_request* req, vigil_str body);
  /* Appends to the body (for building it in pieces without a buffer of your own). */
  void (*request_append_body)(vigil_request* req, vigil_str chunk);

  /* For sources; `ctx` is the handle given to the source's create. */
  vigil_status (*emit)(void* ctx, const vigil_emit* ev, vigil_error* err);
  uint64_t (*timer_start)(void* ctx, uint64_t delay_ms, vigil_timer_cb cb, void* arg);
  void (*timer_cancel)(void* ctx, uint64_t timer_id);
  /* Opens a RESP connection (connect and handshake start at once); callbacks run on the loop.
   * After on_closed the handle is dead: the host does not reconnect; open a new one, after a
   * timer for backoff. Returns NULL on invalid options. */
  vigil_resp_conn* (*resp_open)(void* ctx, const vigil_resp_options* opts,
                                vigil_resp_callbacks callbacks, void* arg);
  /* Sends one command (argv copied). cb may be NULL. Returns VIGIL_ERR_INVALID when the
   * connection is not ready. After SUBSCRIBE, messages arrive through on_push. */
  vigil_status (*resp_command)(vigil_resp_conn* conn, const vigil_str* argv, size_t argc,
                               vigil_reply_cb cb, void* arg);
  void (*resp_close)(vigil_resp_conn* conn);
} vigil_host_api;

/* What vigil_plugin_init returns. Static storage in the plugin; never freed. */
typedef struct vigil_plugin {
  uint32_t abi_version;        /* VIGIL_ABI_VERSION the plugin was built with */
  uint32_t struct_size;        /* sizeof(vigil_plugin) */
  uint32_t sink_vtable_size;   /* sizeof(vigil_sink_vtable) */
  uint32_t source_vtable_size; /* sizeof(vigil_source_vtable) */
  const char* name;            /* plugin name, e.g. "slack" */
  const char* version;         /* plugin version, e.g. "1.0.0" */
  size_t sink_count;
  const vigil_sink_vtable* const* sinks;
  size_t source_count;
  const vigil_source_vtable* const* sources;
} vigil_plugin;

/* The one exported symbol. `host` stays valid for the life of the process. */
#define VIGIL_PLUGIN_INIT_SYMBOL "vigil_plugin_init"
typedef const vigil_plugin* (*vigil_plugin_init_fn)(const vigil_host_api* host);

/* Fills the size/version fields of a descriptor: use in your static vigil_plugin. */
#define VIGIL_PLUGIN_HEADER                                                               \
  VIGIL_ABI_VERSION, (uint32_t)sizeof(vigil_plugin), (uint32_t)sizeof(vigil_sink_vtable), \
      (uint32_t)sizeof(vigil_source_vtable)

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_PLUGIN_H */
