// Limits and timeouts of the HTTP/1.1 server (one struct per server, read at construction).
#pragma once

#include <cstddef>
#include <cstdint>

namespace vigil::http {

struct ServerOptions {
  // Bytes of request line (target) plus header names and values; more is answered 431
  // (414 when the target alone is over it) and the connection closed. Default: 16 KiB.
  std::size_t max_header_bytes = 16 * 1024;
  // Header lines per request; more is answered 431. Default: 100.
  std::size_t max_headers = 100;
  // Request body bytes (after de-chunking); more is answered 413 with a JSON error and the
  // connection closed. A Content-Length over it is refused before any body byte is read.
  // Default: 1 MiB.
  std::size_t max_body_bytes = 1024 * 1024;
  // Requests of one connection parsed but not yet answered (pipelining); once reached the
  // server stops reading that connection until the oldest answer is written. Default: 16.
  std::size_t max_pipelined = 16;
  // Connections open at once; a connection over it is accepted and closed at once (so the
  // client sees a reset rather than a hang in the accept backlog). Default: 1024.
  std::size_t max_connections = 1024;
  // Time from accept (or from the first byte of a request) until its headers are complete;
  // over it the server answers 408 and closes (slow-loris). Default: 10000.
  std::uint64_t header_timeout_ms = 10000;
  // Time from the end of the headers until the end of the body; over it 408 and close.
  // Default: 30000.
  std::uint64_t body_timeout_ms = 30000;
  // A kept-alive connection with no request in progress is closed after this long.
  // Default: 60000.
  std::uint64_t idle_timeout_ms = 60000;
  // Response bytes of one connection handed to the server but not yet taken by the kernel
  // (a client that does not read its responses); over it the connection is closed. Must be
  // above the largest single response (the metrics page). Default: 64 MiB.
  std::size_t max_output_bytes = 64 * 1024 * 1024;
  // After a final response that closes the connection, input is read and dropped for at most
  // this long before the socket is closed, so the client reads the response instead of a
  // reset (lingering close). Default: 2000.
  std::uint64_t linger_ms = 2000;
  // listen(2) backlog. Default: 511.
  int backlog = 511;
};

}  // namespace vigil::http
