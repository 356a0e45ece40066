// What HttpClient::Send hands back: the transport outcome and, when one arrived, the response.
#pragma once

#include <cstdint>
#include <string>

#include "core/http/error.hpp"
#include "core/http/headers.hpp"
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

}  // namespace vigil::http
