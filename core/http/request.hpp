// An outgoing HTTP/1.1 request and its serialization to the bytes written on the wire.
#pragma once

#include <string>

#include "core/http/headers.hpp"
#include "core/http/url.hpp"
#include "core/util/result.hpp"

namespace vigil::http {

struct Request {
  std::string method = "POST";
  Url url;
  // Extra headers, written in order. Host may be overridden here; Content-Length,
  // Transfer-Encoding and Connection are owned by the client and rejected.
  Headers headers;
  std::string body;
};

// Checks the method is a token and header names/values cannot inject lines (no CR, LF, NUL).
Status Validate(const Request& req);

// Appends "METHOD target HTTP/1.1", Host, the caller's headers, Content-Length (always, so
// the receiver never waits for EOF), "Connection: keep-alive", a blank line and the body to
// *out. Validates first; on error *out is unchanged.
Status SerializeTo(const Request& req, std::string* out);
Result<std::string> Serialize(const Request& req);

}  // namespace vigil::http
