// Transport error kinds of the HTTP client, and how a caller should treat them for retries.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/util/result.hpp"

namespace vigil::http {

enum class ErrorKind : std::uint8_t {
  kNone,             // a response was received (whatever its HTTP status)
  kInvalidRequest,   // bad URL, method or header: never sent
  kDns,              // the host name did not resolve
  kRefused,          // connection refused (nothing listens), or host/network unreachable
  kConnectTimeout,   // no TCP connection (and TLS handshake) within connect_timeout_ms
  kResponseTimeout,  // connected, but no complete response within timeout_ms
  kReset,            // connection reset by the peer
  kPeerClosed,       // the peer closed the connection before the response was complete
  kTls,              // handshake or certificate verification failed
  kProtocol,         // the peer's bytes are not valid HTTP/1.1
  kTooLarge,         // response headers over the configured limits
  kClientClosed,     // HttpClient::Close() cancelled the request
  kOverloaded,       // too many requests already queued for this origin: not sent
  kIo,               // any other socket error
};

std::string_view ErrorKindName(ErrorKind kind);

// Whether a later attempt of the same request may succeed: true for transient network
// conditions (dns, refused, timeouts, reset, closed, io, overloaded), false for errors a retry
// cannot fix (invalid request, tls, protocol, too large) and for kClientClosed.
bool IsRetryable(ErrorKind kind);

// HTTP statuses worth retrying: 408, 425, 429 and 5xx except 501 and 505.
bool IsRetryableHttpStatus(int code);

// The Status for an error kind: "<kind>: <detail>" with a matching Status::Code.
Status MakeStatus(ErrorKind kind, std::string_view detail);

}  // namespace vigil::http
