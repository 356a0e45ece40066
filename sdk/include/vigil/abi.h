/* vigil plugin ABI: the shared types of sources and sinks. Plain C, no dependency beyond the C
 * standard library. See docs/plugins.md.
 *
 * Versioning: VIGIL_ABI_VERSION changes only when an existing struct or function changes
 * meaning; the host refuses a plugin built for another version. Structs and function tables only
 * grow at the end; each starts with `struct_size` so both sides can tell which fields exist.
 *
 * Naming: vigil_* types; `on_*`/hook members of vtables are implemented by the plugin; members of
 * vigil_host_api are implemented by the host.
 *
 * OWNERSHIP, everywhere unless a comment says otherwise:
 *  - Memory passed by the host to a plugin call (vigil_str, structs, arrays) is BORROWED: valid
 *    only during that call. Copy what you keep.
 *  - Memory passed by the plugin to a host function is COPIED by the host before it returns: the
 *    plugin may free or reuse it right after.
 *  - A plugin's state (void* from create) is allocated and freed by the plugin (create/destroy).
 */
#ifndef VIGIL_ABI_H
#define VIGIL_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VIGIL_ABI_VERSION 1u

#if defined(__GNUC__)
#define VIGIL_EXPORT __attribute__((visibility("default")))
#else
#define VIGIL_EXPORT
#endif

/* A byte string that is not NUL-terminated: {ptr, len}. BORROWED. */
typedef struct vigil_str {
  const char* ptr;
  size_t len;
} vigil_str;

typedef struct vigil_header {
  vigil_str name;
  vigil_str value;
} vigil_header;

/* Return codes of plugin hooks and host functions. */
typedef enum vigil_status {
  VIGIL_OK = 0,
  VIGIL_ERR_INVALID = 1, /* bad options or input: the message says which */
  VIGIL_ERR_INTERNAL = 2
} vigil_status;

typedef enum vigil_log_level {
  VIGIL_LOG_DEBUG = 0,
  VIGIL_LOG_INFO = 1,
  VIGIL_LOG_WARN = 2,
  VIGIL_LOG_ERROR = 3
} vigil_log_level;

/* Where a hook reports why it failed: pass it to host->set_error. Opaque, host-owned. */
typedef struct vigil_error vigil_error;

#ifdef __cplusplus
}
#endif

#endif /* VIGIL_ABI_H */
