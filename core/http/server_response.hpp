// Serialization of the HTTP server's responses: status line, Content-Length always, optional
// Date, Connection, the handler's headers (framing headers are the server's), body.
#pragma once

#include <string>
#include <string_view>

#include "core/http/headers.hpp"

namespace vigil::http {

struct ResponseFraming {
  bool head_request = false;  // HEAD: Content-Length of the body, but no body bytes
  bool keep_alive = true;     // false writes "Connection: close"
  int http_minor = 1;         // 0 (HTTP/1.0) with keep_alive writes "Connection: keep-alive"
};

// Appends the whole response to *out. Headers named Content-Length, Transfer-Encoding or
// Connection, and any name or value with CR, LF or NUL, are dropped (the server owns the
// framing; nothing can inject lines). An empty content_type writes no Content-Type. 204 and
// 304 carry neither body nor Content-Length. A status outside 200-999 is sent as 500.
void SerializeResponse(int status, const Headers& headers, std::string_view content_type,
                       std::string_view body, const ResponseFraming& framing, std::string* out);

// "OK", "Not Found", ...; "Unknown" for a code without a phrase in our table.
std::string_view ReasonPhrase(int status);

// The API's error body: {"error":"<message>","field":null}.
std::string JsonErrorBody(std::string_view message);

// True when the headers hold "Connection: close" (the handler asks to close after answering).
bool AsksToClose(const Headers& headers);

}  // namespace vigil::http
