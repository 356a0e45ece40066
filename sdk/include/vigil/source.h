/* vigil source plugins: code that watches something (e.g. Sentinel) and emits events into the
 * same pipeline as vigil's own detectors, using the host's loop: timers and RESP connections.
 * Sources never block and never create threads or sockets of their own. See docs/plugins.md. */
#ifndef VIGIL_SOURCE_H
#define VIGIL_SOURCE_H

#include "vigil/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An event a source emits. BORROWED by the host during emit (it copies). */
typedef struct vigil_emit {
  size_t struct_size;
  vigil_str type;          /* a catalog name (docs/events.md), e.g. "instance.down" */
  int32_t resolved;        /* 0 firing, 1 resolved */
  vigil_str instance_name; /* empty: no instance */
  vigil_str instance_host;
  int32_t instance_port;
  vigil_str message;
  vigil_str data_json; /* a JSON object; "{}" when empty */
  vigil_str alert_key; /* same for the firing and resolving event of one episode; may be empty */
} vigil_emit;

/* RESP values handed to a source's reply and push callbacks. BORROWED (valid during the
 * callback). Aggregates (array, map: key,value,key,value..., set, push) have `count` elements. */
typedef enum vigil_resp_type {
  VIGIL_RESP_STRING = 0, /* simple, bulk, verbatim, big number */
  VIGIL_RESP_ERROR = 1,
  VIGIL_RESP_INTEGER = 2,
  VIGIL_RESP_NULL = 3,
  VIGIL_RESP_ARRAY = 4,
  VIGIL_RESP_MAP = 5,
  VIGIL_RESP_SET = 6,
  VIGIL_RESP_PUSH = 7,
  VIGIL_RESP_DOUBLE = 8,
  VIGIL_RESP_BOOLEAN = 9
} vigil_resp_type;

typedef struct vigil_resp_value {
  vigil_resp_type type;
  vigil_str str;   /* STRING, ERROR */
  int64_t integer; /* INTEGER, BOOLEAN (0/1) */
  double dbl;      /* DOUBLE */
  size_t count;    /* aggregates: number of elements in `elements` */
  const struct vigil_resp_value* elements;
} vigil_resp_value;

/* A RESP connection owned by the host (handle valid until resp_close or the source's destroy). */
typedef struct vigil_resp_conn vigil_resp_conn;

typedef struct vigil_resp_options {
  size_t struct_size;
  vigil_str host;
  int32_t port;
  vigil_str username;  /* empty: none */
  vigil_str password;  /* empty: none */
  uint32_t timeout_ms; /* per request; 0 = host default */
} vigil_resp_options;

/* Connection events: ready (handshake done), closed (reason text), push (pub/sub message or other
 * out-of-band RESP3 push / RESP2 message while subscribed). Called on the loop thread. */
typedef struct vigil_resp_callbacks {
  void (*on_ready)(void* arg, vigil_resp_conn* conn);
  void (*on_closed)(void* arg, vigil_resp_conn* conn, vigil_str reason);
  void (*on_push)(void* arg, vigil_resp_conn* conn, const vigil_resp_value* msg);
} vigil_resp_callbacks;

/* reply == NULL when the connection failed before the answer. */
typedef void (*vigil_reply_cb)(void* arg, const vigil_resp_value* reply);
typedef void (*vigil_timer_cb)(void* arg);

typedef struct vigil_source_vtable {
  size_t struct_size; /* sizeof(vigil_source_vtable) as the plugin was built */
  const char* name;   /* what the config's sources[].plugin names; [a-z0-9_-]+ */
  const char* version;
  /* Validates options (the source's "options" object) and starts: sets *state. The host table
   * given to the plugin's entry point is how it reaches timers, connections and emit; `ctx` is
   * this source instance's handle for those calls. */
  vigil_status (*create)(void* ctx, vigil_str name, vigil_str options_json, void** state,
                         vigil_error* err);
  /* Stops: the host closes the source's remaining connections and timers after this returns. */
  void (*destroy)(void* state);
} vigil_source_vtable;

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_SOURCE_H */
