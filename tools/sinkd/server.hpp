// Server: the HTTP/1.1 side of sinkd (libuv + llhttp): keep-alive, pipelined requests answered
// in order, deliveries checked and recorded, faults served, and the /_stats, /_arrivals,
// /_reset and /_fault control endpoints.
#pragma once

#include <uv.h>

#include <string>

#include "tools/sinkd/faults.hpp"
#include "tools/sinkd/recorder.hpp"

namespace sinkd {

struct Conn;
struct Response;

class Server {
 public:
  Server(uv_loop_t* loop, std::string secret, Recorder& recorder, Faults& faults);
  // Listens on host:port (0: any free port); returns the port or -1.
  int Listen(const std::string& host, int port);

  // Used by the callbacks.
  void OnRequest(Conn* c);
  void Flush(Conn* c);
  void CloseConn(Conn* c, bool reset);

 private:
  void Respond(Conn* c, int status, std::string_view body, std::string_view content_type);
  uv_loop_t* loop_;
  std::string secret_;
  Recorder& recorder_;
  Faults& faults_;
  uv_tcp_t server_;
};

}  // namespace sinkd
