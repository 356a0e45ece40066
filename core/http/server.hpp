// HttpServer: an HTTP/1.1 server on one libuv loop for vigil's REST API and /metrics.
// Keep-alive, pipelining (answers in request order whatever order handlers answer in),
// HTTP/1.0, Expect: 100-continue, chunked request bodies, and bounded everything (see
// ServerOptions). Handlers answer through a Responder, at once or later.
//
// Threading and lifetime:
// - Loop thread only: construct, Listen, Close, destroy, and every Responder call happen on
//   the thread running `loop`. The handler always runs on it.
// - `loop` and `timers` must outlive the server. Every timeout runs on `timers`.
// - The ServerRequest passed to the handler lives for the call only: an asynchronous handler
//   copies what it needs and keeps the (movable) Responder.
// - A Responder may outlive its connection and the server: answering then does nothing.
//   A Responder destroyed unanswered answers 500, so no request hangs.
// - Close() closes the listener and every connection at once (responses not yet written are
//   dropped) and calls no handler after. Idempotent; the destructor calls it. Handles are
//   freed by their close callbacks: run the loop once more before uv_loop_close. A handler may
//   call Close() but must not destroy the server; SetHandler is for before Listen.
#pragma once

#include <uv.h>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

#include "core/http/server_options.hpp"
#include "core/http/server_request.hpp"
#include "core/http/server_responder.hpp"
#include "core/reactor/timer_queue.hpp"
#include "core/util/result.hpp"

namespace vigil::http {

class ServerConnection;

struct ServerStats {
  std::size_t open_connections = 0;
  std::uint64_t accepted_connections = 0;
  std::uint64_t rejected_connections = 0;  // closed at once: over max_connections
  std::uint64_t requests = 0;              // complete requests handed to the handler
  std::uint64_t responses[6] = {};         // answers queued, by status class: [2] = 2xx ...
  std::uint64_t timeouts = 0;              // 408 answered (header or body timeout)
  std::uint64_t rejected_requests = 0;     // 400/413/414/431 answered by the server itself
  std::uint64_t output_overflows = 0;      // closed: pending output over max_output_bytes
};

class HttpServer {
 public:
  using Handler = std::function<void(const ServerRequest&, Responder)>;

  HttpServer(uv_loop_t* loop, reactor::TimerQueue& timers, ServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The handler of every request. Default: 404 {"error":"not found","field":null}.
  void SetHandler(Handler handler) { handler_ = std::move(handler); }
  // Binds host (an IPv4 or IPv6 literal) and port (0: an ephemeral port, see port()) and
  // starts accepting. Once per server.
  Status Listen(const std::string& host, std::uint16_t port);
  // The bound port after a successful Listen, else 0.
  std::uint16_t port() const { return port_; }
  // See the lifetime rules above.
  void Close();

  const ServerStats& stats() const { return stats_; }
  const ServerOptions& options() const { return options_; }

 private:
  friend class ServerConnection;
  static void OnConnection(uv_stream_t* listener, int status);
  void Accept();
  void Forget(ServerConnection* c);  // a connection is closing
  void CountResponse(int status);

  uv_loop_t* loop_;
  reactor::TimerQueue& timers_;
  ServerOptions options_;
  Handler handler_;
  uv_tcp_t* listener_ = nullptr;  // heap: freed by its close callback
  std::uint16_t port_ = 0;
  std::unordered_set<ServerConnection*> conns_;
  ServerStats stats_;
  bool closed_ = false;
};

}  // namespace vigil::http
