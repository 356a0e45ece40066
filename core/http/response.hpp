// What HttpClient::Send hands back: the transport outcome and, when one arrived, the response.
#pragma once

#include <cstdint>
#include <string>

#include "core/http/error.hpp"
#include "core/http/headers.hpp"
#include "core/util/inline_function.hpp"
#include "core/util/result.hpp"

namespace vigil::http {

struct Response {
  // Transport outcome: ok when a complete HTTP response arrived (any status code, 5xx too).
  Status status;
  ErrorKind error = ErrorKind::kNone;  // kNone exactly when status.ok()
  int code = 0;                        // HTTP status code; 0 without a response
  Headers headers;
  std::string body;                // at most ClientOptions::max_body_bytes
  bool truncated = false;          // the body was longer than the limit; the rest was dropped
  std::uint64_t duration_ms = 0;   // from Send to completion, including queueing and retries
  bool reused_connection = false;  // served on a kept-alive connection

  bool ok() const { return status.ok(); }
  const std::string* header(std::string_view name) const { return FindHeader(headers, name); }
};

// What HttpClient::Send calls with the Response: a move-only callable, kept inline (no
// allocation) when its captures fit in 64 bytes. A callback that takes the response by const
// reference (or by && without moving from it) leaves its header list and body to the client,
// which reuses them for later responses; one that takes it by value keeps them.
using ResponseCallback = InlineFunction<void(Response&&), 64>;

}  // namespace vigil::http
