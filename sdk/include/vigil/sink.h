/* vigil sink plugins: pure functions that turn an event into an HTTP request (render) and an HTTP
 * outcome into a verdict (classify). The host keeps all I/O, signing, retries, rate limiting and
 * durability, so a sink never blocks and never sees a socket. See docs/plugins.md. */
#ifndef VIGIL_SINK_H
#define VIGIL_SINK_H

#include "vigil/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether an event opens or closes an alert. Notices (e.g. client.blocked) are FIRING. */
typedef enum vigil_event_status { VIGIL_FIRING = 0, VIGIL_RESOLVED = 1 } vigil_event_status;

/* The event to render. BORROWED for the duration of render. */
typedef struct vigil_event {
  size_t struct_size;
  vigil_str id;   /* event UUID */
  vigil_str type; /* "instance.down", "memory.critical", ... (docs/events.md) */
  vigil_event_status status;
  vigil_str severity; /* "info" | "warning" | "critical" */
  int64_t timestamp_ms;
  vigil_str instance_name;
  vigil_str instance_host;
  int32_t instance_port;
  vigil_str message;      /* one human line, e.g. "Memory usage critical: 92.5% (threshold: 90%)" */
  vigil_str data_json;    /* the event's `data` object (JSON) */
  vigil_str payload_json; /* vigil's generic JSON payload (envelope with data and status) */
  /* Stable for one alert episode of one instance: the same for the firing event and the event
   * that resolves it (e.g. PagerDuty dedup_key). */
  vigil_str alert_key;
  vigil_str delivery_id; /* the same on every attempt of this delivery */
  vigil_str public_url;  /* vigil's UI base URL from the config; empty when unset */
} vigil_event;

/* The webhook the event goes to. BORROWED. */
typedef struct vigil_webhook {
  size_t struct_size;
  vigil_str id;
  vigil_str name;
  vigil_str url;          /* may be empty when the sink has a default URL */
  vigil_str options_json; /* the webhook's "sinkOptions" object, "{}" when absent */
} vigil_webhook;

/* The request being built: host-owned, filled through vigil_host_api request_* functions. */
typedef struct vigil_request vigil_request;

/* What came back from one attempt. BORROWED. */
typedef struct vigil_response {
  size_t struct_size;
  int32_t status_code; /* 0 when no response arrived (transport error) */
  vigil_str error;     /* transport error text, empty when a response arrived */
  const vigil_header* headers;
  size_t header_count;
  vigil_str body; /* possibly truncated */
} vigil_response;

typedef enum vigil_verdict_kind {
  VIGIL_SUCCESS = 0, /* delivered */
  VIGIL_RETRY = 1,   /* try again later: after retry_after_ms when >= 0, else the retry policy */
  VIGIL_FAIL = 2,    /* give up on this delivery */
  VIGIL_DISABLE = 3  /* give up and disable the webhook (the endpoint is gone) */
} vigil_verdict_kind;

typedef struct vigil_verdict {
  vigil_verdict_kind kind;
  int64_t retry_after_ms; /* -1: use the webhook's retry policy */
} vigil_verdict;

/* Sink flags. */
/* The host adds vigil's signature and X-Webhook-* headers. */
#define VIGIL_SINK_SIGNED 0x1u
/* Send resolved events too (the sink renders a "resolved" form). */
#define VIGIL_SINK_RESOLVES 0x2u

typedef struct vigil_sink_vtable {
  size_t struct_size; /* sizeof(vigil_sink_vtable) as the plugin was built */
  const char* name;   /* what webhooks put in "sink", e.g. "slack"; [a-z0-9_-]+ */
  const char* version;
  uint32_t flags; /* VIGIL_SINK_* */
  /* Requests per second the endpoint accepts per webhook (token bucket in the host), and the
   * burst. 0 = no limit. A webhook's "rateLimit" overrides them. */
  double rate_per_second;
  uint32_t rate_burst;
  /* Used when the webhook's url is empty (e.g. PagerDuty's enqueue endpoint). May be NULL. */
  const char* default_url;

  /* Validates the webhook's sinkOptions and makes the per-webhook state (may set *state to
   * NULL). Called at start-up and whenever the webhook changes. VIGIL_ERR_INVALID + set_error
   * with a message naming the option refuses the webhook. */
  vigil_status (*create)(const vigil_webhook* webhook, void** state, vigil_error* err);
  /* Frees what create made. May be NULL when create never allocates. */
  void (*destroy)(void* state);
  /* Fills `req` (method defaults to POST, url to the webhook's url, no headers, empty body) for
   * one attempt of `ev`. Pure: no I/O, no blocking, no global state. */
  vigil_status (*render)(void* state, const vigil_webhook* webhook, const vigil_event* ev,
                         vigil_request* req, vigil_error* err);
  /* Decides what an attempt's outcome means. May be NULL: then 2xx success; 408, 429 and 5xx and
   * transport errors retry (Retry-After honoured); 410 disables; other statuses fail. */
  void (*classify)(void* state, const vigil_response* resp, vigil_verdict* out);
} vigil_sink_vtable;

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_SINK_H */
