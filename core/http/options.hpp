// Options of the HTTP client (per client) and of one request (per Send).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace vigil::http {

// How to verify an https:// server. Part of the pool key: requests with different TLS
// options never share a connection.
struct TlsOptions {
  // PEM file of trusted CA certificates; empty means ClientOptions::default_ca_file.
  // Loaded once per path and cached for the client's lifetime. Default: "".
  std::string ca_file;
  // Accept any certificate and host name (tests, lab receivers only). Default: false.
  bool insecure_skip_verify = false;
};

struct RequestOptions {
  // Limit for DNS + TCP connect + TLS handshake of a new connection. Default: 5000.
  std::uint64_t connect_timeout_ms = 5000;
  // Limit for the whole request, from Send to the last response byte, queueing, connecting
  // and the transparent stale-connection retry included. Default: 30000.
  std::uint64_t timeout_ms = 30000;
  TlsOptions tls;
};

struct ClientOptions {
  // Connections open at once per origin (scheme, host, port, TLS options), busy or idle;
  // more requests wait in a queue. Default: 8.
  std::size_t max_connections_per_origin = 8;
  // Requests waiting for a connection per origin; beyond it Send fails with kOverloaded.
  // Default: 10000.
  std::size_t max_queued_per_origin = 10000;
  // An idle kept-alive connection is closed after this long (receivers usually close
  // theirs after 5-120 s; a shorter value here means fewer stale reuses). Default: 30000.
  std::uint64_t idle_timeout_ms = 30000;
  // Response body bytes kept; the rest is read and dropped (Response::truncated).
  // Default: 64 KiB.
  std::size_t max_body_bytes = 64 * 1024;
  // Bytes of status line and headers accepted; more fails with kTooLarge. Default: 16 KiB.
  std::size_t max_header_bytes = 16 * 1024;
  // Header lines accepted; more fails with kTooLarge. Default: 100.
  std::size_t max_headers = 100;
  // CA bundle used for https:// when TlsOptions::ca_file is empty.
  // Default: "/etc/ssl/certs/ca-certificates.crt" (Debian's system bundle).
  std::string default_ca_file = "/etc/ssl/certs/ca-certificates.crt";
};

}  // namespace vigil::http
